// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lanbpf.c - the LAN block's second line (see lanbpf.h).
 *
 * nf_tables does the LAN block (fwd_NET, in_NET); "nft flush ruleset" (what
 * "systemctl restart nftables" does on Debian) or "nft delete table inet
 * vmnet" removes it at once, and until someone (vmnetd) restores it the
 * VMs would reach the LAN and every host address. So the bridge device
 * also carries two tc filters of its own, which no nf_tables command
 * touches:
 *
 *   ingress (what the VMs send into the host: to the host itself or to be
 *            routed): dropped when the IPv4 destination lies in a LAN
 *            range, unless it is the bridge's own address;
 *   egress   (what the host sends into the bridge: routed from elsewhere,
 *            or from the host): dropped when the IPv4 source lies in a LAN
 *            range, unless it is the bridge's own address.
 *
 * VM to VM traffic stays inside the bridge and passes neither. The LAN
 * ranges (lan_NET: private, shared and link-local ranges, the host's
 * subnets, block-extra) include every host address, so nothing of the
 * host but the bridge address is reachable. Each filter is a small BPF
 * program with a longest-prefix-match map: the bridge address as a /32
 * that passes, the LAN prefixes that drop; its cost does not grow with
 * the number of VMs and is paid only by the network's own traffic.
 *
 * Why not policy routing rules (ip rule ... prohibit): they do not
 * survive less, but every packet the host routes walks them, and no rule
 * can come before the "local" table, so a VM's packets to the host's other
 * addresses would still be delivered. Why not tc flower: many kernels
 * (this project's test machines among them) build neither cls_flower nor
 * act_gact; cls_bpf in direct-action mode needs neither.
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
#define LB_MAX 4096		/* prefixes per map */

static const char *const prog_name[2] = { "vmnet_lan_in", "vmnet_lan_out" };

struct lpm_key {
	uint32_t prefixlen;
	uint32_t addr;		/* network byte order */
};

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
			    .off = (o), .imm = (i) })

/*
 * r6 = skb; if (skb->protocol != IPv4) pass;
 * if (bpf_skb_load_bytes(skb, @off, fp - 4, 4)) pass;
 * key = { 32, addr } at fp - 8; v = lookup(map, key);
 * if (!v || !*v) pass; drop.
 * @off: the IPv4 destination (ingress) or source (egress) after the
 * 14-byte Ethernet header (tc puts skb->data at the MAC header, and VLAN
 * tags are already taken off).
 */
static int load_prog(int mapfd, bool ingress, char *why, size_t why_size)
{
	const struct bpf_insn p[] = {
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 6, 1, 0, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_W, 2, 6,
		     offsetof(struct __sk_buff, protocol), 0),
		INSN(BPF_JMP | BPF_JNE | BPF_K, 2, 0, 18, htons(0x0800)),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 1, 6, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 2, 0, 0,
		     ingress ? 14 + 16 : 14 + 12),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 3, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 3, 0, 0, -4),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 4, 0, 0, 4),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_skb_load_bytes),
		INSN(BPF_JMP | BPF_JNE | BPF_K, 0, 0, 11, 0),
		INSN(BPF_ST | BPF_MEM | BPF_W, 10, 0, -8, 32),
		INSN(BPF_LD | BPF_DW | BPF_IMM, 1, BPF_PSEUDO_MAP_FD, 0, mapfd),
		INSN(0, 0, 0, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, 2, 10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, 2, 0, 0, -8),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 4, 0),
		INSN(BPF_LDX | BPF_MEM | BPF_W, 0, 0, 0, 0),
		INSN(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, TC_ACT_SHOT),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, TC_ACT_UNSPEC),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_SCHED_CLS, prog_name[!ingress],
			       "GPL", p, sizeof(p) / sizeof(p[0]), NULL);

	if (fd < 0)
		snprintf(why, why_size, "cannot load the BPF filter: %s",
			 strerror(errno));
	return fd < 0 ? -errno : fd;
}

/* Split [lo, hi] into CIDR prefixes: call @put for each, largest first
 * from lo upwards. */
static int range_prefixes(uint32_t lo, uint32_t hi,
			  int (*put)(uint32_t addr, uint8_t len, void *ctx),
			  void *ctx)
{
	uint64_t cur = lo, end = (uint64_t)hi + 1;
	int rc;

	while (cur < end) {
		uint8_t len = 32;

		/* grow the block while it stays aligned and inside */
		while (len > 0) {
			uint64_t size = 1ull << (32 - (len - 1));

			if ((cur & (size - 1)) || cur + size > end)
				break;
			len--;
		}
		rc = put((uint32_t)cur, len, ctx);
		if (rc)
			return rc;
		cur += 1ull << (32 - len);
	}
	return 0;
}

struct fill_ctx {
	int fd;
	size_t n;
};

static int fill_one(uint32_t addr, uint8_t len, void *arg)
{
	struct fill_ctx *f = arg;
	struct lpm_key k = { len, htonl(addr) };
	uint32_t drop = 1;

	if (++f->n > LB_MAX)
		return -E2BIG;
	return bpf_map_update_elem(f->fd, &k, &drop, BPF_ANY) ? -errno : 0;
}

