// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lanbpf.c - an isolated network's second line (see lanbpf.h): the tc
 * programs of lanbpf.bpf.c on the bridge device, loaded from the object
 * clang compiled into vmnetctl (lanbpf_obj.c), their "lan" and "lan6"
 * maps filled with the LAN ranges, "self" and "self6" with the bridge's
 * addresses.
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
#define LB_MAPS 4		/* lan, self, lan6, self6 */

static const char *const prog_name[2] = { "vmnet_lan_in", "vmnet_lan_out" };
#define WLAN_PROG "vmnet_wlan_host"
#define WLAN_ND_PROG "vmnet_wlan_nd"


/* One element of an LPM map: a key (prefix length, then the address in
 * network byte order) and its value (1: drop, 0: the bridge's own). */
struct ent {
	uint8_t key[4 + 16];
	uint32_t v;
};

struct ents {
	struct ent e[LB_MAX];
	size_t n;
	uint32_t klen;		/* 8 (IPv4) or 20 */
};

static int put_ent(struct ents *w, const struct inany_prefix *p, uint32_t v)
{
	uint32_t plen = p->len, alen;
	const uint8_t *a = inany_bytes(&p->addr, &alen);

	if (w->n >= LB_MAX)
		return -E2BIG;
	memset(&w->e[w->n], 0, sizeof(w->e[0]));
	memcpy(w->e[w->n].key, &plen, 4);
	memcpy(w->e[w->n].key + 4, a, alen);
	w->e[w->n++].v = v;
	return 0;
}

static int put_drop(const struct inany_prefix *p, void *arg)
{
	return put_ent(arg, p, 1);
}

/* The elements of "lan" (@v6: of "lan6") for @net: the prefixes of its
 * ranges of that family drop, the bridge's own addresses pass. */
static int ents_of(const struct lanbpf_net *net, bool v6, struct ents *w)
{
	const struct inany_range *r = v6 ? net->lan6 : net->lan;
	size_t nr = v6 ? net->nlan6 : net->nlan, i;
	int rc = 0;

	w->n = 0;
	w->klen = v6 ? 20 : 8;
	for (i = 0; i < nr && !rc; i++)
		if (inany_is_v4(&r[i].lo) != v6)
			rc = inany_range_prefixes(&r[i], put_drop, w);
	if (!v6 && !rc)
		rc = put_ent(w, &(struct inany_prefix){ net->addr, 32 }, 0);
	for (i = 0; v6 && i < net->nown6 && !rc; i++)
		rc = put_ent(w, &(struct inany_prefix){ net->own6[i], 128 },
			     0);
	return rc;
}

/* "self6"'s one value */
struct self6 {
	uint8_t addr[16];
	uint32_t on;
};

static struct self6 self6_of(const struct lanbpf_net *net)
{
	struct self6 s = { .on = net->v6 };
	uint32_t len;

	if (net->v6)
		memcpy(s.addr, inany_bytes(&net->addr6, &len), 16);
	return s;
}

static uint32_t self_of(const struct lanbpf_net *net)
{
	return htonl(inany_v4(&net->addr));
}

static int fill_map(struct bpf_object *o, const char *name,
		    const struct ents *w)
{
	int fd = bpf_object__find_map_fd_by_name(o, name);
	size_t i;

	if (fd < 0)
		return -ENOENT;
	for (i = 0; i < w->n; i++)
		if (bpf_map_update_elem(fd, w->e[i].key, &w->e[i].v, BPF_ANY))
			return -errno;
	return 0;
}

/* The maps: the LAN prefixes drop, the bridge's addresses pass. */
static int fill_maps(struct bpf_object *o, const void *arg)
{
	const struct lanbpf_net *net = arg;
	static struct ents w;
	struct self6 s6 = self6_of(net);
	uint32_t zero = 0, me = self_of(net);
	int rc;

	rc = ents_of(net, false, &w);
	if (!rc)
		rc = fill_map(o, "lan", &w);
	if (!rc)
		rc = ents_of(net, true, &w);
	if (!rc)
		rc = fill_map(o, "lan6", &w);
	if (!rc && bpf_map_update_elem(bpf_object__find_map_fd_by_name(o,
				       "self"), &zero, &me, BPF_ANY))
		rc = -errno;
	if (!rc && bpf_map_update_elem(bpf_object__find_map_fd_by_name(o,
				       "self6"), &zero, &s6, BPF_ANY))
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
static struct bpf_object *load(int (*fill)(struct bpf_object *,
					   const void *), const void *arg,
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
	rc = fill(o, arg);
	if (rc) {
		snprintf(why, why_size, "cannot fill the BPF filters' maps: %s",
			 strerror(-rc));
		bpf_object__close(o);
		return NULL;
	}
	return o;
}

/* The clsact qdisc of @hook, made when missing. */
static int clsact(struct bpf_tc_hook *hook, char *why, size_t why_size)
{
	int rc = bpf_tc_hook_create(hook);

	if (rc && rc != -EEXIST) {
		snprintf(why, why_size, "cannot add the clsact qdisc: %s",
			 strerror(-rc));
		return rc;
	}
	return 0;
}

/* Program @name of @o on @ifindex's ingress (@dir 0) or egress, replacing
 * what vmnet put there before. */
static int attach(struct bpf_object *o, int ifindex, int dir,
		  const char *name, char *why, size_t why_size)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = dir ? BPF_TC_EGRESS : BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, to, .handle = LB_HANDLE, .priority = LB_PRIO,
		    .flags = BPF_TC_F_REPLACE);
	struct bpf_program *p = bpf_object__find_program_by_name(o, name);
	int rc;

	to.prog_fd = p ? bpf_program__fd(p) : -1;
	rc = bpf_tc_attach(&hook, &to);
	if (rc)
		snprintf(why, why_size, "cannot attach the BPF filter: %s",
			 strerror(-rc));
	return rc;
}

