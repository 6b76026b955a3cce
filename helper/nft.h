/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nft.h - a small nf_tables transaction builder over libnftnl and libmnl.
 *
 * A transaction collects messages (tables, chains, sets, rules, elements)
 * and nft_commit() sends them as ONE nfnetlink batch: the kernel applies
 * all of them or none. Rules are built from the kernel's expressions
 * directly (meta, payload, cmp, lookup, dynset, ...), which is also what
 * "nft --debug=netlink" prints for the text form vmnetctl print shows.
 *
 * Allocation failures are remembered and reported by nft_commit(), so
 * building code stays linear.
 */
#ifndef VMNET_NFT_H
#define VMNET_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Registers: 32-bit numbering, as the kernel's NFT_REG32_00 .. 15. */
#define NFT_R(n) (8 + (n))

struct nft_txn;
struct nftnl_rule;

struct nft_set_spec {
	const char *name;
	uint32_t flags;		/* NFT_SET_* */
	uint32_t key_type;	/* nft's datatype id, for "nft list" */
	uint32_t key_len;
	uint32_t data_type;	/* maps only */
	uint32_t data_len;
	uint32_t size;		/* 0: unbounded */
	bool key_host_order;	/* strings (ifname): tells "nft list" how */
				/* to print the keys */
};

/* A rule under construction. */
struct nft_rule {
	struct nftnl_rule *r;
	bool oom;
};

int nft_txn_new(struct nft_txn **t);
void nft_txn_free(struct nft_txn *t);
int nft_commit(struct nft_txn *t, char *what, size_t what_size);

void nft_table_add(struct nft_txn *t, int family, const char *table);
void nft_table_del(struct nft_txn *t, int family, const char *table);
void nft_chain_add(struct nft_txn *t, int family, const char *table,
		   const char *chain, const char *type, int hook, int prio);
void nft_chain_add_dev(struct nft_txn *t, int family, const char *table,
		       const char *chain, int hook, int prio, const char *dev);
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
void nft_elem(struct nft_txn *t, bool add, int family, const char *table,
	      const char *set, const void *key, size_t klen,
	      const void *data, size_t dlen, uint32_t flags);
void nft_elem_new(struct nft_txn *t, int family, const char *table,
		  const char *set, const void *key, size_t klen,
		  const void *data, size_t dlen);

void nft_rule_begin(struct nft_rule *b);
void nft_rule_commit(struct nft_txn *t, struct nft_rule *b, int family,
		     const char *table, const char *chain);
void nft_meta(struct nft_rule *b, uint32_t key, uint32_t dreg);
void nft_payload(struct nft_rule *b, uint32_t base, uint32_t off,
		 uint32_t len, uint32_t dreg);
void nft_cmp(struct nft_rule *b, uint32_t sreg, uint32_t op, const void *data,
	     size_t len);
void nft_bitwise(struct nft_rule *b, uint32_t reg, const void *mask,
		 size_t len);
void nft_lookup(struct nft_rule *b, uint32_t sreg, const char *set, bool inv);
void nft_dynset_add(struct nft_rule *b, const char *set, uint32_t sreg_key,
		    int sreg_data);
void nft_ct(struct nft_rule *b, uint32_t key, uint32_t dreg);
void nft_verdict(struct nft_rule *b, int verdict);
void nft_reject_admin(struct nft_rule *b);
void nft_masq(struct nft_rule *b);
void nft_imm(struct nft_rule *b, uint32_t dreg, const void *data, size_t len);
void nft_payload_set(struct nft_rule *b, uint32_t base, uint32_t off,
		     uint32_t len, uint32_t sreg, int csum_off);
void nft_lookup_map(struct nft_rule *b, uint32_t sreg, const char *set,
		    uint32_t dreg);
void nft_dynset_update(struct nft_rule *b, const char *set, uint32_t sreg_key,
		       uint32_t sreg_data, uint64_t timeout_ms);
void nft_fwd(struct nft_rule *b, uint32_t sreg_dev, bool dup);

/* Dumps, outside any transaction. */
typedef int (*nft_elem_cb)(const void *key, uint32_t klen, const void *data,
			   uint32_t dlen, uint32_t flags, void *ctx);
int nft_dump_elems(int family, const char *table, const char *set,
		   nft_elem_cb cb, void *ctx);
int nft_set_exists(int family, const char *table, const char *set);
int nft_chain_exists(int family, const char *table, const char *chain);
int nft_elem_exists(int family, const char *table, const char *set,
		    const void *key, size_t klen);
int nft_elem_get(int family, const char *table, const char *set,
		 const void *key, size_t klen, void *data, size_t dlen);
int nft_count_objects(int family, const char *table, unsigned *chains,
		      unsigned *sets);

#endif
