/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nftadm.h - the administrator's half of the nf_tables layer (core/nft.h):
 * chains, sets and rules in a transaction, rules built from the kernel's
 * expressions directly (meta, payload, cmp, lookup, dynset, ...;
 * engine/fw/match.c pairs each with its nft text), and object dumps for
 * verification. Never linked into a setuid program.
 */
#ifndef VMNET_NFTADM_H
#define VMNET_NFTADM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nft.h"

struct nftnl_rule;
struct nftnl_chain;
struct nftnl_set;

/*
 * Registers in 32-bit units: NFT_R(n) is the kernel's NFT_REG32_n, named
 * as the kernel reports it back: the 16-byte NFT_REG_1..4 when aligned to
 * one (as nft writes them too), so a built rule and the same rule read
 * back from the kernel compare equal.
 */
#define NFT_R(n) ((n) % 4 == 0 ? 1 + (n) / 4 : 8 + (n))

struct nft_set_spec {
	const char *name;
	uint32_t flags;		/* NFT_SET_* */
	uint32_t key_type;	/* nft's datatype id, for "nft list" */
	uint32_t key_len;
	uint32_t data_type;	/* maps only */
	uint32_t data_len;
	uint32_t size;		/* 0: unbounded */
	uint64_t timeout_ms;	/* default element timeout, 0: none */
	const uint8_t *udata;	/* nft's own annotations (how "nft list" */
	uint32_t udata_len;	/* prints keys), or NULL */
};

/* A rule under construction. */
struct nft_rule {
	struct nftnl_rule *r;
	bool oom;
};

void nft_chain_add(struct nft_txn *t, int family, const char *table,
		   const char *chain, const char *type, int hook, int prio,
		   const char *dev);
void nft_chain_flush(struct nft_txn *t, int family, const char *table,
		     const char *chain);
void nft_chain_del(struct nft_txn *t, int family, const char *table,
		   const char *chain);
void nft_set_add(struct nft_txn *t, int family, const char *table,
		 const struct nft_set_spec *s);
void nft_set_flush(struct nft_txn *t, int family, const char *table,
		   const char *set);
void nft_set_del(struct nft_txn *t, int family, const char *table,
		 const char *set);
void nft_rule_append(struct nft_txn *t, int family, const char *table,
		     const char *chain, const struct nftnl_rule *r);

void nft_rule_begin(struct nft_rule *b);
void nft_rule_end(struct nft_rule *b);
void nft_meta(struct nft_rule *b, uint32_t key, uint32_t dreg);
void nft_meta_set(struct nft_rule *b, uint32_t key, uint32_t sreg);
void nft_payload(struct nft_rule *b, uint32_t base, uint32_t off,
		 uint32_t len, uint32_t dreg);
void nft_cmp(struct nft_rule *b, uint32_t sreg, uint32_t op, const void *data,
	     size_t len);
void nft_bitwise(struct nft_rule *b, uint32_t reg, const void *mask,
		 size_t len);
void nft_lookup(struct nft_rule *b, uint32_t sreg, const char *set, bool inv);
void nft_lookup_map(struct nft_rule *b, uint32_t sreg, const char *set,
		    uint32_t dreg);
void nft_dynset(struct nft_rule *b, bool update, const char *set,
		uint32_t sreg_key, int sreg_data, uint64_t timeout_ms);
void nft_dynset_limit(struct nft_rule *b, const char *set, uint32_t sreg_key,
		      uint32_t period_s, uint32_t burst);
void nft_dynset_connlimit(struct nft_rule *b, const char *set,
			  uint32_t sreg_key, uint32_t count);
void nft_ct(struct nft_rule *b, uint32_t key, uint32_t dreg);
void nft_verdict(struct nft_rule *b, int verdict);
void nft_reject_admin(struct nft_rule *b);
void nft_masq(struct nft_rule *b);
void nft_imm(struct nft_rule *b, uint32_t dreg, const void *data, size_t len);
void nft_payload_set(struct nft_rule *b, uint32_t base, uint32_t off,
		     uint32_t len, uint32_t sreg, int csum_off);
void nft_fwd(struct nft_rule *b, uint32_t sreg_dev, bool dup);

/* Object dumps of one family (for verification); the callback gets a
 * parsed object it must not keep. */
typedef int (*nft_chain_cb)(const struct nftnl_chain *o, void *ctx);
typedef int (*nft_set_cb)(const struct nftnl_set *o, void *ctx);
typedef int (*nft_rule_cb)(const struct nftnl_rule *o, void *ctx);
int nft_dump_chains(struct nft_conn *c, int family, nft_chain_cb cb,
		    void *ctx);
int nft_dump_sets(struct nft_conn *c, int family, nft_set_cb cb, void *ctx);
int nft_dump_rules(struct nft_conn *c, int family, nft_rule_cb cb, void *ctx);
int nft_dump_foreign_base_chains(struct nft_conn *c, nft_chain_cb cb,
				 void *ctx);
int nft_dump_foreign_rules(struct nft_conn *c, int family, const char *table,
			   const char *chain, nft_rule_cb cb, void *ctx);

int nft_rule_expr_text(const struct nftnl_rule *r, char *buf, size_t size);

struct nft_reader;
void nft_set_reader(struct nft_conn *c, const struct nft_reader *r);

#endif