/**
 * lanbpf_install() - put (or replace) both filters on bridge @ifindex of
 * network @network, unless they already hold @net (lanbpfstate.c)
 * @net:	what they hold
 * @why:	on failure, what went wrong
 *
 * The new filter replaces the old one in one step (BPF_TC_F_REPLACE), so
 * the block never lapses while the ranges change.
 *
 * Return: 0 or -errno
 */
int lanbpf_install(int ifindex, const struct lanbpf_net *net,
		   const char *network, char *why, size_t why_size)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	struct bpf_object *o;
	int dir, rc;

	if (lanbpf_current(ifindex, net, network))
		return 0;
	quiet();
	rc = clsact(&hook, why, why_size);
	if (rc)
		return rc;
	o = load(fill_maps, net, why, why_size);
	if (!o)
		return -EINVAL;
	for (dir = 0, rc = 0; dir < 2 && !rc; dir++)
		rc = attach(o, ifindex, dir, prog_name[dir], why, why_size);
	bpf_object__close(o);	/* the filters hold what they use */
	if (!rc)
		lanbpf_remember(ifindex, net, network);
	return rc;
}

static int fill_wlan(struct bpf_object *o, const void *arg)
{
	int fd = bpf_object__find_map_fd_by_name(o, "wlanhost");
	uint32_t zero = 0;

	if (fd < 0)
		return -ENOENT;
	return bpf_map_update_elem(fd, &zero, arg, BPF_ANY) ? -errno : 0;
}

/**
 * lanbpf_prog_id() - the id of the program vmnet's filter on @ifindex's
 * ingress (@egress false) or egress runs; tc says it without
 * CAP_SYS_ADMIN
 *
 * Return: 0, or -ENOENT when there is none
 */
int lanbpf_prog_id(int ifindex, bool egress, uint32_t *id)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = egress ? BPF_TC_EGRESS : BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, o, .handle = LB_HANDLE, .priority = LB_PRIO);

	quiet();
	if (bpf_tc_query(&hook, &o))
		return -ENOENT;
	*id = o.prog_id;
	return 0;
}

/**
 * lanbpf_wlan_install() - put (or replace) the filters of a wlan network
 * whose uplink is @uplink, with MAC @mac: vmnet_wlan_nd on the uplink's
 * egress, and with method netdev vmnet_wlan_host on the ingress of veth
 * end @ifindex (-1: none), by which its VMs' frames to @mac go into the
 * uplink's ingress; unless they already are (lanbpfstate.c)
 * @network:	the network's name
 * @why:	on failure, what went wrong
 *
 * Return: 0 or -errno
 */
int lanbpf_wlan_install(int ifindex, int uplink, const uint8_t mac[6],
			const char *network, char *why, size_t why_size)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = uplink,
		    .attach_point = BPF_TC_EGRESS);
	struct { uint32_t ifindex; uint8_t mac[6], pad[2]; } w = {
		(uint32_t)uplink, { 0 }, { 0 } };
	struct bpf_object *o;
	int rc;

	if (lanbpf_wlan_current(ifindex, uplink, mac, network))
		return 0;
	memcpy(w.mac, mac, 6);
	quiet();
	rc = clsact(&hook, why, why_size);
	if (!rc && ifindex > 0) {
		hook.ifindex = ifindex;
		hook.attach_point = BPF_TC_INGRESS;
		rc = clsact(&hook, why, why_size);
	}
	if (rc)
		return rc;
	o = load(fill_wlan, &w, why, why_size);
	if (!o)
		return -EINVAL;
	rc = attach(o, uplink, 1, WLAN_ND_PROG, why, why_size);
	if (!rc && ifindex > 0)
		rc = attach(o, ifindex, 0, WLAN_PROG, why, why_size);
	bpf_object__close(o);
	if (!rc)
		lanbpf_wlan_remember(ifindex, uplink, mac, network);
	return rc;
}

