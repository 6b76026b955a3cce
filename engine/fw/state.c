// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * state.c - the nf_tables state one network should have (see state.h),
 * built once from vmnet.conf and the host's facts: "up", "print",
 * "status" and vmnetd all start from it. Also the network-wide elements
 * in the form the kernel holds them.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw/state.h"
#include "grow.h"

const int fw_families[FW_NFAM] = { NFPROTO_INET, NFPROTO_BRIDGE,
				   NFPROTO_NETDEV };

/**
 * fw_host_add_ip() - add an address no VM may use (once)
 * @h:	the host's facts
 * @ip:	address
 *
 * Return: 0, or -ENOSPC when the table is full
 */
int fw_host_add_ip(struct fw_host *h, const union inany *ip)
{
	bool v4 = inany_is_v4(ip);
	union inany *v = v4 ? h->hostips : h->hostips6;
	size_t *n = v4 ? &h->nhostips : &h->nhostips6, i;

	for (i = 0; i < *n; i++)
		if (inany_equal(&v[i], ip))
			return 0;
	if (*n == FW_MAX_HOSTIPS)
		return -ENOSPC;
	v[(*n)++] = *ip;
	return 0;
}

/**
 * fw_host_add_mac() - note a MAC no VM may use (infrastructure), or that
 * only the users of an ACL rule may (@pinned); once
 *
 * Return: 0 or -ENOSPC
 */
int fw_host_add_mac(struct fw_host *h, bool pinned, const uint8_t mac[6])
{
	uint8_t (*v)[6] = pinned ? h->pinmac : h->infra;
	size_t *n = pinned ? &h->npinmac : &h->ninfra, i;

	for (i = 0; i < *n; i++)
		if (!memcmp(v[i], mac, 6))
			return 0;
	if (*n == FW_MAX_MACS)
		return -ENOSPC;
	memcpy(v[(*n)++], mac, 6);
	return 0;
}

/* Move a built rule into the state. */
void fw_add_rule(struct fw_state *st, enum fw_chain c, struct fw_rule *r)
{
	struct fw_rules *rs = &st->rules[c];
	char *text = NULL;
	void *nv = NULL;

	if (r->unmet && !st->unmet[0])
		snprintf(st->unmet, sizeof(st->unmet), "%s: %s", st->chain[c],
			 r->text);
	if (r->k.oom || r->overflow || !(text = strdup(r->text)) ||
	    !(nv = grow(rs->v, rs->n, &rs->cap, sizeof(*rs->v), 16))) {
		st->oom = true;
		free(text);
		fr_end(r);
		return;
	}
	rs->v = nv;
	rs->v[rs->n].r = r->k.r;
	rs->v[rs->n].text = text;
	rs->v[rs->n].raw = r->raw;
	rs->n++;
	r->k.r = NULL;
}

/* Free what fw_state_build() allocated. */
void fw_state_free(struct fw_state *st)
{
	size_t c, i;

	for (c = 0; c < FC_NCHAINS; c++) {
		for (i = 0; i < st->rules[c].n; i++) {
			nftnl_rule_free(st->rules[c].v[i].r);
			free(st->rules[c].v[i].text);
		}
		free(st->rules[c].v);
	}
}

/**
 * fw_state_build() - network @n's whole nf_tables state, without a
 * kernel: names, rules (kernel expressions and nft text), elements
 * @st:	result, fw_state_free() it
 * @n:	network
 * @h:	the host's facts, or NULL for none
 *
 * Return: 0 or -ENOMEM
 */
int fw_state_build(struct fw_state *st, const struct conf_network *n,
		       const struct fw_host *h)
{
	static const struct fw_host none;
	int i;

	memset(st, 0, sizeof(*st));
	if (!h)
		h = &none;
	fw_net_of(n, &st->net);
	st->conf = n;
	st->host = h;
	st->v6 = mode_of(n)->routed && net_v6(n);
	memcpy(st->bridge, n->bridge, sizeof(st->bridge));
	memcpy(st->uplink, n->uplink, sizeof(st->uplink));
	if (mode_of(n)->has_veth) {
		char vside[VAL_IFNAME_MAX + 1];

		conf_wlan_veth(n, vside, st->vmend);
	}
	for (i = 0; i < FS_NSETS; i++)
		fw_set_name(&st->net, (enum fw_set)i, st->set[i]);
	for (i = 0; i < FC_NCHAINS; i++)
		fw_chain_name(&st->net, (enum fw_chain)i, st->chain[i]);
	if (fw_guarded(&st->net)) {
		fw_guard_rules(st);
		fw_snoop_rules(st);
		fw_seal_rules(st);
	}
	if (mode_of(n)->routed)
		fw_isolated_rules(st);
	if (mode_of(n)->mac_nat)
		fw_wlan_rules(st);
	st->elems[FS_LAN] = (struct fw_elems){ FE_RANGES, .ranges = h->lan,
					       .n = h->nlan };
	st->elems[FS_LAN6] = (struct fw_elems){ FE_RANGES, .ranges = h->lan6,
						.n = h->nlan6 };
	st->elems[FS_SUBNET] = (struct fw_elems){ FE_RANGES,
		.ranges = h->subnets, .n = h->nsubnets };
	st->elems[FS_HOSTIPS] = (struct fw_elems){ FE_IPS, .ips = h->hostips,
						   .n = h->nhostips };
	st->elems[FS_SUBNET6] = (struct fw_elems){ FE_RANGES,
		.ranges = h->subnets6, .n = h->nsubnets6 };
	st->elems[FS_HOSTIPS6] = (struct fw_elems){ FE_IPS,
		.ips = h->hostips6, .n = h->nhostips6 };
	st->elems[FS_PINIP6] = (struct fw_elems){ FE_IPS, .ips = h->pinip6,
						  .n = h->npinip6 };
	st->elems[FS_PINIP] = (struct fw_elems){ FE_IPS, .ips = h->pinip,
						 .n = h->npinip };
	st->elems[FS_INFRA] = (struct fw_elems){ FE_MACS, .macs = h->infra,
						 .n = h->ninfra };
	st->elems[FS_PINMAC] = (struct fw_elems){ FE_MACS, .macs = h->pinmac,
						  .n = h->npinmac };
	st->elems[FS_GWMAC] = (struct fw_elems){ FE_MACS, .macs = h->gwmac,
						 .n = h->ngwmac };
	st->elems[FS_LANPORTS] = (struct fw_elems){ FE_NAMES,
		.names = h->lanports, .n = h->nlanports };
	if (st->oom || st->unmet[0]) {
		fw_state_free(st);
		return st->oom ? -ENOMEM : -EPROTO;
	}
	return 0;
}

