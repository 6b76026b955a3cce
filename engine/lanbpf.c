// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lanbpf.c - an isolated network's second line (see lanbpf.h): the tc
 * programs of lanbpf.bpf.c on the bridge device, loaded from the object
 * clang compiled into vmnetctl (lanbpf_obj.c), their "lan" map filled
 * with the LAN ranges and "self" with the bridge's address.
 *
 * nf_tables does the LAN block, the host's input policy and the port
 * guard; "nft flush ruleset" (what "systemctl restart nftables" does on
 * Debian) or "nft delete table ..." removes them at once, and until
 * someone (vmnetd) restores them the VMs would reach the LAN and every
 * host address. tc is not nf_tables: these filters stay, and hold what
 * the rules held (lanbpf.bpf.c says exactly what), without a daemon.
 * Their cost does not grow with the number of VMs and is paid only by
 * the network's own traffic to and from the host.
 *
 * Why not policy routing rules (ip rule ... prohibit): every packet the
 * host routes walks them, and no rule can come before the "local" table,
 * so a VM's packets to the host's other addresses would still be
 * delivered. Why not tc flower: many kernels (this project's test
 * machines among them) build neither cls_flower nor act_gact; cls_bpf in
 * direct-action mode needs neither. Why a program compiled by clang: the
 * host's conntrack (bpf_skb_ct_lookup) and route lookup (bpf_fib_lookup)
 * are what keep the second line from breaking what the first allows,
 * and a hand-assembled program of that size would be unreviewable.
 */
#include "lanbpf.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LB_HANDLE 0x766d	/* "vm" */
#define LB_PRIO 1
#define LB_MAX 4096		/* prefixes per map (lanbpf.bpf.c) */

static const char *const prog_name[2] = { "vmnet_lan_in", "vmnet_lan_out" };

struct lpm_key {
	uint32_t prefixlen;
	uint32_t addr;		/* network byte order */
};

/* @p as the LPM maps' key. */
static struct lpm_key key_of(const struct inany_prefix *p)
{
	return (struct lpm_key){ p->len, htonl(inany_v4(&p->addr)) };
}

/* The prefixes of the IPv4 ranges of @lan, to @put (these filters see
 * IPv4: an IPv6 range is not theirs). */
static int lan_prefixes(const struct inany_range *lan, size_t nlan,
			inany_prefix_cb put, void *ctx)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < nlan && !rc; i++)
		if (inany_is_v4(&lan[i].lo))
			rc = inany_range_prefixes(&lan[i], put, ctx);
	return rc;
}

struct fill_ctx {
	int fd;
	size_t n;
};

static int fill_one(const struct inany_prefix *p, void *arg)
{
	struct fill_ctx *f = arg;
	struct lpm_key k = key_of(p);
	uint32_t drop = 1;

	if (++f->n > LB_MAX)
		return -E2BIG;
	return bpf_map_update_elem(f->fd, &k, &drop, BPF_ANY) ? -errno : 0;
}

/* The maps: the LAN prefixes drop, the bridge address passes. */
static int fill_maps(struct bpf_object *o, const union inany *bridge_addr,
		     const struct inany_range *lan, size_t nlan)
{
	struct inany_prefix host = { *bridge_addr, 32 };
	struct lpm_key self = key_of(&host);
	uint32_t pass = 0, zero = 0, me = self.addr;
	struct fill_ctx f = { .n = 0 };
	int rc;

	f.fd = bpf_object__find_map_fd_by_name(o, "lan");
	if (f.fd < 0)
		return -ENOENT;
	rc = lan_prefixes(lan, nlan, fill_one, &f);
	if (!rc && bpf_map_update_elem(f.fd, &self, &pass, BPF_ANY))
		rc = -errno;
	if (!rc && bpf_map_update_elem(bpf_object__find_map_fd_by_name(o,
				       "self"), &zero, &me, BPF_ANY))
		rc = -errno;
	return rc;
}

