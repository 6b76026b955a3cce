/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nftint.h - what nft.c (transactions), nftobj.c (object messages),
 * nftread.c (element reads) and nftdump.c (dumps) share; not for callers
 * of nft.h.
 */
#ifndef VMNET_NFTINT_H
#define VMNET_NFTINT_H

#include <libmnl/libmnl.h>
#include <libnftnl/set.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nft.h"

#define RBUF 32768		/* receive buffer: larger than any dump part */

/*
 * Reads answered from memory instead of the kernel: nft_get_elems() and
 * nft_dump_elems() go to @get and @dump while a connection has a reader.
 * Only the administrator's engine gives one (nft_set_reader(), declared
 * in engine/nftadm.h, so the setuid programs do not even link it: a
 * snapshot of a network's sets, engine/fw/snapshot.c); in the setuid
 * programs reader is always NULL and every read goes to the kernel.
 */
struct nft_reader {
	int (*get)(void *ctx, struct nft_get *q, size_t n);
	int (*dump)(void *ctx, int family, const char *set, nft_elem_cb cb,
		    void *cb_ctx);
	void *ctx;
};

struct nft_conn {
	struct mnl_socket *nl;
	uint32_t portid;
	uint32_t seq;
	const struct nft_reader *reader;	/* NULL: the kernel reads */
	char *rbuf;		/* nft_rbuf()'s */
};

/*
 * The connection's receive buffer (RBUF bytes; NULL when out of memory),
 * allocated at its first use. One per connection, not on the stack: the
 * stack-clash probes of a 32 KiB frame touch each of its pages, where a
 * heap buffer costs only the pages a message fills (a page fault is the
 * dearest thing an attach does on a virtual machine with shadow paging:
 * about 11 us on this project's test machines). No read nests in
 * another on one connection (the socket would mix their answers).
 */
char *nft_rbuf(struct nft_conn *c);

struct nft_txn {
	char *buf;
	size_t len, cap;
	uint32_t seq0, seq;
	char (*desc)[96];	/* what each message does, by seq - seq0 */
	size_t ndesc, cap_desc;
	bool oom;
};

/* Room for one more message at the end of @t's buffer; NULL (and t->oom)
 * when out of memory. */
char *nft_room(struct nft_txn *t);
/* Start a message of @type in that room, with the next sequence number. */
struct nlmsghdr *nft_hdr(struct nft_txn *t, uint16_t type, int family,
			 uint16_t flags);
/* Account for the message just built; @fmt describes it for errors. */
void nft_push(struct nft_txn *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "inet", "bridge", ... */
const char *nft_fam_name(int family);
/* An element's comment (its udata), "" without one. */
void nft_elem_comment(const struct nftnl_set_elem *e, char *out, size_t size);

/* One dump request of @type (its payload built by @build from
 * @payload_obj); @cb gets every answer. Return: 0 or -errno. */
int nft_dump(struct nft_conn *c, uint16_t type, int family,
	     void *payload_obj, void (*build)(struct nlmsghdr *, void *),
	     mnl_cb_t cb, void *ctx);

/* Throw away whatever an earlier, interrupted exchange left queued. */
void nft_drain(struct nft_conn *c);

/* A set object naming @name of @table in @family, or NULL. */
struct nftnl_set *nft_set_obj(int family, const char *table, const char *name);

#endif
