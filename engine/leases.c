// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * leases.c - the LAN's leases of a wlan network's VMs, kept where a flush
 * cannot reach them. The port guard learns them only from the LAN's DHCP
 * server's ACKs (leases_NET); after "nft flush ruleset" the rebuilt table
 * would know none, and each VM would be cut off until its next renewal,
 * hours later. So vmnetd copies the set, at each pass and every
 * KEEP_EVERY_MS, to /run/vmnetd/leases-NETWORK (root's, in dnsmasq's lease
 * file format), and "up" starts leases_NET from it, each lease with what
 * was left of its time. (An isolated network's come from dnsmasq's own
 * lease file.) Only leases acked since the last copy are lost to a flush.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"
#include "fw/leases.h"
#include "leasefile.h"
#include "rundir.h"

#define LINE_MAX_LEN 96		/* "EXPIRY MAC IP * *\n", either family */

/* Whether network @n's leases are kept here: wlan (isolated ones have
 * dnsmasq's file). */
static bool kept(const struct conf_network *n)
{
	struct fw_net fn;

	fw_net_of(n, &fn);
	return mode_of(n)->lan_leases && fw_has_set(&fn, FS_LEASES);
}

static void path_of(const struct conf_network *n, char *buf, size_t size)
{
	snprintf(buf, size, VMNETD_RUN_DIR "/leases-%s", n->name);
}

struct text {
	char *buf;
	size_t len, size;
	time_t now;
};

static int line_cb(const uint8_t mac[6], const union inany *ip,
		   uint64_t ms_left, void *arg)
{
	struct text *t = arg;
	char m[20], a[INANY_STRLEN];

	if (t->size - t->len < LINE_MAX_LEN)
		return 0;
	val_mac_str(mac, m);
	inany_str(ip, a);
	t->len += (size_t)snprintf(t->buf + t->len, t->size - t->len,
				   "%llu %s %s * *\n",
				   (unsigned long long)t->now +
					   (ms_left + 999) / 1000, m, a);
	return 0;
}

/**
 * ctl_leases_keep() - copy wlan network @n's leases to
 * /run/vmnetd/leases-NETWORK (when they changed)
 */
void ctl_leases_keep(struct ctl *c, const struct conf_network *n)
{
	struct text t = { NULL, 0, FW_MAX_SEEDS * LINE_MAX_LEN, time(NULL) };
	struct fw_net fn;
	char path[96];
	int rc;

	if (!kept(n))
		return;
	fw_net_of(n, &fn);
	t.buf = malloc(t.size);
	if (!t.buf)
		ctl_die("out of memory");
	rc = fw_leases_each(c->nft, &fn, line_cb, &t);
	path_of(n, path, sizeof(path));
	if (!rc && !ctl_file_same(path, t.buf, t.len))
		ctl_file_put(path, t.buf, t.len, 0600);
	free(t.buf);
}

/**
 * ctl_leases_kept() - the leases kept for wlan network @n that have not
 * expired, into @h (none when there is no copy)
 */
void ctl_leases_kept(const struct conf_network *n, struct fw_host *h)
{
	static struct lease l[FW_MAX_SEEDS];
	static char buf[FW_MAX_SEEDS * LINE_MAX_LEN];
	char path[96];
	struct stat st;
	ssize_t len;
	int fd;

	if (!kept(n))
		return;
	path_of(n, path, sizeof(path));
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	/* root's own file, or nothing */
	len = fstat(fd, &st) || st.st_uid != 0 || (st.st_mode & 022) ? -1 :
	      read(fd, buf, sizeof(buf));
	close(fd);
	if (len > 0)
		ctl_host_leases(h, l, lease_parse(buf, (size_t)len, l,
						  FW_MAX_SEEDS));
}

/**
 * ctl_leases_forget() - remove the copy of network @n's leases (its
 * "down")
 */
void ctl_leases_forget(const struct conf_network *n)
{
	char path[96];

	path_of(n, path, sizeof(path));
	if (unlink(path) && errno != ENOENT)
		ctl_warn("cannot remove %s: %s", path, strerror(errno));
}
