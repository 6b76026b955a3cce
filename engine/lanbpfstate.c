// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lanbpfstate.c - whether an isolated network's second line (lanbpf.c)
 * already is what "up" would install, so that a repair after "nft flush
 * ruleset", which leaves tc alone, does not load it again (nor a wlan
 * network's filters: the same object, the same cost). A load costs
 * most of a repair: libbpf parses the kernel's BTF (/sys/kernel/btf/
 * vmlinux, 5 MB) to find the conntrack functions, 50-80 ms here, where
 * the rest of "up" takes 10.
 *
 * Reading the filters' maps back takes CAP_SYS_ADMIN, which vmnetd does
 * not keep (lanbpf_verify()). So an install is remembered instead, in
 * /run/vmnetd/lanbpf-NETWORK: the ids of the two programs it attached
 * and a digest of the object and of what its maps were filled with. The
 * kernel never gives a program id twice, and tc tells which program a
 * filter runs without CAP_SYS_ADMIN: both ids still attached and the
 * same digest mean these filters, with these maps. A missing, damaged
 * or foreign file (not root's, or writable by others) costs a load, no
 * more. ("vmnetctl check", as root, still reads the maps themselves.)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lanbpf.h"
#include "rundir.h"

#define STATE_MAX 96

struct fnv {
	uint64_t h;
};

static void fnv_add(struct fnv *f, const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++) {
		f->h ^= b[i];
		f->h *= 0x100000001b3ULL;
	}
}

/* A digest begun with the object: a new vmnet's filters differ. */
static struct fnv fnv_obj(void)
{
	struct fnv f = { 0xcbf29ce484222325ULL };

	fnv_add(&f, lanbpf_obj, lanbpf_obj_size);
	return f;
}

/* The object and everything its maps are filled from. */
static uint64_t digest(const struct lanbpf_net *net)
{
	struct fnv f = fnv_obj();
	uint8_t v6 = net->v6;

	fnv_add(&f, &net->addr, sizeof(net->addr));
	fnv_add(&f, &net->nlan, sizeof(net->nlan));
	fnv_add(&f, net->lan, net->nlan * sizeof(*net->lan));
	fnv_add(&f, &v6, 1);
	fnv_add(&f, &net->addr6, sizeof(net->addr6));
	fnv_add(&f, &net->nlan6, sizeof(net->nlan6));
	fnv_add(&f, net->lan6, net->nlan6 * sizeof(*net->lan6));
	fnv_add(&f, &net->nown6, sizeof(net->nown6));
	fnv_add(&f, net->own6, net->nown6 * sizeof(*net->own6));
	return f.h;
}

static void path_of(const char *network, char *buf, size_t size)
{
	snprintf(buf, size, VMNETD_RUN_DIR "/lanbpf-%s", network);
}

static void line_of(const uint32_t ids[2], uint64_t digest, char *buf,
		    size_t size)
{
	snprintf(buf, size, "%" PRIu32 " %" PRIu32 " %016" PRIx64 "\n",
		 ids[0], ids[1], digest);
}

/* Whether network @network's state file says @want, and is root's alone. */
static bool state_is(const char *network, const char *want)
{
	char path[160], have[STATE_MAX];
	struct stat st;
	ssize_t n;
	int fd;

	path_of(network, path, sizeof(path));
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
			    (st.st_mode & 022) ?
		    -1 :
		    read(fd, have, sizeof(have) - 1);
	close(fd);
	if (n <= 0)
		return false;
	have[n] = '\0';
	return !strcmp(have, want);
}

/* Write @line as network @network's state (a failure only costs a load
 * next time). */
static void state_save(const char *network, const char *line)
{
	char path[160], tmp[168];
	size_t len = strlen(line);
	int fd, ok;

	if (rundir_own(VMNETD_RUN_DIR))
		return;
	path_of(network, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return;
	ok = write(fd, line, len) == (ssize_t)len;
	if (close(fd) || !ok || rename(tmp, path))
		unlink(tmp);
}

/* The line of an isolated network's filters on bridge @ifindex. */
static int net_line(int ifindex, const struct lanbpf_net *net, char *buf,
		    size_t size)
{
	uint32_t ids[2];
	int rc = lanbpf_prog_id(ifindex, false, &ids[0]);

	if (!rc)
		rc = lanbpf_prog_id(ifindex, true, &ids[1]);
	if (!rc)
		line_of(ids, digest(net), buf, size);
	return rc;
}

/**
 * lanbpf_current() - whether bridge @ifindex runs the filters an earlier
 * install left for network @network, filled as @net says
 */
bool lanbpf_current(int ifindex, const struct lanbpf_net *net,
		    const char *network)
{
	char want[STATE_MAX];

	return !net_line(ifindex, net, want, sizeof(want)) &&
	       state_is(network, want);
}

/**
 * lanbpf_remember() - note that bridge @ifindex's filters were just
 * installed for @net
 */
void lanbpf_remember(int ifindex, const struct lanbpf_net *net,
		     const char *network)
{
	char line[STATE_MAX];

	if (!net_line(ifindex, net, line, sizeof(line)))
		state_save(network, line);
}

/* The ids of a wlan network's filters (lanbpf_wlan_install()): the
 * uplink's egress, the veth end's ingress (none: 0), and the digest of
 * the object and what they were filled with. */
static int wlan_line(int ifindex, int uplink, const uint8_t mac[6],
		     char *buf, size_t size)
{
	struct fnv f = fnv_obj();
	uint32_t ids[2] = { 0, 0 };
	int rc = lanbpf_prog_id(uplink, true, &ids[0]);

	if (!rc && ifindex > 0)
		rc = lanbpf_prog_id(ifindex, false, &ids[1]);
	if (rc)
		return rc;
	fnv_add(&f, &ifindex, sizeof(ifindex));
	fnv_add(&f, &uplink, sizeof(uplink));
	fnv_add(&f, mac, 6);
	line_of(ids, f.h, buf, size);
	return 0;
}

/**
 * lanbpf_wlan_current() - whether a wlan network's filters are those an
 * earlier install left, for uplink @uplink with MAC @mac and veth end
 * @ifindex (-1: none)
 */
bool lanbpf_wlan_current(int ifindex, int uplink, const uint8_t mac[6],
			 const char *network)
{
	char want[STATE_MAX];

	return !wlan_line(ifindex, uplink, mac, want, sizeof(want)) &&
	       state_is(network, want);
}

/**
 * lanbpf_wlan_remember() - note that a wlan network's filters were just
 * installed
 */
void lanbpf_wlan_remember(int ifindex, int uplink, const uint8_t mac[6],
			  const char *network)
{
	char line[STATE_MAX];

	if (!wlan_line(ifindex, uplink, mac, line, sizeof(line)))
		state_save(network, line);
}

/**
 * lanbpf_forget() - the filters of network @network are gone (down)
 */
void lanbpf_forget(const char *network)
{
	char path[160];

	path_of(network, path, sizeof(path));
	unlink(path);
}
