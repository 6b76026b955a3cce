// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * verify.c - compare the kernel's nf_tables state of a network with the
 * state "up" would install now: every chain (hook, priority, rules, in
 * order), every set (kind), the network-wide elements, and nothing of an
 * earlier configuration.
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

/* ---- verify ------------------------------------------------------------ */

/**
 * fw_problem() - add one line to @p (counted beyond what @p holds)
 * @p:		problems
 * @fmt:	printf format of the line
 */
void fw_problem(struct fw_problems *p, const char *fmt, ...)
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
	const struct fw_raw_elem *x = a, *y = b;
	int c = memcmp(x->key, y->key, sizeof(x->key));

	if (c)
		return c;
	return x->flags < y->flags ? -1 : x->flags > y->flags;
}

static int collect_cb(const struct nft_elem_view *e, void *ctx)
{
	return fw_raw_add(ctx, e->key, e->klen,
			  e->flags & NFT_SET_ELEM_INTERVAL_END);
}

static void verify_elems(struct nft_conn *c, const struct fw_state *st,
			 enum fw_set s, struct fw_problems *p)
{
	struct fw_raw_elems want, got = { 0 };
	int fam = fw_set_family(&st->net, s);
	int rc;

	if (fw_raw_of(&st->elems[s], &want))
		return;
	rc = nft_dump_elems(c, fam, st->set[s], collect_cb, &got);
	if (rc == 0) {
		qsort(want.v, want.n, sizeof(*want.v), raw_cmp);
		qsort(got.v, got.n, sizeof(*got.v), raw_cmp);
		if (want.n != got.n ||
		    (want.n && memcmp(want.v, got.v, want.n * sizeof(*want.v))))
			fw_problem(p, "set %s %s %s holds other elements than "
				"the configuration and the host give (%zu, "
				"want %zu)", fw_family_name(fam), NFT_TABLE,
				st->set[s], got.n, want.n);
	}
	free(want.v);
	free(got.v);
}

static void verify_rules(const struct fw_state *st, enum fw_chain c,
			 const struct fw_have_chain *hc, struct fw_problems *p)
{
	char buf[2048];
	size_t i;

	if (hc->nrules != st->rules[c].n) {
		fw_problem(p, "chain %s %s %s has %zu rules, not %zu",
			fw_family_name(hc->family), NFT_TABLE, hc->name,
			hc->nrules, st->rules[c].n);
		return;
	}
	for (i = 0; i < hc->nrules; i++) {
		if (nft_rule_expr_text(st->rules[c].v[i].r, buf, sizeof(buf)))
			continue;
		if (strcmp(buf, hc->rules[i])) {
			fw_problem(p, "chain %s %s %s: rule %zu is not \"%.60s\"",
				fw_family_name(hc->family), NFT_TABLE,
				hc->name, i + 1, st->rules[c].v[i].text);
			return;
		}
	}
}

/* Every chain: present, hooked as it should be, with exactly its rules. */
static void verify_chains(struct fw_state *st, struct fw_have *have,
			  struct fw_problems *p)
{
	int k;

	for (k = 0; k < FC_NCHAINS; k++) {
		enum fw_chain id = (enum fw_chain)k;
		int fam = fw_chain_family(id);
		const char *dev = fw_chain_dev(st, id);
		struct fw_have_chain *hc;

		if (!fw_has_chain(&st->net, id))
			continue;
		hc = fw_have_chain(have, fam, st->chain[k]);
		if (!hc) {
			fw_problem(p, "chain %s %s %s is missing",
				fw_family_name(fam), NFT_TABLE, st->chain[k]);
			continue;
		}
		if (!hc->base || hc->hook != (uint32_t)fw_chain_hook(id) ||
		    hc->prio != fw_chain_prio(id) || hc->policy != NF_ACCEPT ||
		    strcmp(hc->type, fw_chain_type(id)) ||
		    (dev && strcmp(hc->dev, dev))) {
			fw_problem(p, "chain %s %s %s is not hooked as it should "
				"be", fw_family_name(fam), NFT_TABLE,
				st->chain[k]);
			continue;
		}
		verify_rules(st, id, hc, p);
	}
}

/* Every set: present, of its kind, the network-wide ones full. */
static void verify_sets(struct nft_conn *c, struct fw_state *st,
			struct fw_have *have, struct fw_problems *p)
{
	int k;

	for (k = 0; k < FS_NSETS; k++) {
		enum fw_set id = (enum fw_set)k;
		struct nft_set_spec sp;
		char name[FW_NAME_MAX];
		struct fw_have_set *hs;
		int fam;

		if (!fw_has_set(&st->net, id))
			continue;
		fam = fw_set_family(&st->net, id);
		fw_set_spec(&st->net, id, name, &sp);
		hs = fw_have_set(have, fam, name);
		if (!hs)
			fw_problem(p, "set %s %s %s is missing",
				fw_family_name(fam), NFT_TABLE, name);
		else if (!fw_set_same(hs, &sp))
			fw_problem(p, "set %s %s %s is of another kind",
				fw_family_name(fam), NFT_TABLE, name);
		else if (fw_set_static(id))
			verify_elems(c, st, id, p);
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
	struct fw_have have;
	size_t i;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = fw_state_build(&st, n, h);
	if (rc)
		return rc;
	rc = fw_have_read(c, &st.net, true, &have);
	if (rc) {
		fw_state_free(&st);
		return rc;
	}
	verify_chains(&st, &have, p);
	verify_sets(c, &st, &have, p);
	for (i = 0; i < have.nchains; i++)
		if (!fw_want_chain(&st, have.chains[i].family,
				have.chains[i].name))
			fw_problem(p, "chain %s %s %s is left from another "
				"configuration",
				fw_family_name(have.chains[i].family),
				NFT_TABLE, have.chains[i].name);
	for (i = 0; i < have.nsets; i++)
		if (!fw_want_set(&st, have.sets[i].family, have.sets[i].name))
			fw_problem(p, "set %s %s %s is left from another "
				"configuration",
				fw_family_name(have.sets[i].family), NFT_TABLE,
				have.sets[i].name);
	fw_have_free(&have);
	fw_state_free(&st);
	return 0;
}

/**
 * fw_present() - whether any nf_tables object of network @n exists
 *
 * Return: 1, 0, or -errno
 */
