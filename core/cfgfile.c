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
#include "syserr.h"

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
		rc = neg_errno();	/* before snprintf() changes errno */
		snprintf(why, whylen, "cannot open /: %s", strerror(-rc));
		return rc;
	}
	while ((slash = strchr(p, '/'))) {
		size_t n = (size_t)(slash - p);

		if (fstat(dfd, &st) < 0) {
			rc = neg_errno();
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
		rc = neg_errno();
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

/* The open file is a regular, root-owned (see check_owner()), singly
 * linked file of at most LINES_MAX_FILE bytes. */
static int check_file(int fd, const char *path, struct stat *st, char *why,
		      size_t whylen)
{
	int rc;

	if (fstat(fd, st) < 0) {
		rc = neg_errno();
		snprintf(why, whylen, "cannot stat %s: %s", path,
			 strerror(-rc));
		return rc;
	}
	if (!S_ISREG(st->st_mode)) {
		snprintf(why, whylen, "%s is not a regular file", path);
		return -EPERM;
	}
	if (check_owner(st, "file", path, why, whylen))
		return -EPERM;
	if (st->st_nlink != 1) {
		snprintf(why, whylen, "%s has more than one hard link", path);
		return -EPERM;
	}
	if (st->st_size > LINES_MAX_FILE) {
		snprintf(why, whylen, "%s is larger than %d bytes", path,
			 LINES_MAX_FILE);
		return -EFBIG;
	}
	return 0;
}

/* All @size bytes of @fd into a malloc'd, NUL-terminated @out. */
static int read_all(int fd, const char *path, size_t size, char **out,
		    char *why, size_t whylen)
{
	char *buf = malloc(size + 1);
	size_t got = 0;

	if (!buf) {
		snprintf(why, whylen, "%s: out of memory", path);
		return -ENOMEM;
	}
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		int rc = n < 0 ? -errno : -EIO;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(why, whylen, "cannot read %s: %s", path,
				 n < 0 ? strerror(-rc) : "file shrank");
			free(buf);
			return rc;
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	*out = buf;
	return 0;
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
	int dfd, fd, rc;

	if (path[0] != '/') {
		snprintf(why, whylen, "%s: path is not absolute", path);
		return -EINVAL;
	}
	dfd = open_parent(path, &base, why, whylen);
	if (dfd < 0)
		return dfd;
	/* (open_parent() sets base whenever it returns an fd; clang-tidy
	 * cannot follow neg_errno()'s sign to see that) */
	fd = openat(dfd, base, // NOLINT(clang-analyzer-core.NonNullParamChecker)
		    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	rc = neg_errno();
	close(dfd);
	if (fd < 0) {
		if (rc == -ELOOP)
			snprintf(why, whylen, "%s is a symbolic link", path);
		else
			snprintf(why, whylen, "cannot open %s: %s", path,
				 strerror(-rc));
		return rc;
	}
	rc = check_file(fd, path, &st, why, whylen);
	if (!rc)
		rc = read_all(fd, path, (size_t)st.st_size, text, why, whylen);
	if (!rc) {
		*len = (size_t)st.st_size;
		id->dev = st.st_dev;
		id->ino = st.st_ino;
	}
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
	char why[400], *text = NULL;
	size_t len = 0;
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
