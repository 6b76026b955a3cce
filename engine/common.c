// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * common.c - what every vmnetctl command shares: fatal errors, loading the
 * configuration, the run's netlink connections, the link snapshot,
 * root's small files read whole and replaced at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/if_tun.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfgfile.h"
#include "engine.h"
#include "grow.h"
#include "nft.h"

#define MAX_LINKS 65536

/* Errors and warnings name the program: vmnetctl, or vmnetd's passes. */
static void vwarn(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", program_invocation_short_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

/**
 * ctl_die() - print "vmnetctl: MESSAGE" (or vmnetd's) and exit 1
 * @fmt:	printf format of the one-line message
 */
void ctl_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(1);
}

/**
 * ctl_warn() - print a one-line warning on stderr and go on
 * @fmt:	printf format of the message
 */
void ctl_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

/* vmnet.conf (or the embedded default) and the ACL, or die. */
void ctl_load(struct ctl *c)
{
	struct vm_err err;

	if (cfg_load(c->conf_path, c->acl_path, &c->conf, &c->acl, &err))
		ctl_die("%s", err.msg);
	ula6_resolve(&c->conf);
}

/* Die unless the effective uid is root. */
void ctl_need_root(void)
{
	if (geteuid() != 0)
		ctl_die("this command must be run as root");
}

/* The run's rtnetlink socket and nfnetlink connection (once). */
void ctl_open(struct ctl *c)
{
	int rc;

	if (!c->sk) {
		rc = link_open(&c->sk);
		if (rc < 0)
			ctl_die("cannot open rtnetlink: %s", strerror(-rc));
	}
	if (!c->nft) {
		rc = nft_open(&c->nft);
		if (rc < 0)
			ctl_die("cannot open nfnetlink: %s", strerror(-rc));
	}
}

static int collect_cb(const struct link_info *l, void *arg)
{
	struct ctl *c = arg;
	struct link_info *n;

	if (c->nlinks == MAX_LINKS)
		return -ERANGE;
	n = grow(c->links, c->nlinks, &c->cap, sizeof(*c->links), 64);
	if (!n)
		return -ENOMEM;
	c->links = n;
	c->links[c->nlinks++] = *l;
	return 0;
}

static int by_ifindex(const void *a, const void *b)
{
	const struct link_info *x = a, *y = b;

	return (x->ifindex > y->ifindex) - (x->ifindex < y->ifindex);
}

/* A fresh snapshot of every link, in ifindex order (ctl_link_at()
 * searches it: a pass over a thousand taps asks it for each of them).
 * Writers re-read what they change. */
void ctl_read_links(struct ctl *c)
{
	int rc;

	ctl_open(c);
	c->nlinks = 0;
	rc = link_dump(c->sk, collect_cb, c);
	if (rc < 0)
		ctl_die("cannot list links: %s", strerror(-rc));
	qsort(c->links, c->nlinks, sizeof(*c->links), by_ifindex);
}

/**
 * ctl_link() - a link of the last snapshot (ctl_read_links()) by name
 * @c:		the run
 * @name:	interface name
 *
 * Return: the link, or NULL when the snapshot has none of that name
 */
const struct link_info *ctl_link(const struct ctl *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nlinks; i++)
		if (!strcmp(c->links[i].name, name))
			return &c->links[i];
	return NULL;
}

/**
 * ctl_vm_end() - the veth end of wlan network @n (method netdev) where
 * its VMs' frames leave their bridge, in the last snapshot, or NULL
 */
const struct link_info *ctl_vm_end(const struct ctl *c,
				   const struct conf_network *n)
{
	char vs[VAL_IFNAME_MAX + 1], us[VAL_IFNAME_MAX + 1];

	conf_wlan_veth(n, vs, us);
	return ctl_link(c, us);
}

/**
 * ctl_link_at() - a link of the last snapshot by ifindex
 * @c:		the run
 * @ifindex:	interface index
 *
 * Return: the link, or NULL
 */
const struct link_info *ctl_link_at(const struct ctl *c, int ifindex)
{
	struct link_info key = { .ifindex = ifindex };

	if (!c->nlinks)
		return NULL;
	return bsearch(&key, c->links, c->nlinks, sizeof(*c->links),
		       by_ifindex);
}

/* Whether @l is a tap (a tun device in tap mode). */
bool ctl_is_tap(const struct link_info *l)
{
	return link_is_tap(l);
}

