// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kernel.c - what the kernel holds of a network: its chains (with their
 * hooks and, on request, their rules as expression text) and sets, read
 * with one dump per object type and family.
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

/* ---- what the kernel has of the network -------------------------------- */




static int chain_cb(const struct nftnl_chain *o, void *arg)
{
	struct fw_have *h = arg;
	const char *name = nftnl_chain_get_str(o, NFTNL_CHAIN_NAME);
	struct fw_have_chain *c;

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
	struct fw_have *h = arg;
	const char *name = nftnl_set_get_str(o, NFTNL_SET_NAME);
	struct fw_have_set *s;

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

/**
 * fw_have_chain() - a chain the kernel holds, as fw_have_read() read it
 * @h:		what was read
 * @family:	NFPROTO_*
 * @name:	chain name
 *
 * Return: the chain, or NULL
 */
struct fw_have_chain *fw_have_chain(struct fw_have *h, int family,
				     const char *name)
{
	size_t i;

	for (i = 0; i < h->nchains; i++)
		if (h->chains[i].family == family &&
		    !strcmp(h->chains[i].name, name))
			return &h->chains[i];
	return NULL;
}

/**
 * fw_have_set() - a set the kernel holds, as fw_have_read() read it
 * @h:		what was read
 * @family:	NFPROTO_*
 * @name:	set name
 *
 * Return: the set, or NULL
 */
struct fw_have_set *fw_have_set(struct fw_have *h, int family, const char *name)
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
	struct fw_have *h = arg;
	const char *chain = nftnl_rule_get_str(o, NFTNL_RULE_CHAIN);
	struct fw_have_chain *c = chain ? fw_have_chain(h, h->family, chain) : NULL;
	char buf[2048];
	void *nv;

	if (!c)
		return 0;
	if (nft_rule_expr_text(o, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "(unreadable rule)");
	strip_zero_timeout(buf);
	nv = grow(c->rules, c->nrules, &c->caprules, sizeof(*c->rules), 16);
	if (!nv)
		return -ENOMEM;
	c->rules = nv;
	c->rules[c->nrules] = strdup(buf);
	if (!c->rules[c->nrules])
		return -ENOMEM;
	c->nrules++;
	return 0;
}

/* Free what fw_have_read() allocated (the rules' text). */
void fw_have_free(struct fw_have *h)
{
	size_t i, j;

	for (i = 0; i < h->nchains; i++) {
		for (j = 0; j < h->chains[i].nrules; j++)
			free(h->chains[i].rules[j]);
		free(h->chains[i].rules);
	}
}

/* Read the network's chains and sets (and with @rules their rules). */
int fw_have_read(struct nft_conn *c, const struct fw_net *net,
		     bool rules, struct fw_have *h)
{
	size_t f;
	int rc = 0;

	memset(h, 0, sizeof(*h));
	h->net = net;
	for (f = 0; f < FW_NFAM && !rc; f++) {
		h->family = fw_families[f];
		rc = nft_dump_chains(c, fw_families[f], chain_cb, h);
		if (!rc)
			rc = nft_dump_sets(c, fw_families[f], set_cb, h);
		if (!rc && rules)
			rc = nft_dump_rules(c, fw_families[f], rule_cb, h);
	}
	if (!rc && h->overflow)
		rc = -E2BIG;
	if (rc)
		fw_have_free(h);
	return rc;
}

/**
 * fw_set_same() - is the kernel's set @s declared as @sp says (flags,
 * key, size, timeout, a map's data); its elements are not compared
 * @s:	the set as read
 * @sp:	how vmnet creates it
 *
 * Return: true if so
 */
bool fw_set_same(const struct fw_have_set *s, const struct nft_set_spec *sp)
{
	return s->flags == sp->flags && s->key_type == sp->key_type &&
	       s->key_len == sp->key_len && s->size == sp->size &&
	       s->timeout == sp->timeout_ms &&
	       (!(sp->flags & NFT_SET_MAP) ||
		(s->data_type == sp->data_type && s->data_len == sp->data_len));
}