/**
 * lanbpf_wlan_present() - whether vmnet's wlan filter is on @ifindex:
 * vmnet_wlan_nd on its egress (@egress: an uplink), or vmnet_wlan_host
 * on its ingress (a veth end); what their map holds is not read back
 * (see lanbpf_verify())
 */
bool lanbpf_wlan_present(int ifindex, bool egress)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info), id;
	int pfd;

	if (lanbpf_prog_id(ifindex, egress, &id))
		return false;
	pfd = bpf_prog_get_fd_by_id(id);
	if (pfd < 0)
		return errno == EPERM;
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(pfd, &info, &len))
		info.name[0] = 0;
	close(pfd);
	return !strcmp(info.name, egress ? WLAN_ND_PROG : WLAN_PROG);
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

/* What the filters' maps must hold. */
struct want {
	struct ents lan, lan6;
	uint32_t self;
	struct self6 self6;
};

/* Whether LPM map @fd holds exactly @w. */
static int map_matches(int fd, const struct ents *w)
{
	uint8_t k[sizeof(w->e[0].key)], next[sizeof(w->e[0].key)];
	size_t n = 0, i;
	void *cur = NULL;

	memset(next, 0, sizeof(next));
	while (!bpf_map_get_next_key(fd, cur, next)) {
		uint32_t v;
		bool found = false;

		if (bpf_map_lookup_elem(fd, next, &v))
			return -errno;
		for (i = 0; i < w->n && !found; i++)
			found = !memcmp(w->e[i].key, next, w->klen) &&
				w->e[i].v == v;
		if (!found)
			return 0;
		n++;
		memcpy(k, next, sizeof(k));
		cur = k;
	}
	return n == w->n;
}

/* Whether map @fd holds what @w says its name must: 1 yes, 0 no, 2 not
 * one of the filters' maps, -errno */
static int map_ok(int fd, const struct want *w)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info), zero = 0, v = 0;
	struct self6 s6;

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len))
		return -errno;
	if (!strcmp(info.name, "lan"))
		return map_matches(fd, &w->lan);
	if (!strcmp(info.name, "lan6"))
		return map_matches(fd, &w->lan6);
	if (!strcmp(info.name, "self6"))
		return bpf_map_lookup_elem(fd, &zero, &s6) ? -errno :
		       !memcmp(&s6, &w->self6, sizeof(s6));
	if (strcmp(info.name, "self"))
		return 2;
	if (bpf_map_lookup_elem(fd, &zero, &v))
		return -errno;
	return v == w->self;
}

/* Whether program @pfd is vmnet's filter for direction @dir with maps
 * holding @w: 1 yes, 0 other contents, 2 not vmnet's, -errno */
static int prog_matches(int pfd, int dir, const struct want *w)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info), ids[LB_MAPS] = { 0 }, i;
	int ok = 1;

	memset(&info, 0, sizeof(info));
	info.nr_map_ids = LB_MAPS;
	info.map_ids = (uint64_t)(uintptr_t)ids;
	if (bpf_obj_get_info_by_fd(pfd, &info, &len))
		return -errno;
	if (strcmp(info.name, prog_name[dir]) || !info.nr_map_ids ||
	    info.nr_map_ids > LB_MAPS)
		return 2;
	for (i = 0; i < info.nr_map_ids && ok == 1; i++) {
		int mfd = bpf_map_get_fd_by_id(ids[i]);

		if (mfd < 0)
			return -errno;
		ok = map_ok(mfd, w);
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
int lanbpf_verify(int ifindex, const struct lanbpf_net *net, char *why,
		  size_t why_size)
{
	static struct want w;
	int dir, rc;

	quiet();
	rc = ents_of(net, false, &w.lan);
	if (!rc)
		rc = ents_of(net, true, &w.lan6);
	if (rc)
		return rc;
	w.self = self_of(net);
	w.self6 = self6_of(net);
	for (dir = 0; dir < 2; dir++) {
		uint32_t id;
		int pfd, ok;

		if (lanbpf_prog_id(ifindex, dir, &id)) {
			snprintf(why, why_size, "the LAN block's %s filter on "
				 "the bridge is missing", dir ? "egress" :
				 "ingress");
			return 1;
		}
		pfd = bpf_prog_get_fd_by_id(id);
		if (pfd < 0 && errno == EPERM)
			continue;	/* see above */
		if (pfd < 0)
			return -errno;
		ok = prog_matches(pfd, dir, &w);
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
