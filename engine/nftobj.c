// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nftobj.c - transaction messages that create and delete chains, sets and
 * rules. Only the administrator's paths (vmnetctl up/down, vmnetd) build a
 * network's objects; the setuid programs add and delete elements and the
 * lock table only (nft.c), so this file is not linked into them.
 */
#include "nftadm.h"
#include "nftint.h"

#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/set.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

static void chain_msg(struct nft_txn *t, uint16_t type, uint16_t flags,
		      int family, const char *table, const char *chain,
		      const char *ctype, int hook, int prio, const char *dev,
		      const char *verb)
{
	struct nftnl_chain *o = nftnl_chain_alloc();
	struct nlmsghdr *nlh;

	if (!o || !(nlh = nft_hdr(t, type, family, flags))) {
		t->oom = true;
		nftnl_chain_free(o);
		return;
	}
	nftnl_chain_set_str(o, NFTNL_CHAIN_TABLE, table);
	nftnl_chain_set_str(o, NFTNL_CHAIN_NAME, chain);
	if (ctype) {
		nftnl_chain_set_str(o, NFTNL_CHAIN_TYPE, ctype);
		nftnl_chain_set_u32(o, NFTNL_CHAIN_HOOKNUM, (uint32_t)hook);
		nftnl_chain_set_s32(o, NFTNL_CHAIN_PRIO, prio);
		nftnl_chain_set_u32(o, NFTNL_CHAIN_POLICY, NF_ACCEPT);
		if (dev)
			nftnl_chain_set_str(o, NFTNL_CHAIN_DEV, dev);
	}
	nftnl_chain_nlmsg_build_payload(nlh, o);
	nftnl_chain_free(o);
	nft_push(t, "%s chain %s %s %s", verb, nft_fam_name(family), table, chain);
}

/**
 * nft_chain_add() - create a base chain if it does not exist
 * @ctype:	"filter" or "nat"
 * @dev:	the device of a netdev-family chain, else NULL
 */
void nft_chain_add(struct nft_txn *t, int family, const char *table,
		   const char *chain, const char *ctype, int hook, int prio,
		   const char *dev)
{
	chain_msg(t, NFT_MSG_NEWCHAIN, NLM_F_CREATE, family, table, chain,
		  ctype, hook, prio, dev, "add");
}

/* Delete a chain (it must exist). */
void nft_chain_del(struct nft_txn *t, int family, const char *table,
		   const char *chain)
{
	chain_msg(t, NFT_MSG_DELCHAIN, 0, family, table, chain, NULL, 0, 0,
		  NULL, "delete");
}

/* Delete every rule of a chain. */
void nft_chain_flush(struct nft_txn *t, int family, const char *table,
		     const char *chain)
{
	struct nftnl_rule *o = nftnl_rule_alloc();
	struct nlmsghdr *nlh;

	if (!o || !(nlh = nft_hdr(t, NFT_MSG_DELRULE, family, 0))) {
		t->oom = true;
		nftnl_rule_free(o);
		return;
	}
	nftnl_rule_set_str(o, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(o, NFTNL_RULE_CHAIN, chain);
	nftnl_rule_nlmsg_build_payload(nlh, o);
	nftnl_rule_free(o);
	nft_push(t, "flush chain %s %s %s", nft_fam_name(family), table, chain);
}

/* Create a set (or map) if it does not exist. */
void nft_set_add(struct nft_txn *t, int family, const char *table,
		 const struct nft_set_spec *sp)
{
	struct nftnl_set *s = nft_set_obj(family, table, sp->name);
	struct nlmsghdr *nlh;

	if (!s || !(nlh = nft_hdr(t, NFT_MSG_NEWSET, family, NLM_F_CREATE))) {
		t->oom = true;
		nftnl_set_free(s);
		return;
	}
	nftnl_set_set_u32(s, NFTNL_SET_ID, t->seq);
	nftnl_set_set_u32(s, NFTNL_SET_FLAGS, sp->flags);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_TYPE, sp->key_type);
	nftnl_set_set_u32(s, NFTNL_SET_KEY_LEN, sp->key_len);
	if (sp->flags & NFT_SET_MAP) {
		nftnl_set_set_u32(s, NFTNL_SET_DATA_TYPE, sp->data_type);
		nftnl_set_set_u32(s, NFTNL_SET_DATA_LEN, sp->data_len);
	}
	if (sp->size)
		nftnl_set_set_u32(s, NFTNL_SET_DESC_SIZE, sp->size);
	if (sp->timeout_ms)
		nftnl_set_set_u64(s, NFTNL_SET_TIMEOUT, sp->timeout_ms);
	if (sp->udata)
		nftnl_set_set_data(s, NFTNL_SET_USERDATA, sp->udata,
				   sp->udata_len);
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	nft_push(t, "add set %s %s %s", nft_fam_name(family), table, sp->name);
}

/* Delete a set (it must exist). */
void nft_set_del(struct nft_txn *t, int family, const char *table,
		 const char *set)
{
	struct nftnl_set *s = nft_set_obj(family, table, set);
	struct nlmsghdr *nlh;

	if (!s || !(nlh = nft_hdr(t, NFT_MSG_DELSET, family, 0))) {
		t->oom = true;
		nftnl_set_free(s);
		return;
	}
	nftnl_set_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	nft_push(t, "delete set %s %s %s", nft_fam_name(family), table, set);
}

/* Delete every element of a set. */
void nft_set_flush(struct nft_txn *t, int family, const char *table,
		   const char *set)
{
	struct nftnl_set *s = nft_set_obj(family, table, set);
	struct nlmsghdr *nlh;

	if (!s || !(nlh = nft_hdr(t, NFT_MSG_DELSETELEM, family, 0))) {
		t->oom = true;
		nftnl_set_free(s);
		return;
	}
	nftnl_set_elems_nlmsg_build_payload(nlh, s);
	nftnl_set_free(s);
	nft_push(t, "flush set %s %s %s", nft_fam_name(family), table, set);
}

/* Append a built rule to @chain (the rule object is not consumed). */
void nft_rule_append(struct nft_txn *t, int family, const char *table,
		     const char *chain, const struct nftnl_rule *r)
{
	struct nftnl_rule *w = (struct nftnl_rule *)r;
	struct nlmsghdr *nlh = nft_hdr(t, NFT_MSG_NEWRULE, family,
				   NLM_F_CREATE | NLM_F_APPEND);

	if (!nlh) {
		t->oom = true;
		return;
	}
	nftnl_rule_set_u32(w, NFTNL_RULE_FAMILY, (uint32_t)family);
	nftnl_rule_set_str(w, NFTNL_RULE_TABLE, table);
	nftnl_rule_set_str(w, NFTNL_RULE_CHAIN, chain);
	nftnl_rule_nlmsg_build_payload(nlh, w);
	nft_push(t, "add rule %s %s %s", nft_fam_name(family), table, chain);
}
