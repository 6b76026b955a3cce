// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * namesfile.c - the files of VMs' names (names.c): the hosts file as
 * status reads it, the lock, and the dhcp-script's path.
 */
#include "names.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dnsconf.h"

#define SCRIPT_NAME "vmnet-dhcp-event"

/*
 * Whether only root can change the program at @path (resolved into @real,
 * PATH_MAX bytes): it and every directory above it are root's and
 * writable by no one else, or, for a directory, sticky (as /tmp: there
 * no one else may rename or remove root's entry).
 */
static bool root_only(const char *path, char *real)
{
	char dir[PATH_MAX], *slash;
	struct stat st;

	if (!realpath(path, real) || stat(real, &st) ||
	    !S_ISREG(st.st_mode) || st.st_uid || (st.st_mode & 022) ||
	    !(st.st_mode & S_IXUSR))
		return false;
	memcpy(dir, real, strlen(real) + 1);
	while ((slash = strrchr(dir, '/'))) {
		slash[slash == dir] = '\0';	/* "/x": keep "/" */
		if (stat(dir, &st) || !S_ISDIR(st.st_mode) || st.st_uid ||
		    ((st.st_mode & 022) && !(st.st_mode & S_ISVTX)))
			return false;
		if (slash == dir)
			return true;
	}
	return false;
}

/**
 * names_script() - the path of vmnet-dhcp-event, installed beside the
 * running program (PREFIX/libexec for PREFIX/sbin/vmnetctl), which
 * dnsmasq runs as root: so only if no one but root can change it
 * (root_only())
 * @buf:	its resolved path, PATH_MAX bytes
 *
 * Return: 0, or -ENOENT when it is not so (then VMs get no names)
 */
int names_script(char *buf, size_t size)
{
	char exe[PATH_MAX], path[PATH_MAX], *slash;
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int i;

	if (len <= 0)
		return -ENOENT;
	exe[len] = '\0';
	for (i = 0; i < 2; i++) {
		slash = strrchr(exe, '/');
		if (!slash)
			return -ENOENT;
		*slash = '\0';
	}
	len = snprintf(path, sizeof(path), "%s/libexec/" SCRIPT_NAME, exe);
	if (len < 0 || (size_t)len >= sizeof(path) || size < PATH_MAX ||
	    !root_only(path, buf))
		return -ENOENT;
	return 0;
}

/* Take network @n's names lock: its fd, or -errno. */
int names_lock(const struct conf_network *n)
{
	char path[128];
	int fd, rc;

	if (dns_path(n, NAMES_LOCK_FILE, path, sizeof(path)))
		return -ENAMETOOLONG;
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

/* Whether network @n names its VMs, and is up (its directory exists). */
bool names_on(const struct conf_network *n)
{
	char dir[128];
	struct stat st;

	return n->mode == CONF_ISOLATED && n->has_dhcp &&
	       !dns_path(n, NULL, dir, sizeof(dir)) && !stat(dir, &st);
}

/**
 * names_read() - the names network @n's file gives, at most @max (for
 * status, and for who holds a name now)
 *
 * Return: how many, or -errno
 */
ssize_t names_read(const struct conf_network *n, struct names_entry *out,
		   size_t max)
{
	static char buf[NAMES_MAX * 4 * NAMES_HOSTS_LINE];
	char path[128], fqdn[256], name[VAL_HOSTLABEL_MAX + 2], addr[64];
	char *line, *save = NULL;
	size_t k = 0;
	ssize_t len;

	if (dns_path(n, NAMES_HOSTS_FILE, path, sizeof(path)))
		return -ENAMETOOLONG;
	len = ctl_read_file(path, buf, sizeof(buf));
	if (len < 0)
		return len == -ENOENT ? 0 : len;
	for (line = strtok_r(buf, "\n", &save); line && k < max;
	     line = strtok_r(NULL, "\n", &save)) {
		struct names_entry *e = &out[k];

		if (sscanf(line, "%63s %255s %64s # vmnet %d %lld", addr, fqdn,
			   name, &e->ifindex, &e->expires) != 5 ||
		    inany_parse(addr, &e->ip) ||
		    val_hostlabel(name, e->name))
			continue;
		k++;
	}
	return (ssize_t)k;
}

/*
 * Make /run/vmnet/_domains/DOMAIN a symbolic link to network @n's names
 * file when @keep (and remove it when not), and remove every other link
 * to that file (its domain changed). The NSS module looks for a name
 * under DOMAIN there and nowhere else: a lookup of any other name reads
 * no file. ("_domains" is no network's name: they start with a letter
 * or digit.)
 */
static void names_links(const struct conf_network *n, bool keep)
{
	char path[320], want[128], got[128];
	struct dirent *e;
	ssize_t len;
	DIR *d;

	snprintf(want, sizeof(want), "../%s/" NAMES_HOSTS_FILE, n->name);
	if (keep && mkdir(NAMES_DOMAINS_DIR, 0755) && errno != EEXIST) {
		ctl_warn("cannot create " NAMES_DOMAINS_DIR ": %s",
			 strerror(errno));
		return;
	}
	d = opendir(NAMES_DOMAINS_DIR);
	while (d && (e = readdir(d))) {
		snprintf(path, sizeof(path), NAMES_DOMAINS_DIR "/%s",
			 e->d_name);
		len = readlink(path, got, sizeof(got) - 1);
		if (len <= 0)
			continue;
		got[len] = '\0';
		if (!strcmp(got, want) &&
		    (!keep || strcmp(e->d_name, n->domain)))
			unlink(path);
	}
	if (d)
		closedir(d);
	snprintf(path, sizeof(path), NAMES_DOMAINS_DIR "/%s", n->domain);
	len = readlink(path, got, sizeof(got) - 1);
	if (!keep || (len > 0 && (size_t)len == strlen(want) &&
		      !memcmp(got, want, (size_t)len)))
		return;
	unlink(path);
	if (symlink(want, path))
		ctl_warn("cannot link %s: %s", path, strerror(errno));
}

/* names_links() for a network whose names file is written */
void names_link(const struct conf_network *n)
{
	names_links(n, true);
}

/**
 * names_mkdir() - create network @n's names directory (dnsmasq watches
 * its hostsdir only if it is there when it starts)
 *
 * Return: 0 or -errno
 */
int names_mkdir(const struct conf_network *n)
{
	char dir[128];

	if (dns_path(n, DNS_NAMES_DIR, dir, sizeof(dir)))
		return -ENAMETOOLONG;
	return mkdir(dir, 0755) && errno != EEXIST ? -errno : 0;
}

/* Remove network @n's names, what its VMs asked for, its names lock and
 * its domain's link: it goes down. */
void names_forget(const struct conf_network *n)
{
	static const char *const files[] = {
		NAMES_HOSTS_FILE, NAMES_HOSTS_FILE ".new", DNS_NAMES_DIR,
		NAMES_WISH_FILE, NAMES_WISH_FILE ".new", NAMES_LOCK_FILE,
	};
	char path[128];
	size_t i;

	names_links(n, false);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (!dns_path(n, files[i], path, sizeof(path)) &&
		    unlink(path) && errno == EISDIR)
			rmdir(path);
}