/* libbpf reports errors we report ourselves, in one line. */
static int no_print(enum libbpf_print_level level, const char *fmt,
		    va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static void quiet(void)
{
	libbpf_set_print(no_print);
}

/* The object, loaded into the kernel, its maps filled. */
static struct bpf_object *load(const union inany *bridge_addr,
			       const struct inany_range *lan, size_t nlan,
			       char *why, size_t why_size)
{
	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "vmnet_lanbpf");
	struct bpf_object *o;
	int rc;

	o = bpf_object__open_mem(lanbpf_obj, lanbpf_obj_size, &oo);
	if (!o) {
		snprintf(why, why_size, "cannot open the BPF filters: %s",
			 strerror(errno));
		return NULL;
	}
	rc = bpf_object__load(o);
	if (rc) {
		snprintf(why, why_size, "cannot load the BPF filters (this "
			 "kernel needs BTF and conntrack's BPF functions): %s",
			 strerror(-rc));
		bpf_object__close(o);
		return NULL;
	}
	rc = fill_maps(o, bridge_addr, lan, nlan);
	if (rc) {
		snprintf(why, why_size, "cannot fill the BPF filters' maps: %s",
			 strerror(-rc));
		bpf_object__close(o);
		return NULL;
	}
	return o;
}

/**
 * lanbpf_install() - put (or replace) both filters on bridge @ifindex
 * @bridge_addr:	the bridge's address (IPv4)
 * @lan:		the LAN ranges (none with "lan = allow")
 * @why:		on failure, what went wrong
 *
 * The new filter replaces the old one in one step (BPF_TC_F_REPLACE), so
 * the block never lapses while the ranges change.
 *
 * Return: 0 or -errno
 */
int lanbpf_install(int ifindex, const union inany *bridge_addr,
		   const struct inany_range *lan, size_t nlan, char *why,
		   size_t why_size)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	struct bpf_object *o;
	int dir, rc;

	quiet();
	rc = bpf_tc_hook_create(&hook);
	if (rc && rc != -EEXIST) {
		snprintf(why, why_size, "cannot add the clsact qdisc: %s",
			 strerror(-rc));
		return rc;
	}
	o = load(bridge_addr, lan, nlan, why, why_size);
	if (!o)
		return -EINVAL;
	for (dir = 0, rc = 0; dir < 2 && !rc; dir++) {
		LIBBPF_OPTS(bpf_tc_opts, to, .handle = LB_HANDLE,
			    .priority = LB_PRIO, .flags = BPF_TC_F_REPLACE);
		struct bpf_program *p =
			bpf_object__find_program_by_name(o, prog_name[dir]);

		hook.attach_point = dir ? BPF_TC_EGRESS : BPF_TC_INGRESS;
		to.prog_fd = p ? bpf_program__fd(p) : -1;
		rc = bpf_tc_attach(&hook, &to);
		if (rc)
			snprintf(why, why_size, "cannot attach the BPF filter: "
				 "%s", strerror(-rc));
	}
	bpf_object__close(o);	/* the filters hold what they use */
	return rc;
}

/**
 * lanbpf_remove() - take both filters off bridge @ifindex (the qdisc
 * stays: it may carry other filters)
 *
 * Return: 0 (also when they were not there) or -errno
 */
int lanbpf_remove(int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex);
	int dir, rc = 0;

	quiet();
	for (dir = 0; dir < 2; dir++) {
		LIBBPF_OPTS(bpf_tc_opts, o, .handle = LB_HANDLE,
			    .priority = LB_PRIO);
		int r;

		hook.attach_point = dir ? BPF_TC_EGRESS : BPF_TC_INGRESS;
		r = bpf_tc_detach(&hook, &o);
		if (r && r != -ENOENT && r != -EINVAL && !rc)
			rc = r;
	}
	return rc;
}

struct want {
	struct lpm_key k[LB_MAX + 1];
	uint32_t v[LB_MAX + 1];
	size_t n;
};

static int want_one(const struct inany_prefix *p, void *arg)
{
	struct want *w = arg;

	if (w->n >= LB_MAX)
		return -E2BIG;
	w->k[w->n] = key_of(p);
	w->v[w->n++] = 1;
	return 0;
}