/* A map: the LAN prefixes drop, the bridge address passes. */
static int make_map(bool ingress, uint32_t bridge_addr,
		    const struct lan_range *lan, size_t nlan, char *why,
		    size_t why_size)
{
	LIBBPF_OPTS(bpf_map_create_opts, mo, .map_flags = BPF_F_NO_PREALLOC);
	struct lpm_key self = { 32, htonl(bridge_addr) };
	struct fill_ctx f;
	uint32_t pass = 0;
	size_t i;
	int rc = 0;

	f.fd = bpf_map_create(BPF_MAP_TYPE_LPM_TRIE, prog_name[!ingress],
			      sizeof(struct lpm_key), sizeof(uint32_t), LB_MAX,
			      &mo);
	f.n = 0;
	if (f.fd < 0) {
		snprintf(why, why_size, "cannot create the BPF map: %s",
			 strerror(errno));
		return -errno;
	}
	for (i = 0; i < nlan && !rc; i++)
		rc = range_prefixes(lan[i].lo, lan[i].hi, fill_one, &f);
	if (!rc && bpf_map_update_elem(f.fd, &self, &pass, BPF_ANY))
		rc = -errno;
	if (rc) {
		snprintf(why, why_size, "cannot fill the BPF map: %s",
			 strerror(-rc));
		close(f.fd);
		return rc;
	}
	return f.fd;
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

/**
 * lanbpf_install() - put (or replace) both filters on bridge @ifindex
 * @bridge_addr:	the bridge's address (host byte order)
 * @lan:		the LAN ranges
 * @why:		on failure, what went wrong
 *
 * The new filter replaces the old one in one step (BPF_TC_F_REPLACE), so
 * the block never lapses while the ranges change.
 *
 * Return: 0 or -errno
 */
int lanbpf_install(int ifindex, uint32_t bridge_addr,
		   const struct lan_range *lan, size_t nlan, char *why,
		   size_t why_size)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	int dir, rc;

	quiet();
	rc = bpf_tc_hook_create(&hook);
	if (rc && rc != -EEXIST) {
		snprintf(why, why_size, "cannot add the clsact qdisc: %s",
			 strerror(-rc));
		return rc;
	}
	for (dir = 0; dir < 2; dir++) {
		bool ingress = dir == 0;
		LIBBPF_OPTS(bpf_tc_opts, o, .handle = LB_HANDLE,
			    .priority = LB_PRIO, .flags = BPF_TC_F_REPLACE);
		int map = make_map(ingress, bridge_addr, lan, nlan, why,
				   why_size);
		int prog;

		if (map < 0)
			return map;
		prog = load_prog(map, ingress, why, why_size);
		close(map);	/* the program holds it */
		if (prog < 0)
			return prog;
		hook.attach_point = ingress ? BPF_TC_INGRESS : BPF_TC_EGRESS;
		o.prog_fd = prog;
		rc = bpf_tc_attach(&hook, &o);
		close(prog);	/* the filter holds it */
		if (rc) {
			snprintf(why, why_size, "cannot attach the BPF filter: "
				 "%s", strerror(-rc));
			return rc;
		}
	}
	return 0;
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

static int want_one(uint32_t addr, uint8_t len, void *arg)
{
	struct want *w = arg;

	if (w->n >= LB_MAX)
		return -E2BIG;
	w->k[w->n] = (struct lpm_key){ len, htonl(addr) };
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
int lanbpf_verify(int ifindex, uint32_t bridge_addr,
		  const struct lan_range *lan, size_t nlan, char *why,
		  size_t why_size)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex);
	static struct want w;
	size_t i;
	int dir, rc = 0;

	quiet();
	w.n = 0;
	for (i = 0; i < nlan && !rc; i++)
		rc = range_prefixes(lan[i].lo, lan[i].hi, want_one, &w);
	if (rc)
		return rc;
	w.k[w.n] = (struct lpm_key){ 32, htonl(bridge_addr) };
	w.v[w.n++] = 0;
	for (dir = 0; dir < 2; dir++) {
		LIBBPF_OPTS(bpf_tc_opts, o, .handle = LB_HANDLE,
			    .priority = LB_PRIO);
		struct bpf_prog_info info;
		uint32_t len = sizeof(info), map_id = 0;
		int pfd, mfd, ok;

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
		memset(&info, 0, sizeof(info));
		info.nr_map_ids = 1;
		info.map_ids = (uint64_t)(uintptr_t)&map_id;
		rc = bpf_obj_get_info_by_fd(pfd, &info, &len);
		close(pfd);
		if (rc)
			return -errno;
		if (strcmp(info.name, prog_name[dir]) || info.nr_map_ids != 1) {
			snprintf(why, why_size, "the bridge's %s filter is not "
				 "vmnet's", dir ? "egress" : "ingress");
			return 1;
		}
		mfd = bpf_map_get_fd_by_id(map_id);
		if (mfd < 0)
			return -errno;
		ok = map_matches(mfd, &w);
		close(mfd);
		if (ok < 0)
			return ok;
		if (!ok) {
			snprintf(why, why_size, "the LAN block's %s filter "
				 "holds other ranges than the host has now",
				 dir ? "egress" : "ingress");
			return 1;
		}
	}
	return 0;
}