/* The bridge vmnetctl created for network @n (isolated, wlan netdev). */
bool ctl_our_bridge(const struct link_info *l, const struct conf_network *n)
{
	return !strcmp(l->kind, "bridge") &&
	       rec_is_infra_of(l->alias, REC_BRIDGE_TAG, n->name);
}

/* The veth end vmnetctl created for wlan network @n (method netdev). */
bool ctl_our_veth(const struct link_info *l, const struct conf_network *n)
{
	return !strcmp(l->kind, "veth") &&
	       rec_is_infra_of(l->alias, REC_VETH_TAG, n->name);
}

/* A tap that carries a valid record for network @net. */
bool ctl_tap_of(const struct link_info *t, const char *net, struct rec *rec)
{
	return rec_tap_of(link_is_tap(t), t->alias, net, rec);
}

/**
 * ctl_network() - the configured network @name, or die naming the file
 * @c:		the run, configuration loaded
 * @name:	network name
 *
 * Return: the network, never NULL
 */
const struct conf_network *ctl_network(struct ctl *c, const char *name)
{
	const struct conf_network *n = conf_find(&c->conf, name);

	if (!n)
		ctl_die("no network '%s' in %s", name, c->conf.embedded ?
			CONF_EMBEDDED_NAME : c->conf_path);
	return n;
}

/* The ifindex of network @n's bridge in the snapshot, or -1. */
int ctl_bridge_of(struct ctl *c, const struct conf_network *n)
{
	const struct link_info *br = ctl_link(c, n->bridge);

	return br && !strcmp(br->kind, "bridge") ? br->ifindex : -1;
}

/**
 * ctl_sysctl_char() - the first character of /proc/sys/@path
 * @path:	below /proc/sys, '/'-separated ("net/ipv4/ip_forward")
 *
 * Return: the character, or 0 when it cannot be read (a setting this
 * host does not have)
 */
int ctl_sysctl_char(const char *path)
{
	char full[160];
	FILE *f;
	int ch;

	snprintf(full, sizeof(full), "/proc/sys/%s", path);
	f = fopen(full, "r");
	if (!f)
		return 0;
	ch = fgetc(f);
	fclose(f);
	return ch == EOF ? 0 : ch;
}

/**
 * ctl_user() - a user's name for messages, or the uid when it has none
 * @uid:	user
 * @buf:	storage
 * @size:	size of @buf
 *
 * Return: @buf
 */
const char *ctl_user(uid_t uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%u", (unsigned)uid);
	return buf;
}

/**
 * ctl_ifindex_of() - an ifindex that another tool wrote (OVS's
 * external_ids, a logical port's name, a rate device's alias): decimal
 * digits ending the text or a word
 * @s:	text
 *
 * Return: the ifindex, or 0 (no interface's) when @s is not one
 */
int ctl_ifindex_of(const char *s)
{
	unsigned long v = 0;
	size_t n = strspn(s, "0123456789");

	if (!n || n > 10 || (s[n] && s[n] != ' '))
		return 0;
	for (; n; n--, s++)
		v = v * 10 + (unsigned long)(*s - '0');
	return v <= INT_MAX ? (int)v : 0;
}

/**
 * ctl_read_file() - a small file whole into @buf (NUL-terminated): at most
 * @size - 1 bytes, in one read
 *
 * Return: its length, or -errno
 */
ssize_t ctl_read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

/* Whether @path holds exactly @len bytes of @text. */
bool ctl_file_same(const char *path, const char *text, size_t len)
{
	char *old = malloc(len + 1);
	bool eq = false;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (old && fd >= 0) {
		n = read(fd, old, len + 1);
		eq = n == (ssize_t)len && !memcmp(old, text, len);
	}
	if (fd >= 0)
		close(fd);
	free(old);
	return eq;
}

/* Replace root's file @path by @len bytes of @text, of mode @mode, at
 * once (a reader sees the old file or the new one); says why not. */
void ctl_file_put(const char *path, const char *text, size_t len,
		  mode_t mode)
{
	char tmp[160];
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  mode);
	if (fd < 0 || fchmod(fd, mode) ||
	    write(fd, text, len) != (ssize_t)len || close(fd) ||
	    rename(tmp, path)) {
		ctl_warn("cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
	}
}
