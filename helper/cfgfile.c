// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cfgfile.c - open configuration files the way a setuid program must.
 *
 * Every directory from / down is opened with O_NOFOLLOW relative to its
 * parent and checked through its fd (root-owned, not writable by group or
 * others), then the file itself is opened the same way and checked through
 * its fd: a regular file, owned by root, not writable by group or others,
 * one hard link (a user cannot hard-link a root file of their choosing into
 * a root directory, but a stale link can keep an old version alive), at
 * most LINES_MAX_FILE bytes. Nothing is checked by path first and opened
 * later, so there is no window to swap the file.
 */
#include "cfgfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lines.h"

/* Root-owned and not writable by group or others. */
static bool owner_ok(const struct stat *st)
{
	return st->st_uid == 0 && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

static int check_owner(const struct stat *st, const char *what,
		       const char *path, char *why, size_t whylen)
{
	if (st->st_uid != 0) {
		snprintf(why, whylen, "%s %s is not owned by root", what, path);
		return -EPERM;
	}
	if (st->st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, whylen, "%s %s is writable by group or others",
			 what, path);
		return -EPERM;
	}
	return 0;
}

/* Open the directory containing @path, checking every component. */
static int open_parent(const char *path, const char **base, char *why,
		       size_t whylen)
{
	char comp[256];
	const char *p = path + 1, *slash;
	struct stat st;
	int dfd, nfd, rc;

	dfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		snprintf(why, whylen, "cannot open /: %s", strerror(errno));
		return -errno;
	}
	while ((slash = strchr(p, '/'))) {
		size_t n = (size_t)(slash - p);

		if (fstat(dfd, &st) < 0) {
			rc = -errno;
			close(dfd);
			return rc;
		}
		if (!owner_ok(&st)) {
			snprintf(why, whylen, "a directory on the path of %s "
				 "is not root-owned or is writable by group or "
				 "others", path);
			close(dfd);
			return -EPERM;
		}
		if (n == 0 || n >= sizeof(comp)) {
			close(dfd);
			snprintf(why, whylen, "invalid path %s", path);
			return -EINVAL;
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		nfd = openat(dfd, comp,
			     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		rc = -errno;
		close(dfd);
		if (nfd < 0) {
			snprintf(why, whylen, "cannot open directory of %s: %s",
				 path, rc == -ELOOP || rc == -ENOTDIR ?
				 "a directory on the path is a symbolic link" :
				 strerror(-rc));
			return rc;
		}
		dfd = nfd;
		p = slash + 1;
	}
	if (fstat(dfd, &st) < 0 || !owner_ok(&st)) {
		snprintf(why, whylen, "the directory of %s is not root-owned "
			 "or is writable by group or others", path);
		close(dfd);
		return -EPERM;
	}
	*base = p;
	return dfd;
}

/**
 * cfg_read() - read a configuration file with the checks above
 * @path:	absolute path
 * @text:	result, malloc'd (NUL-terminated for convenience)
 * @len:	its length
 * @id:		device and inode, for include cycle detection
 * @why:	one-line reason on failure
 * @whylen:	size of @why
 *
 * Return: 0, -ENOENT if the file does not exist, other -errno
 */
int cfg_read(const char *path, char **text, size_t *len,
	     struct acl_file_id *id, char *why, size_t whylen)
{
	const char *base = NULL;
	struct stat st;
	size_t got = 0;
	char *buf;
	int dfd, fd, rc;

	if (path[0] != '/') {
		snprintf(why, whylen, "%s: path is not absolute", path);
		return -EINVAL;
	}
	dfd = open_parent(path, &base, why, whylen);
	if (dfd < 0)
		return dfd;
	fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY |
				       O_NONBLOCK);
	rc = -errno;
	close(dfd);
	if (fd < 0) {
		if (rc == -ELOOP)
			snprintf(why, whylen, "%s is a symbolic link", path);
		else
			snprintf(why, whylen, "cannot open %s: %s", path,
				 strerror(-rc));
		return rc;
	}
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		snprintf(why, whylen, "cannot stat %s: %s", path,
			 strerror(-rc));
		goto out;
	}
	rc = -EPERM;
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "%s is not a regular file", path);
		goto out;
	}
	if (check_owner(&st, "file", path, why, whylen))
		goto out;
	if (st.st_nlink != 1) {
		snprintf(why, whylen, "%s has more than one hard link", path);
		goto out;
	}
	rc = -EFBIG;
	if (st.st_size > LINES_MAX_FILE) {
		snprintf(why, whylen, "%s is larger than %d bytes", path,
			 LINES_MAX_FILE);
		goto out;
	}
	rc = -ENOMEM;
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		snprintf(why, whylen, "%s: out of memory", path);
		goto out;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = n < 0 ? -errno : -EIO;
			snprintf(why, whylen, "cannot read %s: %s", path,
				 n < 0 ? strerror(errno) : "file shrank");
			free(buf);
			goto out;
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	*text = buf;
	*len = got;
	id->dev = st.st_dev;
	id->ino = st.st_ino;
	rc = 0;
out:
	close(fd);
	return rc;
}

static int probe_load(void *ctx, const char *path, char **text, size_t *len,
		      struct acl_file_id *id, char *why, size_t whylen)
{
	struct cfg_probe *p = ctx;
	int rc = cfg_read(path, text, len, id, why, whylen);

	if (!p->top_done) {
		p->top_done = true;
		p->top_rc = rc;
		snprintf(p->top_why, sizeof(p->top_why), "%s", why);
	}
	return rc;
}

/**
 * cfg_probe_init() - a loader for the pure parsers that reads every file
 * through cfg_read() and remembers the outcome for the top file
 * @p:	probe
 */
void cfg_probe_init(struct cfg_probe *p)
{
	memset(p, 0, sizeof(*p));
	p->loader.load = probe_load;
	p->loader.ctx = p;
}

/**
 * cfg_load() - load vmnet.conf (or the embedded default) and the ACL
 * @conf_path:	vmnet.conf path
 * @acl_path:	ACL path; a missing ACL means no rules (only root allowed)
 * @conf:	result
 * @acl:	result; release with acl_free() whatever the return value
 * @err:	"file:line: message" on error
 *
 * Return: 0 or -errno
 */
int cfg_load(const char *conf_path, const char *acl_path, struct conf *conf,
	     struct acl *acl, struct vm_err *err)
{
	struct cfg_probe probe;
	struct acl_file_id id;
	char why[400], *text;
	size_t len;
	int rc;

	memset(acl, 0, sizeof(*acl));
	rc = cfg_read(conf_path, &text, &len, &id, why, sizeof(why));
	if (rc == -ENOENT) {
		conf_embedded(conf);
	} else if (rc) {
		return err_set(err, "%s", why);
	} else {
		rc = conf_parse(conf_path, text, len, conf, err);
		free(text);
		if (rc)
			return rc;
	}
	cfg_probe_init(&probe);
	rc = acl_parse(acl_path, &probe.loader, conf, acl, err);
	if (rc && probe.top_rc) {
		acl_free(acl);		/* nothing was read */
		if (probe.top_rc == -ENOENT)
			return 0;	/* no ACL: only root may attach */
		return err_set(err, "%s", probe.top_why);
	}
	return rc;
}
