// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net.c - a network's own nf_tables state (see fwnet.h): built once into a
 * struct fw_state from vmnet.conf and the host's facts, then installed,
 * printed or compared with the kernel, all from that one description.
 *
 * Installing is ONE transaction: declare every table, chain and set
 * (creating what is missing), empty the chains, refill them, refill the
 * network-wide sets; chains and sets the network had in an earlier
 * configuration go, and a set whose kind changed is recreated (its per-VM
 * elements are then restored by the caller from the taps' records).
 * Per-VM elements of sets that stay are never touched. The kernel applies
 * all of it or none, so packets never see a half-built network.
 *
 * Netdev chains hook a device by name; they are always deleted and added
 * again in the transaction, so that they hook the device of that name now
 * (a recreated uplink or veth end), and adding fails while it is missing.
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

#include "state.h"

static const int families[] = { NFPROTO_INET, NFPROTO_BRIDGE, NFPROTO_NETDEV };
#define NFAM (sizeof(families) / sizeof(families[0]))

/**
 * fw_host_add_ip() - note an address no VM may use (once)
 *
 * Return: 0 or -ENOSPC
 */
int fw_host_add_ip(struct fw_host *h, uint32_t ip)
{
	size_t i;

	for (i = 0; i < h->nhostips; i++)
		if (h->hostips[i] == ip)
			return 0;
	if (h->nhostips == FW_MAX_HOSTIPS)
		return -ENOSPC;
	h->hostips[h->nhostips++] = ip;
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

	if (r->k.oom || r->overflow || !(text = strdup(r->text))) {
		st->oom = true;
		free(text);
		fr_end(r);
		return;
	}
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 16;
		void *nv = realloc(rs->v, cap * sizeof(*rs->v));

		if (!nv) {
			st->oom = true;
			free(text);
			fr_end(r);
			return;
		}
		rs->v = nv;
		rs->cap = cap;
	}
	rs->v[rs->n].r = r->k.r;
	rs->v[rs->n].text = text;
	rs->n++;
	r->k.r = NULL;
}

static void state_free(struct fw_state *st)
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

static int state_build(struct fw_state *st, const struct conf_network *n,
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
	memcpy(st->bridge, n->bridge, sizeof(st->bridge));
	memcpy(st->uplink, n->uplink, sizeof(st->uplink));
	if (n->mode == CONF_WLAN) {
		char vside[VAL_IFNAME_MAX + 1];

		conf_wlan_veth(n, vside, st->vmend);
	}
	for (i = 0; i < FS_NSETS; i++)
		fw_set_name(&st->net, (enum fw_set)i, st->set[i]);
	for (i = 0; i < FC_NCHAINS; i++)
		fw_chain_name(&st->net, (enum fw_chain)i, st->chain[i]);
	if (fw_guarded(&st->net))
		fw_guard_rules(st);
	if (st->net.kind == CONF_FW_ISOLATED)
		fw_isolated_rules(st);
	if (n->mode == CONF_WLAN)
		fw_wlan_rules(st);
	st->elems[FS_LAN] = (struct fw_elems){ FE_RANGES, .ranges = h->lan,
					       .n = h->nlan };
	st->elems[FS_SUBNET] = (struct fw_elems){ FE_RANGES,
		.ranges = h->subnets, .n = h->nsubnets };
	st->elems[FS_HOSTIPS] = (struct fw_elems){ FE_IPS, .ips = h->hostips,
						   .n = h->nhostips };
	st->elems[FS_PINIP] = (struct fw_elems){ FE_IPS, .ips = h->pinip,
						 .n = h->npinip };
	st->elems[FS_INFRA] = (struct fw_elems){ FE_MACS, .macs = h->infra,
						 .n = h->ninfra };
	st->elems[FS_PINMAC] = (struct fw_elems){ FE_MACS, .macs = h->pinmac,
						  .n = h->npinmac };
	st->elems[FS_LANPORTS] = (struct fw_elems){ FE_NAMES,
		.names = h->lanports, .n = h->nlanports };
	if (st->oom) {
		state_free(st);
		return -ENOMEM;
	}
	return 0;
}

