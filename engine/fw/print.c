// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print.c - a network's nf_tables state as an nft script, from the same
 * state "up" installs: what "vmnetctl print" shows.
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

/* ---- print ------------------------------------------------------------- */

static void print_elems(FILE *f, enum fw_set s, const struct fw_elems *e)
{
	char a[2 * INANY_STRLEN];
	size_t i;

	if (!e->n)
		return;
	fprintf(f, "\t\telements = { ");
	for (i = 0; i < e->n; i++) {
		if (e->type == FE_RANGES)
			lan_range_str(&e->ranges[i], a, sizeof(a));
		else if (e->type == FE_IPS)
			inany_str(&e->ips[i], a);
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
	const char *dev = fw_chain_dev(st, c);
	size_t i;

	fprintf(f, "\tchain %s {\n\t\ttype %s hook %s", st->chain[c],
		fw_chain_type(c), fw_chain_hook_name(c));
	if (dev)
		fprintf(f, " device \"%s\"", dev);
	fprintf(f, " priority %d; policy accept;\n", fw_chain_prio(c));
	for (i = 0; i < st->rules[c].n; i++) {
		char expr[2048];

		if (!st->rules[c].v[i].raw) {
			fprintf(f, "\t\t%s\n", st->rules[c].v[i].text);
			continue;
		}
		if (nft_rule_expr_text(st->rules[c].v[i].r, expr, sizeof(expr)))
			snprintf(expr, sizeof(expr), "(too long to show)");
		fprintf(f, "\t\t# not expressible in nft (%s): %s\n",
			st->rules[c].v[i].raw, expr);
	}
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
	int rc;

	rc = fw_state_build(&st, n, h);
	if (rc)
		return rc;
	rc = fw_print_state(f, &st);
	fw_state_free(&st);
	return rc;
}

/**
 * fw_print_state() - a built state as an nft script (fw_print())
 * @f:	where
 * @st:	the state
 *
 * Return: 0
 */
int fw_print_state(FILE *f, const struct fw_state *st)
{
	size_t fi;
	int c, s;

	for (fi = 0; fi < FW_NFAM; fi++) {
		bool any = false;

		for (c = 0; c < FC_NCHAINS; c++)
			any |= fw_has_chain(&st->net, (enum fw_chain)c) &&
			       fw_chain_family((enum fw_chain)c) == fw_families[fi];
		for (s = 0; s < FS_NSETS; s++)
			any |= fw_has_set(&st->net, (enum fw_set)s) &&
			       fw_set_family(&st->net, (enum fw_set)s) ==
				       fw_families[fi];
		if (!any)
			continue;
		fprintf(f, "table %s %s {\n", fw_family_name(fw_families[fi]),
			NFT_TABLE);
		for (s = 0; s < FS_NSETS; s++)
			if (fw_has_set(&st->net, (enum fw_set)s) &&
			    fw_set_family(&st->net, (enum fw_set)s) ==
				    fw_families[fi])
				print_set(f, st, (enum fw_set)s);
		for (c = 0; c < FC_NCHAINS; c++)
			if (fw_has_chain(&st->net, (enum fw_chain)c) &&
			    fw_chain_family((enum fw_chain)c) == fw_families[fi])
				print_chain(f, st, (enum fw_chain)c);
		fprintf(f, "}\n");
	}
	return 0;
}