/* Whether map @fd holds exactly @w. */
static int map_matches(int fd, const struct want *w)
{
	struct lpm_key k, next;
	size_t n = 0, i;
	void *cur = NULL;

	while (!bpf_map_get_next_key(fd, cur, &next)) {
		uint32_t v;
		bool found = false;

		if (bpf_map_lookup_elem(fd, &next, &v))
			return -errno;
		for (i = 0; i < w->n && !found; i++)
			found = !memcmp(&w->k[i], &next, sizeof(next)) &&
				w->v[i] == v;
		if (!found)
			return 0;
		n++;
		k = next;
		cur = &k;
	}
	return n == w->n;
}

/* Whether map @fd is "self" holding the bridge's address, or "lan"
 * holding exactly @w (@me: the address as "self" holds it): 1 yes, 0 no,
 * 2 neither name, -errno */
static int map_ok(int fd, const struct want *w, uint32_t me)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info), zero = 0, v = 0;

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	if (!strcmp(info.name, "lan"))
		return map_matches(fd, w);
	if (strcmp(info.name, "self"))
		return 2;
	if (bpf_map_lookup_elem(fd, &zero, &v))
		return -errno;
	return v == me;
}

/* Whether program @pfd is vmnet's filter for direction @dir with maps
 * holding @w and the bridge's address: 1 yes, 0 other contents, 2 not
 * vmnet's, -errno */
static int prog_matches(int pfd, int dir, const struct want *w,
			uint32_t me)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info), ids[4] = { 0 }, i;
	int ok = 1;

	memset(&info, 0, sizeof(info));
	info.nr_map_ids = 4;
	info.map_ids = (uint64_t)(uintptr_t)ids;
	if (bpf_obj_get_info_by_fd(pfd, &info, &len))
		return -errno;
	if (strcmp(info.name, prog_name[dir]) || !info.nr_map_ids ||
	    info.nr_map_ids > 4)
		return 2;
	for (i = 0; i < info.nr_map_ids && ok == 1; i++) {
		int mfd = bpf_map_get_fd_by_id(ids[i]);

		if (mfd < 0)
			return -errno;
		ok = map_ok(mfd, w, me);
		close(mfd);
	}
	return ok;
}

/**
 * lanbpf_verify() - whether both filters are on bridge @ifindex, with
 * exactly these ranges
 * @why:	when not, what is wrong
 *
 * Reading a program back by its id takes CAP_SYS_ADMIN, which vmnetd
 * does not keep: without it only the filters' presence is checked. Their
 * ranges come from the same host state as the nf_tables LAN set, which
 * is checked, so a changed host is seen either way.
 *
 * Return: 0 when they are, 1 when not (see @why), -errno
 */
int lanbpf_verify(int ifindex, const union inany *bridge_addr,
		  const struct inany_range *lan, size_t nlan, char *why,
		  size_t why_size)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex);
	struct inany_prefix host = { *bridge_addr, 32 };
	struct lpm_key self = key_of(&host);
	static struct want w;
	int dir, rc;

	quiet();
	w.n = 0;
	rc = lan_prefixes(lan, nlan, want_one, &w);
	if (rc)
		return rc;
	w.k[w.n] = self;
	w.v[w.n++] = 0;
	for (dir = 0; dir < 2; dir++) {
		LIBBPF_OPTS(bpf_tc_opts, o, .handle = LB_HANDLE,
			    .priority = LB_PRIO);
		int pfd, ok;

		hook.attach_point = dir ? BPF_TC_EGRESS : BPF_TC_INGRESS;
		if (bpf_tc_query(&hook, &o)) {
			snprintf(why, why_size, "the LAN block's %s filter on "
				 "the bridge is missing", dir ? "egress" :
				 "ingress");
			return 1;
		}
		pfd = bpf_prog_get_fd_by_id(o.prog_id);
		if (pfd < 0 && errno == EPERM)
			continue;	/* see above */
		if (pfd < 0)
			return -errno;
		ok = prog_matches(pfd, dir, &w, self.addr);
		close(pfd);
		if (ok < 0)
			return ok;
		if (ok == 2) {
			snprintf(why, why_size, "the bridge's %s filter is not "
				 "vmnet's", dir ? "egress" : "ingress");
			return 1;
		}
		if (!ok) {
			snprintf(why, why_size, "the LAN block's %s filter "
				 "holds other ranges than the host has now",
				 dir ? "egress" : "ingress");
			return 1;
		}
	}
	return 0;
}
