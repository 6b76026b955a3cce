// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * apply.c - install (or repair) and remove a network's nf_tables state.
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

#include "fw/state.h"

/* ---- install ----------------------------------------------------------- */

/* The tables of every family the network has a chain or set in. */
static void add_tables(struct nft_txn *t, const struct fw_net *net)
{
	bool fam_used[FW_NFAM] = { false };
	size_t f;
	int c, s;

	for (c = 0; c < FC_NCHAINS; c++)
		for (f = 0; f < FW_NFAM; f++)
			if (fw_has_chain(net, (enum fw_chain)c) &&
			    fw_chain_family((enum fw_chain)c) == fw_families[f])
				fam_used[f] = true;
	for (s = 0; s < FS_NSETS; s++)
		for (f = 0; f < FW_NFAM; f++)
			if (fw_has_set(net, (enum fw_set)s) &&
			    fw_set_family(net, (enum fw_set)s) == fw_families[f])
				fam_used[f] = true;
	for (f = 0; f < FW_NFAM; f++)
		if (fam_used[f])
			nft_table_add(t, fw_families[f], NFT_TABLE);
}

/* Chains: the earlier configuration's go first; base chains bound to a
 * device are recreated (their device may have changed), the others
 * flushed for their rules to be added again. */
static void add_chains(struct nft_txn *t, const struct fw_state *st,
		       const struct fw_have *h)
{
	size_t i;
	int c;

	for (i = 0; i < h->nchains; i++)
		if (!fw_want_chain(st, h->chains[i].family, h->chains[i].name))
			nft_chain_del(t, h->chains[i].family, NFT_TABLE,
				      h->chains[i].name);
	for (c = 0; c < FC_NCHAINS; c++) {
		enum fw_chain id = (enum fw_chain)c;
		int fam = fw_chain_family(id);
		const char *dev = fw_chain_dev(st, id);

		if (!fw_has_chain(&st->net, id))
			continue;
		if (dev && fw_have_chain((struct fw_have *)h, fam, st->chain[c]))
			nft_chain_del(t, fam, NFT_TABLE, st->chain[c]);
		nft_chain_add(t, fam, NFT_TABLE, st->chain[c],
			      fw_chain_type(id), fw_chain_hook(id),
			      fw_chain_prio(id), dev);
		if (!dev)
			nft_chain_flush(t, fam, NFT_TABLE, st->chain[c]);
	}
}

/* Sets: declared (recreated when their kind changed), the network-wide
 * ones refilled; the per-VM elements of the others stay. */
static int add_sets(struct nft_txn *t, const struct fw_state *st,
		    const struct fw_have *h)
{
	const struct fw_net *net = &st->net;
	size_t i;
	int s, rc;

	for (s = 0; s < FS_NSETS; s++) {
		enum fw_set id = (enum fw_set)s;
		struct nft_set_spec sp;
		struct fw_have_set *hs;
		struct fw_raw_elems raw;
		char name[FW_NAME_MAX];
		int fam;

		if (!fw_has_set(net, id))
			continue;
		fam = fw_set_family(net, id);
		fw_set_spec(net, id, name, &sp);
		hs = fw_have_set((struct fw_have *)h, fam, name);
		if (hs && !fw_set_same(hs, &sp))
			nft_set_del(t, fam, NFT_TABLE, name);
		nft_set_add(t, fam, NFT_TABLE, &sp);
		if (!fw_set_static(id))
			continue;
		nft_set_flush(t, fam, NFT_TABLE, name);
		rc = fw_raw_of(&st->elems[s], &raw);
		if (rc)
			return rc;
		for (i = 0; i < raw.n; i++)
			nft_elem(t, true, fam, NFT_TABLE, name, raw.v[i].key,
				 raw.v[i].klen, NULL, 0, raw.v[i].flags);
		free(raw.v);
	}
	return 0;
}

/* The LAN MACs the kernel saw before lanmac_NET's rule existed: a VM's
 * first frame must not take one of them. They age out as learned ones. */
static void add_seen(struct nft_txn *t, const struct fw_state *st,
		     const struct fw_host *host)
{
	char name[FW_NAME_MAX];
	size_t i;

	if (!fw_has_set(&st->net, FS_LANMAC))
		return;
	fw_set_name(&st->net, FS_LANMAC, name);
	for (i = 0; i < host->nseen; i++)
		nft_elem(t, true, fw_set_family(&st->net, FS_LANMAC),
			 NFT_TABLE, name, host->seen[i], 6, NULL, 0, 0);
}