/* ---- raw elements of the network-wide sets ---------------------------- */



/**
 * fw_raw_add() - append one element's key to @a
 * @a:		elements
 * @key:	key bytes
 * @klen:	its length (at most 16)
 * @flags:	NFT_SET_ELEM_* flags
 *
 * Return: 0, -EINVAL for a key too long, or -ENOMEM
 */
int fw_raw_add(struct fw_raw_elems *a, const void *key, uint32_t klen,
		   uint32_t flags)
{
	void *nv;

	if (klen > sizeof(a->v[0].key))
		return -EINVAL;
	nv = grow(a->v, a->n, &a->cap, sizeof(*a->v), 64);
	if (!nv)
		return -ENOMEM;
	a->v = nv;
	memset(&a->v[a->n], 0, sizeof(a->v[0]));
	memcpy(a->v[a->n].key, key, klen);
	a->v[a->n].klen = klen;
	a->v[a->n].flags = flags;
	a->n++;
	return 0;
}

/* @a as a key of its family's set. */
static int raw_addr(struct fw_raw_elems *out, const union inany *a,
		    uint32_t flags)
{
	uint32_t len;
	const uint8_t *k = inany_bytes(a, &len);

	return fw_raw_add(out, k, len, flags);
}

/* An interval set's elements, as nft writes them: an end marker at the
 * family's first address unless a range starts there, then the start and
 * the end + 1 (end flag) of each range (none after the family's last). */
static int raw_ranges(const struct fw_elems *e, struct fw_raw_elems *out)
{
	struct inany_prefix all;
	struct inany_range family;
	union inany end;
	size_t i;
	int rc = 0;

	if (!e->n)
		return 0;	/* (no element says which family it is) */
	all = (struct inany_prefix){ e->ranges[0].lo, 0 };
	inany_prefix_range(&all, &family);
	if (!inany_equal(&e->ranges[0].lo, &family.lo))
		rc = raw_addr(out, &family.lo, NFT_SET_ELEM_INTERVAL_END);
	for (i = 0; i < e->n && !rc; i++) {
		rc = raw_addr(out, &e->ranges[i].lo, 0);
		end = e->ranges[i].hi;
		if (!rc && !inany_next(&end))
			rc = raw_addr(out, &end, NFT_SET_ELEM_INTERVAL_END);
	}
	return rc;
}

/* The elements as the kernel holds them. */
int fw_raw_of(const struct fw_elems *e, struct fw_raw_elems *out)
{
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	switch (e->type) {
	case FE_RANGES:
		rc = raw_ranges(e, out);
		break;
	case FE_IPS:
		for (i = 0; i < e->n && !rc; i++)
			rc = raw_addr(out, &e->ips[i], 0);
		break;
	case FE_MACS:
		for (i = 0; i < e->n && !rc; i++)
			rc = fw_raw_add(out, e->macs[i], 6, 0);
		break;
	case FE_NAMES:
		for (i = 0; i < e->n && !rc; i++) {
			uint8_t k16[16] = { 0 };

			memcpy(k16, e->names[i], strnlen(e->names[i], 15));
			rc = fw_raw_add(out, k16, 16, 0);
		}
		break;
	case FE_NONE:
		break;
	}
	if (rc) {
		free(out->v);
		out->v = NULL;
	}
	return rc;
}

/* Whether chain @family @name is one of @st's network's. */
bool fw_want_chain(const struct fw_state *st, int family, const char *name)
{
	int c;

	for (c = 0; c < FC_NCHAINS; c++)
		if (fw_has_chain(&st->net, (enum fw_chain)c) &&
		    fw_chain_family((enum fw_chain)c) == family &&
		    !strcmp(st->chain[c], name))
			return true;
	return false;
}

/* Whether set @family @name is one of @st's network's. */
bool fw_want_set(const struct fw_state *st, int family, const char *name)
{
	int s;

	for (s = 0; s < FS_NSETS; s++)
		if (fw_has_set(&st->net, (enum fw_set)s) &&
		    fw_set_family(&st->net, (enum fw_set)s) == family &&
		    !strcmp(st->set[s], name))
			return true;
	return false;
}

/* The device a netdev chain hooks (the uplink, the veth end), or NULL. */
const char *fw_chain_dev(const struct fw_state *st, enum fw_chain c)
{
	if (c == FC_UP || c == FC_HOSTVM)
		return st->uplink;
	if (c == FC_VM)
		return st->vmend;
	return NULL;
}
