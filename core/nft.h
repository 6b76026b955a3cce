/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nft.h - nf_tables over libnftnl and libmnl: one connection per program
 * run, transactions, batched element reads and object dumps.
 *
 * A program opens ONE struct nft_conn and passes it to everything that
 * talks to nf_tables (as passt passes its nl_sock and nftables' mnl.c its
 * socket). A transaction collects messages (tables, chains, sets, rules,
 * elements) and nft_commit() sends them as ONE nfnetlink batch: the kernel
 * applies all of them or none. nft_get_elems() asks for many elements in
 * one round trip. This is what the setuid programs need (tables, elements,
 * reads); chains, sets, rules and object dumps are the engine's
 * (engine/nftadm.h).
 *
 * Allocation failures are remembered and reported by nft_commit(), so
 * building code stays linear. Functions return 0 or -errno.
 */
#ifndef VMNET_NFT_H
#define VMNET_NFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NFT_TABLE "vmnet"

struct nft_conn;
struct nft_txn;

int nft_open(struct nft_conn **c);
void nft_close(struct nft_conn *c);
void nft_close_detached(struct nft_conn *c);

int nft_txn_new(struct nft_txn **t);
void nft_txn_free(struct nft_txn *t);
bool nft_txn_empty(const struct nft_txn *t);
int nft_commit(struct nft_conn *c, struct nft_txn *t, char *what,
	       size_t what_size);

void nft_table_add(struct nft_txn *t, int family, const char *table);
void nft_table_add_owned(struct nft_txn *t, int family, const char *table);
void nft_table_del(struct nft_txn *t, int family, const char *table);
void nft_elem(struct nft_txn *t, bool add, int family, const char *table,
	      const char *set, const void *key, size_t klen,
	      const void *data, size_t dlen, uint32_t flags);
void nft_elem_new(struct nft_txn *t, int family, const char *table,
		  const char *set, const void *key, size_t klen,
		  const void *data, size_t dlen, const char *comment);
void nft_elem_timeout(struct nft_txn *t, int family, const char *table,
		      const char *set, const void *key, size_t klen,
		      uint64_t timeout_ms);

/* One element lookup of a batch (nft_get_elems). */
struct nft_get {
	int family;
	const char *set;
	const void *key;
	uint32_t klen;
	/* results */
	int rc;			/* 1 found, 0 absent or no such set, -errno */
	uint8_t data[16];	/* a map's value */
	uint32_t dlen;
	char comment[64];	/* the element's comment, "" if none */
};

void nft_get_of(struct nft_get *q, int family, const char *set,
		const void *key, uint32_t klen);
int nft_get_elems(struct nft_conn *c, struct nft_get *q, size_t n);
int nft_exists_table(struct nft_conn *c, int family, const char *table);
int nft_table_handle(struct nft_conn *c, int family, const char *table,
		     uint64_t *handle);

/* One element of a dump, valid during the callback. */
struct nft_elem_view {
	const void *key, *data;	/* data: a map's value, else NULL */
	uint32_t klen, dlen, flags;
	const char *comment;	/* "" if none */
	uint64_t expires_ms;	/* time left, in sets with timeouts; 0 */
};
typedef int (*nft_elem_cb)(const struct nft_elem_view *e, void *ctx);
int nft_dump_elems(struct nft_conn *c, int family, const char *set,
		   nft_elem_cb cb, void *ctx);
int nft_dump_elems_in(struct nft_conn *c, int family, const char *table,
		      const char *set, nft_elem_cb cb, void *ctx);

#endif