/* What the dynamic sets knew before a flush, as far as the host can
 * tell: dnsmasq's leases (leases_NET) and the LAN hosts the host talks
 * to (lanip_NET, lanip6_NET). */
static void add_seeds(struct nft_txn *t, const struct fw_state *st,
		      const struct fw_host *host)
{
	char name[FW_NAME_MAX];
	size_t i;

	if (fw_has_set(&st->net, FS_LEASES)) {
		fw_set_name(&st->net, FS_LEASES, name);
		for (i = 0; i < host->nleases; i++) {
			const struct fw_lease *l = &host->leases[i];
			uint8_t key[12] = { 0 };
			uint32_t len;
			const uint8_t *ip = inany_bytes(&l->ip, &len);

			if (len != 4)
				continue;	/* an IPv4 set */
			/* a concatenation: each field padded to 4 bytes */
			memcpy(key, l->mac, 6);
			memcpy(key + 8, ip, 4);
			nft_elem_timeout(t, fw_set_family(&st->net, FS_LEASES),
					 NFT_TABLE, name, key, sizeof(key),
					 l->ms_left);
		}
	}
	for (i = 0; i < host->nlanip; i++) {
		uint32_t len;
		const uint8_t *ip = inany_bytes(&host->lanip[i], &len);
		enum fw_set s = len == 4 ? FS_LANIP : FS_LANIP6;

		if (!fw_has_set(&st->net, s))
			continue;
		fw_set_name(&st->net, s, name);
		nft_elem(t, true, fw_set_family(&st->net, s), NFT_TABLE, name,
			 ip, len, NULL, 0, 0);
	}
}

static int fill_txn(struct nft_txn *t, const struct fw_state *st,
		    const struct fw_have *h, const struct fw_host *host)
{
	size_t i;
	int c, rc;

	add_tables(t, &st->net);
	add_chains(t, st, h);
	rc = add_sets(t, st, h);
	if (rc)
		return rc;
	add_seen(t, st, host);
	add_seeds(t, st, host);
	for (c = 0; c < FC_NCHAINS; c++) {
		int fam = fw_chain_family((enum fw_chain)c);

		for (i = 0; i < st->rules[c].n; i++)
			nft_rule_append(t, fam, NFT_TABLE, st->chain[c],
					st->rules[c].v[i].r);
	}
	/* Sets of the earlier configuration, after the rules using them. */
	for (i = 0; i < h->nsets; i++)
		if (!fw_want_set(st, h->sets[i].family, h->sets[i].name))
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
	struct fw_have have;
	int rc;

	if (what_size)
		what[0] = '\0';
	rc = fw_state_build(&st, n, h);
	if (rc)
		return rc;
	rc = fw_have_read(c, &st.net, false, &have);
	if (rc) {
		fw_state_free(&st);
		return rc;
	}
	rc = nft_txn_new(&t);
	if (!rc)
		rc = fill_txn(t, &st, &have, h);
	if (!rc && !nft_txn_empty(t))
		rc = nft_commit(c, t, what, what_size);
	nft_txn_free(t);
	fw_have_free(&have);
	fw_state_free(&st);
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
	struct fw_have h;
	size_t i, f;
	int rc;

	if (what_size)
		what[0] = '\0';
	fw_net_of(n, &net);
	rc = fw_have_read(c, &net, false, &h);
	if (rc)
		return rc;
	rc = nft_txn_new(&t);
	if (rc) {
		fw_have_free(&h);
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
	fw_have_free(&h);
	for (f = 0; f < FW_NFAM && !rc; f++)
		rc = drop_empty_table(c, fw_families[f]);
	return rc;
}

/**
 * fw_present() - does any of network @n's chains or sets exist
 * @c:	nf_tables connection
 * @n:	network
 *
 * Return: 1 if so, 0 if none, or -errno
 */
int fw_present(struct nft_conn *c, const struct conf_network *n)
{
	struct fw_net net;
	struct fw_have h;
	int rc;

	fw_net_of(n, &net);
	rc = fw_have_read(c, &net, false, &h);
	if (rc)
		return rc;
	rc = h.nchains || h.nsets;
	fw_have_free(&h);
	return rc;
}