/* ---- raw elements of the network-wide sets ---------------------------- */

struct raw_elem {
	uint8_t key[16];
	uint32_t klen, flags;
};

struct raw_elems {
	struct raw_elem *v;
	size_t n, cap;
};

static int raw_add(struct raw_elems *a, const void *key, uint32_t klen,
		   uint32_t flags)
{
	if (klen > sizeof(a->v[0].key))
		return -EINVAL;
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		void *nv = realloc(a->v, cap * sizeof(*a->v));

		if (!nv)
			return -ENOMEM;
		a->v = nv;
		a->cap = cap;
	}
	memset(&a->v[a->n], 0, sizeof(a->v[0]));
	memcpy(a->v[a->n].key, key, klen);
	a->v[a->n].klen = klen;
	a->v[a->n].flags = flags;
	a->n++;
	return 0;
}

/*
 * The elements as the kernel holds them. Interval sets, as nft writes
 * them: an end marker at 0 unless a range starts there, then the start
 * and end + 1 (end flag) of each range.
 */
static int raw_of(const struct fw_elems *e, struct raw_elems *out)
{
	uint32_t k = 0;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	switch (e->type) {
	case FE_RANGES:
		if (!e->n || e->ranges[0].lo != 0)
			rc = raw_add(out, &k, 4, NFT_SET_ELEM_INTERVAL_END);
		for (i = 0; i < e->n && !rc; i++) {
			k = htonl(e->ranges[i].lo);
			rc = raw_add(out, &k, 4, 0);
			if (!rc && e->ranges[i].hi != UINT32_MAX) {
				k = htonl(e->ranges[i].hi + 1);
				rc = raw_add(out, &k, 4,
					     NFT_SET_ELEM_INTERVAL_END);
			}
		}
		break;
	case FE_IPS:
		for (i = 0; i < e->n && !rc; i++) {
			k = htonl(e->ips[i]);
			rc = raw_add(out, &k, 4, 0);
		}
		break;
	case FE_MACS:
		for (i = 0; i < e->n && !rc; i++)
			rc = raw_add(out, e->macs[i], 6, 0);
		break;
	case FE_NAMES:
		for (i = 0; i < e->n && !rc; i++) {
			uint8_t k16[16] = { 0 };

			memcpy(k16, e->names[i], strnlen(e->names[i], 15));
			rc = raw_add(out, k16, 16, 0);
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

/* ---- what the kernel has of the network -------------------------------- */

struct have_chain {
	int family;
	char name[FW_NAME_MAX];
	char type[16], dev[IFNAMSIZ];
	bool base;
	uint32_t hook, policy;
	int32_t prio;
	char **rules;		/* expression texts, in order */
	size_t nrules, caprules;
};

struct have_set {
	int family;
	char name[FW_NAME_MAX];
	uint32_t flags, key_type, key_len, data_type, data_len, size;
	uint64_t timeout;
};

struct have {
	const struct fw_net *net;
	struct have_chain chains[FC_NCHAINS * 2];
	size_t nchains;
	struct have_set sets[FS_NSETS * 2];
	size_t nsets;
	int family;		/* of the dump in progress */
	bool overflow;
};

static int chain_cb(const struct nftnl_chain *o, void *arg)
{
	struct have *h = arg;
	const char *name = nftnl_chain_get_str(o, NFTNL_CHAIN_NAME);
	struct have_chain *c;

	if (!name || !fw_object_of(h->net, name, true))
		return 0;
	if (h->nchains == sizeof(h->chains) / sizeof(h->chains[0])) {
		h->overflow = true;
		return 0;
	}
	c = &h->chains[h->nchains++];
	memset(c, 0, sizeof(*c));
	c->family = h->family;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->base = nftnl_chain_is_set(o, NFTNL_CHAIN_HOOKNUM);
	if (c->base) {
		const char *t = nftnl_chain_get_str(o, NFTNL_CHAIN_TYPE);
		const char *d = nftnl_chain_is_set(o, NFTNL_CHAIN_DEV) ?
				nftnl_chain_get_str(o, NFTNL_CHAIN_DEV) : NULL;

		c->hook = nftnl_chain_get_u32(o, NFTNL_CHAIN_HOOKNUM);
		c->prio = nftnl_chain_get_s32(o, NFTNL_CHAIN_PRIO);
		c->policy = nftnl_chain_get_u32(o, NFTNL_CHAIN_POLICY);
		snprintf(c->type, sizeof(c->type), "%s", t ? t : "");
		snprintf(c->dev, sizeof(c->dev), "%s", d ? d : "");
	}
	return 0;
}

static int set_cb(const struct nftnl_set *o, void *arg)
{
	struct have *h = arg;
	const char *name = nftnl_set_get_str(o, NFTNL_SET_NAME);
	struct have_set *s;

	if (!name || !fw_object_of(h->net, name, false))
		return 0;
	if (h->nsets == sizeof(h->sets) / sizeof(h->sets[0])) {
		h->overflow = true;
		return 0;
	}
	s = &h->sets[h->nsets++];
	memset(s, 0, sizeof(*s));
	s->family = h->family;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->flags = nftnl_set_get_u32(o, NFTNL_SET_FLAGS);
	s->key_type = nftnl_set_get_u32(o, NFTNL_SET_KEY_TYPE);
	s->key_len = nftnl_set_get_u32(o, NFTNL_SET_KEY_LEN);
	if (nftnl_set_is_set(o, NFTNL_SET_DATA_TYPE))
		s->data_type = nftnl_set_get_u32(o, NFTNL_SET_DATA_TYPE);
	if (nftnl_set_is_set(o, NFTNL_SET_DATA_LEN))
		s->data_len = nftnl_set_get_u32(o, NFTNL_SET_DATA_LEN);
	if (nftnl_set_is_set(o, NFTNL_SET_DESC_SIZE))
		s->size = nftnl_set_get_u32(o, NFTNL_SET_DESC_SIZE);
	if (nftnl_set_is_set(o, NFTNL_SET_TIMEOUT))
		s->timeout = nftnl_set_get_u64(o, NFTNL_SET_TIMEOUT);
	return 0;
}

static struct have_chain *have_chain(struct have *h, int family,
				     const char *name)
{
	size_t i;

	for (i = 0; i < h->nchains; i++)
		if (h->chains[i].family == family &&
		    !strcmp(h->chains[i].name, name))
			return &h->chains[i];
	return NULL;
}

static struct have_set *have_set(struct have *h, int family, const char *name)
{
	size_t i;

	for (i = 0; i < h->nsets; i++)
		if (h->sets[i].family == family && !strcmp(h->sets[i].name, name))
			return &h->sets[i];
	return NULL;
}

/* The kernel reports every dynset's timeout, "timeout 0ms" meaning none:
 * what a rule built without one says by leaving it out. */
static void strip_zero_timeout(char *s)
{
	static const char zero[] = " timeout 0ms";
	char *p;

	while ((p = strstr(s, zero)))
		memmove(p, p + sizeof(zero) - 1, strlen(p + sizeof(zero) - 1) + 1);
}

static int rule_cb(const struct nftnl_rule *o, void *arg)
{
	struct have *h = arg;
	const char *chain = nftnl_rule_get_str(o, NFTNL_RULE_CHAIN);
	struct have_chain *c = chain ? have_chain(h, h->family, chain) : NULL;
	char buf[2048];

	if (!c)
		return 0;
	if (nft_rule_expr_text(o, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "(unreadable rule)");
	strip_zero_timeout(buf);
	if (c->nrules == c->caprules) {
		size_t cap = c->caprules ? c->caprules * 2 : 16;
		void *nv = realloc(c->rules, cap * sizeof(*c->rules));

		if (!nv)
			return -ENOMEM;
		c->rules = nv;
		c->caprules = cap;
	}
	c->rules[c->nrules] = strdup(buf);
	if (!c->rules[c->nrules])
		return -ENOMEM;
	c->nrules++;
	return 0;
}

static void have_free(struct have *h)
{
	size_t i, j;

	for (i = 0; i < h->nchains; i++) {
		for (j = 0; j < h->chains[i].nrules; j++)
			free(h->chains[i].rules[j]);
		free(h->chains[i].rules);
	}
}

/* Read the network's chains and sets (and with @rules their rules). */
static int have_read(struct nft_conn *c, const struct fw_net *net,
		     bool rules, struct have *h)
{
	size_t f;
	int rc = 0;

	memset(h, 0, sizeof(*h));
	h->net = net;
	for (f = 0; f < NFAM && !rc; f++) {
		h->family = families[f];
		rc = nft_dump_chains(c, families[f], chain_cb, h);
		if (!rc)
			rc = nft_dump_sets(c, families[f], set_cb, h);
		if (!rc && rules)
			rc = nft_dump_rules(c, families[f], rule_cb, h);
	}
	if (!rc && h->overflow)
		rc = -E2BIG;
	if (rc)
		have_free(h);
	return rc;
}

static bool set_same(const struct have_set *s, const struct nft_set_spec *sp)
{
	return s->flags == sp->flags && s->key_type == sp->key_type &&
	       s->key_len == sp->key_len && s->size == sp->size &&
	       s->timeout == sp->timeout_ms &&
	       (!(sp->flags & NFT_SET_MAP) ||
		(s->data_type == sp->data_type && s->data_len == sp->data_len));
}

static bool want_chain(const struct fw_state *st, int family, const char *name)
{
	int c;

	for (c = 0; c < FC_NCHAINS; c++)
		if (fw_has_chain(&st->net, (enum fw_chain)c) &&
		    fw_chain_family((enum fw_chain)c) == family &&
		    !strcmp(st->chain[c], name))
			return true;
	return false;
}

static bool want_set(const struct fw_state *st, int family, const char *name)
{
	int s;

	for (s = 0; s < FS_NSETS; s++)
		if (fw_has_set(&st->net, (enum fw_set)s) &&
		    fw_set_family(&st->net, (enum fw_set)s) == family &&
		    !strcmp(st->set[s], name))
			return true;
	return false;
}

static const char *chain_dev(const struct fw_state *st, enum fw_chain c)
{
	if (c == FC_UP)
		return st->uplink;
	if (c == FC_VM)
		return st->vmend;
	return NULL;
}

/* ---- install ----------------------------------------------------------- */

static int fill_txn(struct nft_txn *t, const struct fw_state *st,
		    const struct have *h)
{
	const struct fw_net *net = &st->net;
	bool fam_used[NFAM] = { false };
	size_t f, i;
	int c, s, rc;

	for (c = 0; c < FC_NCHAINS; c++)
		for (f = 0; f < NFAM; f++)
			if (fw_has_chain(net, (enum fw_chain)c) &&
			    fw_chain_family((enum fw_chain)c) == families[f])
				fam_used[f] = true;
	for (s = 0; s < FS_NSETS; s++)
		for (f = 0; f < NFAM; f++)
			if (fw_has_set(net, (enum fw_set)s) &&
			    fw_set_family(net, (enum fw_set)s) == families[f])
				fam_used[f] = true;
	for (f = 0; f < NFAM; f++)
		if (fam_used[f])
			nft_table_add(t, families[f], NFT_TABLE);

	/* Chains: the earlier configuration's go first. */
	for (i = 0; i < h->nchains; i++)
		if (!want_chain(st, h->chains[i].family, h->chains[i].name))
			nft_chain_del(t, h->chains[i].family, NFT_TABLE,
				      h->chains[i].name);
	for (c = 0; c < FC_NCHAINS; c++) {
		enum fw_chain id = (enum fw_chain)c;
		int fam = fw_chain_family(id);
		const char *dev = chain_dev(st, id);

		if (!fw_has_chain(net, id))
			continue;
		if (dev && have_chain((struct have *)h, fam, st->chain[c]))
			nft_chain_del(t, fam, NFT_TABLE, st->chain[c]);
		nft_chain_add(t, fam, NFT_TABLE, st->chain[c],
			      fw_chain_type(id), fw_chain_hook(id),
			      fw_chain_prio(id), dev);
		if (!dev)
			nft_chain_flush(t, fam, NFT_TABLE, st->chain[c]);
	}

	/* Sets: declared (recreated when their kind changed), the
	 * network-wide ones refilled. */
	for (s = 0; s < FS_NSETS; s++) {
		enum fw_set id = (enum fw_set)s;
		struct nft_set_spec sp;
		struct have_set *hs;
		struct raw_elems raw;
		char name[FW_NAME_MAX];
		int fam;

		if (!fw_has_set(net, id))
			continue;
		fam = fw_set_family(net, id);
		fw_set_spec(net, id, name, &sp);
		hs = have_set((struct have *)h, fam, name);
		if (hs && !set_same(hs, &sp))
			nft_set_del(t, fam, NFT_TABLE, name);
		nft_set_add(t, fam, NFT_TABLE, &sp);
		if (!fw_set_static(id))
			continue;
		nft_set_flush(t, fam, NFT_TABLE, name);
		rc = raw_of(&st->elems[s], &raw);
		if (rc)
			return rc;
		for (i = 0; i < raw.n; i++)
			nft_elem(t, true, fam, NFT_TABLE, name, raw.v[i].key,
				 raw.v[i].klen, NULL, 0, raw.v[i].flags);
		free(raw.v);
	}

	for (c = 0; c < FC_NCHAINS; c++) {
		int fam = fw_chain_family((enum fw_chain)c);

		for (i = 0; i < st->rules[c].n; i++)
			nft_rule_append(t, fam, NFT_TABLE, st->chain[c],
					st->rules[c].v[i].r);
	}
	/* Sets of the earlier configuration, after the rules using them. */
	for (i = 0; i < h->nsets; i++)
		if (!want_set(st, h->sets[i].family, h->sets[i].name))
			nft_set_del(t, h->sets[i].family, NFT_TABLE,
				    h->sets[i].name);
	return 0;
}

/**
 * fw_up() - install (or repair) network @n's tables, chains and sets in
 * one transaction; per-VM elements of the sets that stay are kept
 * @h:		the host's facts, as of now
 * @what:	on failure, the message the kernel refused
 *
 * Return: 0 or -errno
 */
int fw_up(struct nft_conn *c, const struct conf_network *n,
	  const struct fw_host *h, char *what, size_t what_size)
{
	struct fw_state st;
	struct nft_txn *t;
	struct have have;
	int rc;

	if (what_size)
		what[0] = '\0';
	rc = state_build(&st, n, h);
	if (rc)
		return rc;
	rc = have_read(c, &st.net, false, &have);
	if (rc) {
		state_free(&st);
		return rc;
	}
	rc = nft_txn_new(&t);
	if (!rc)
		rc = fill_txn(t, &st, &have);
	if (!rc && !nft_txn_empty(t))
		rc = nft_commit(c, t, what, what_size);
	nft_txn_free(t);
	have_free(&have);
	state_free(&st);
	return rc;
}

struct count_ctx {
	unsigned n;
};

static int count_chain(const struct nftnl_chain *o, void *arg)
{
	(void)o;
	((struct count_ctx *)arg)->n++;
	return 0;
}

static int count_set(const struct nftnl_set *o, void *arg)
{
	(void)o;
	((struct count_ctx *)arg)->n++;
	return 0;
}

/* Delete vmnet's table of @family if nothing is left in it. */
static int drop_empty_table(struct nft_conn *c, int family)
{
	struct count_ctx n = { 0 };
	struct nft_txn *t;
	int rc;

	rc = nft_dump_chains(c, family, count_chain, &n);
	if (!rc)
		rc = nft_dump_sets(c, family, count_set, &n);
	if (rc || n.n)
		return rc == -ENOENT ? 0 : rc;
	rc = nft_txn_new(&t);
	if (rc)
		return rc;
	nft_table_add(t, family, NFT_TABLE);
	nft_table_del(t, family, NFT_TABLE);
	rc = nft_commit(c, t, NULL, 0);
	nft_txn_free(t);
	return rc;
}

/**
 * fw_down() - remove every chain and set network @n has (in any kind),
 * and vmnet's tables when nothing of vmnet's is left in them
 *
 * Return: 0 or -errno
 */
int fw_down(struct nft_conn *c, const struct conf_network *n, char *what,
	    size_t what_size)
{
	struct nft_txn *t;
	struct fw_net net;
	struct have h;
	size_t i, f;
	int rc;

	if (what_size)
		what[0] = '\0';
	fw_net_of(n, &net);
	rc = have_read(c, &net, false, &h);
	if (rc)
		return rc;
	rc = nft_txn_new(&t);
	if (rc) {
		have_free(&h);
		return rc;
	}
	for (i = 0; i < h.nchains; i++)
		nft_chain_del(t, h.chains[i].family, NFT_TABLE,
			      h.chains[i].name);
	for (i = 0; i < h.nsets; i++)
		nft_set_del(t, h.sets[i].family, NFT_TABLE, h.sets[i].name);
	if (!nft_txn_empty(t))
		rc = nft_commit(c, t, what, what_size);
	nft_txn_free(t);
	have_free(&h);
	for (f = 0; f < NFAM && !rc; f++)
		rc = drop_empty_table(c, families[f]);
	return rc;
}

/* ---- print ------------------------------------------------------------- */

static void print_elems(FILE *f, enum fw_set s, const struct fw_elems *e)
{
	char a[40];
	size_t i;

	if (!e->n)
		return;
	fprintf(f, "\t\telements = { ");
	for (i = 0; i < e->n; i++) {
		if (e->type == FE_RANGES)
			lan_range_str(&e->ranges[i], a, sizeof(a));
		else if (e->type == FE_IPS)
			val_ipv4_str(e->ips[i], a);
		else if (e->type == FE_NAMES)
			snprintf(a, sizeof(a), "\"%s\"", e->names[i]);
		else
			val_mac_str(e->macs[i], a);
		fprintf(f, "%s%s", i ? ", " : "", a);
	}
	fprintf(f, " }\n");
	(void)s;
}

static void print_set(FILE *f, const struct fw_state *st, enum fw_set s)
{
	struct nft_set_spec sp;
	char name[FW_NAME_MAX];
	const char *sep = "";

	fw_set_spec(&st->net, s, name, &sp);
	fprintf(f, "\t%s %s {\n\t\t%s\n", sp.flags & NFT_SET_MAP ? "map" : "set",
		name, fw_set_decl(s));
	if (sp.size)
		fprintf(f, "\t\tsize %u\n", sp.size);
	if (sp.flags & (NFT_SET_INTERVAL | NFT_SET_EVAL | NFT_SET_TIMEOUT)) {
		fprintf(f, "\t\tflags ");
		if (sp.flags & NFT_SET_INTERVAL) {
			fprintf(f, "%sinterval", sep);
			sep = ",";
		}
		if (sp.flags & NFT_SET_EVAL) {
			fprintf(f, "%sdynamic", sep);
			sep = ",";
		}
		if (sp.flags & NFT_SET_TIMEOUT)
			fprintf(f, "%stimeout", sep);
		fprintf(f, "\n");
	}
	if (sp.timeout_ms)
		fprintf(f, "\t\ttimeout %llum\n",
			(unsigned long long)(sp.timeout_ms / 60000));
	if (fw_set_static(s))
		print_elems(f, s, &st->elems[s]);
	fprintf(f, "\t}\n");
}

static void print_chain(FILE *f, const struct fw_state *st, enum fw_chain c)
{
	const char *dev = chain_dev(st, c);
	size_t i;

	fprintf(f, "\tchain %s {\n\t\ttype %s hook %s", st->chain[c],
		fw_chain_type(c), fw_chain_hook_name(c));
	if (dev)
		fprintf(f, " device \"%s\"", dev);
	fprintf(f, " priority %d; policy accept;\n", fw_chain_prio(c));
	for (i = 0; i < st->rules[c].n; i++)
		fprintf(f, "\t\t%s\n", st->rules[c].v[i].text);
	fprintf(f, "\t}\n");
}

/**
 * fw_print() - network @n's nf_tables state as an nft script: exactly
 * what fw_up() installs, for review or to apply by hand ("nft -f")
 *
 * Return: 0 or -ENOMEM
 */
int fw_print(FILE *f, const struct conf_network *n, const struct fw_host *h)
{
	struct fw_state st;
	size_t fi;
	int rc, c, s;

	rc = state_build(&st, n, h);
	if (rc)
		return rc;
	for (fi = 0; fi < NFAM; fi++) {
		bool any = false;

		for (c = 0; c < FC_NCHAINS; c++)
			any |= fw_has_chain(&st.net, (enum fw_chain)c) &&
			       fw_chain_family((enum fw_chain)c) == families[fi];
		for (s = 0; s < FS_NSETS; s++)
			any |= fw_has_set(&st.net, (enum fw_set)s) &&
			       fw_set_family(&st.net, (enum fw_set)s) ==
				       families[fi];
		if (!any)
			continue;
		fprintf(f, "table %s %s {\n", fw_family_name(families[fi]),
			NFT_TABLE);
		for (s = 0; s < FS_NSETS; s++)
			if (fw_has_set(&st.net, (enum fw_set)s) &&
			    fw_set_family(&st.net, (enum fw_set)s) ==
				    families[fi])
				print_set(f, &st, (enum fw_set)s);
		for (c = 0; c < FC_NCHAINS; c++)
			if (fw_has_chain(&st.net, (enum fw_chain)c) &&
			    fw_chain_family((enum fw_chain)c) == families[fi])
				print_chain(f, &st, (enum fw_chain)c);
		fprintf(f, "}\n");
	}
	state_free(&st);
	return 0;
}

/* ---- verify ------------------------------------------------------------ */

static void problem(struct fw_problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void problem(struct fw_problems *p, const char *fmt, ...)
{
	va_list ap;

	if (p->n < sizeof(p->text) / sizeof(p->text[0])) {
		va_start(ap, fmt);
		vsnprintf(p->text[p->n], sizeof(p->text[0]), fmt, ap);
		va_end(ap);
	}
	p->n++;
}

static int raw_cmp(const void *a, const void *b)
{
	const struct raw_elem *x = a, *y = b;
	int c = memcmp(x->key, y->key, sizeof(x->key));

	if (c)
		return c;
	return x->flags < y->flags ? -1 : x->flags > y->flags;
}

static int collect_cb(const void *key, uint32_t klen, const void *data,
		      uint32_t dlen, uint32_t flags, const char *comment,
		      void *ctx)
{
	(void)data;
	(void)dlen;
	(void)comment;
	return raw_add(ctx, key, klen, flags & NFT_SET_ELEM_INTERVAL_END);
}

static void verify_elems(struct nft_conn *c, const struct fw_state *st,
			 enum fw_set s, struct fw_problems *p)
{
	struct raw_elems want, got = { 0 };
	int fam = fw_set_family(&st->net, s);
	int rc;

	if (raw_of(&st->elems[s], &want))
		return;
	rc = nft_dump_elems(c, fam, st->set[s], collect_cb, &got);
	if (rc == 0) {
		qsort(want.v, want.n, sizeof(*want.v), raw_cmp);
		qsort(got.v, got.n, sizeof(*got.v), raw_cmp);
		if (want.n != got.n ||
		    (want.n && memcmp(want.v, got.v, want.n * sizeof(*want.v))))
			problem(p, "set %s %s %s holds other elements than "
				"the configuration and the host give (%zu, "
				"want %zu)", fw_family_name(fam), NFT_TABLE,
				st->set[s], got.n, want.n);
	}
	free(want.v);
	free(got.v);
}

static void verify_rules(const struct fw_state *st, enum fw_chain c,
			 const struct have_chain *hc, struct fw_problems *p)
{
	char buf[2048];
	size_t i;

	if (hc->nrules != st->rules[c].n) {
		problem(p, "chain %s %s %s has %zu rules, not %zu",
			fw_family_name(hc->family), NFT_TABLE, hc->name,
			hc->nrules, st->rules[c].n);
		return;
	}
	for (i = 0; i < hc->nrules; i++) {
		if (nft_rule_expr_text(st->rules[c].v[i].r, buf, sizeof(buf)))
			continue;
		if (strcmp(buf, hc->rules[i])) {
			problem(p, "chain %s %s %s: rule %zu is not \"%.60s\"",
				fw_family_name(hc->family), NFT_TABLE,
				hc->name, i + 1, st->rules[c].v[i].text);
			return;
		}
	}
}

/**
 * fw_verify() - compare the kernel's nf_tables state of network @n with
 * what fw_up() would install now: every chain (hook, priority, rules, in
 * order), every set (kind), the network-wide elements, and nothing of an
 * earlier configuration
 * @p:	what is wrong, one line each; p->n == 0 when all is well
 *
 * Return: 0 (see @p) or -errno when the kernel could not be read
 */
int fw_verify(struct nft_conn *c, const struct conf_network *n,
	      const struct fw_host *h, struct fw_problems *p)
{
	struct fw_state st;
	struct have have;
	size_t i;
	int rc, k;

	memset(p, 0, sizeof(*p));
	rc = state_build(&st, n, h);
	if (rc)
		return rc;
	rc = have_read(c, &st.net, true, &have);
	if (rc) {
		state_free(&st);
		return rc;
	}
	for (k = 0; k < FC_NCHAINS; k++) {
		enum fw_chain id = (enum fw_chain)k;
		int fam = fw_chain_family(id);
		const char *dev = chain_dev(&st, id);
		struct have_chain *hc;

		if (!fw_has_chain(&st.net, id))
			continue;
		hc = have_chain(&have, fam, st.chain[k]);
		if (!hc) {
			problem(p, "chain %s %s %s is missing",
				fw_family_name(fam), NFT_TABLE, st.chain[k]);
			continue;
		}
		if (!hc->base || hc->hook != (uint32_t)fw_chain_hook(id) ||
		    hc->prio != fw_chain_prio(id) || hc->policy != NF_ACCEPT ||
		    strcmp(hc->type, fw_chain_type(id)) ||
		    (dev && strcmp(hc->dev, dev))) {
			problem(p, "chain %s %s %s is not hooked as it should "
				"be", fw_family_name(fam), NFT_TABLE,
				st.chain[k]);
			continue;
		}
		verify_rules(&st, id, hc, p);
	}
	for (k = 0; k < FS_NSETS; k++) {
		enum fw_set id = (enum fw_set)k;
		struct nft_set_spec sp;
		char name[FW_NAME_MAX];
		struct have_set *hs;
		int fam;

		if (!fw_has_set(&st.net, id))
			continue;
		fam = fw_set_family(&st.net, id);
		fw_set_spec(&st.net, id, name, &sp);
		hs = have_set(&have, fam, name);
		if (!hs)
			problem(p, "set %s %s %s is missing",
				fw_family_name(fam), NFT_TABLE, name);
		else if (!set_same(hs, &sp))
			problem(p, "set %s %s %s is of another kind",
				fw_family_name(fam), NFT_TABLE, name);
		else if (fw_set_static(id))
			verify_elems(c, &st, id, p);
	}
	for (i = 0; i < have.nchains; i++)
		if (!want_chain(&st, have.chains[i].family,
				have.chains[i].name))
			problem(p, "chain %s %s %s is left from another "
				"configuration",
				fw_family_name(have.chains[i].family),
				NFT_TABLE, have.chains[i].name);
	for (i = 0; i < have.nsets; i++)
		if (!want_set(&st, have.sets[i].family, have.sets[i].name))
			problem(p, "set %s %s %s is left from another "
				"configuration",
				fw_family_name(have.sets[i].family), NFT_TABLE,
				have.sets[i].name);
	have_free(&have);
	state_free(&st);
	return 0;
}

/**
 * fw_present() - whether any nf_tables object of network @n exists
 *
 * Return: 1, 0, or -errno
 */
int fw_present(struct nft_conn *c, const struct conf_network *n)
{
	struct fw_net net;
	struct have h;
	int rc;

	fw_net_of(n, &net);
	rc = have_read(c, &net, false, &h);
	if (rc)
		return rc;
	rc = h.nchains || h.nsets;
	have_free(&h);
	return rc;
}
