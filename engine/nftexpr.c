// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nftexpr.c - the rule builder: each nft_*() appends one libnftnl
 * expression to a rule; the first failure marks the rule out of memory and
 * later calls do nothing, so callers check once, at nft_rule_append().
 */
#include "nftadm.h"

#include <errno.h>
#include <libnftnl/rule.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>		/* before libnftnl/expr.h: it uses FILE */
#include <libnftnl/expr.h>
#include <string.h>

/* Start an empty rule (an allocation failure is remembered in b->oom). */
void nft_rule_begin(struct nft_rule *b)
{
	b->r = nftnl_rule_alloc();
	b->oom = !b->r;
}

/* Free the rule under construction. */
void nft_rule_end(struct nft_rule *b)
{
	nftnl_rule_free(b->r);
	b->r = NULL;
}

static struct nftnl_expr *expr(struct nft_rule *b, const char *name)
{
	struct nftnl_expr *e;

	if (b->oom)
		return NULL;
	e = nftnl_expr_alloc(name);
	if (!e) {
		b->oom = true;
		return NULL;
	}
	nftnl_rule_add_expr(b->r, e);
	return e;
}

/* [ meta load KEY => reg DREG ] */
void nft_meta(struct nft_rule *b, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = expr(b, "meta");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, dreg);
}

/* meta KEY set SREG */
void nft_meta_set(struct nft_rule *b, uint32_t key, uint32_t sreg)
{
	struct nftnl_expr *e = expr(b, "meta");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_META_SREG, sreg);
}

/* A payload expression for @len bytes at @base+@off, or NULL. */
static struct nftnl_expr *payload(struct nft_rule *b, uint32_t base,
				  uint32_t off, uint32_t len)
{
	struct nftnl_expr *e = expr(b, "payload");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
	}
	return e;
}

/* [ payload load LEN b @ BASE header + OFF => reg DREG ] */
void nft_payload(struct nft_rule *b, uint32_t base, uint32_t off,
		 uint32_t len, uint32_t dreg)
{
	struct nftnl_expr *e = payload(b, base, off, len);

	if (e)
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, dreg);
}

/* [ cmp OP reg SREG DATA ]: the rule goes on only if it holds */
void nft_cmp(struct nft_rule *b, uint32_t sreg, uint32_t op, const void *data,
	     size_t len)
{
	struct nftnl_expr *e = expr(b, "cmp");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, sreg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
	nftnl_expr_set(e, NFTNL_EXPR_CMP_DATA, data, (uint32_t)len);
}

/* reg &= mask, in place. */
void nft_bitwise(struct nft_rule *b, uint32_t reg, const void *mask,
		 size_t len)
{
	static const uint8_t zero[16];
	struct nftnl_expr *e = expr(b, "bitwise");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, reg);
	nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, (uint32_t)len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_MASK, mask, (uint32_t)len);
	nftnl_expr_set(e, NFTNL_EXPR_BITWISE_XOR, zero, (uint32_t)len);
}

/* A lookup of @sreg in @set, or NULL. The flags are always set, as the
 * kernel always reports them: a built rule and the same rule read back
 * then print alike (fw verify), for set and map lookups both. */
static struct nftnl_expr *lookup(struct nft_rule *b, uint32_t sreg,
				 const char *set, uint32_t flags)
{
	struct nftnl_expr *e = expr(b, "lookup");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_SREG, sreg);
		nftnl_expr_set_str(e, NFTNL_EXPR_LOOKUP_SET, set);
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_FLAGS, flags);
	}
	return e;
}

/* [ lookup reg SREG set SET ]: go on if the key is (@inv: is not) in it */
void nft_lookup(struct nft_rule *b, uint32_t sreg, const char *set, bool inv)
{
	lookup(b, sreg, set, inv ? NFT_LOOKUP_F_INV : 0);
}

/* Map lookup: @dreg = @set[@sreg], or the rule stops here. */
void nft_lookup_map(struct nft_rule *b, uint32_t sreg, const char *set,
		    uint32_t dreg)
{
	struct nftnl_expr *e = lookup(b, sreg, set, 0);

	if (e)
		nftnl_expr_set_u32(e, NFTNL_EXPR_LOOKUP_DREG, dreg);
}

/**
 * nft_dynset() - add to a set from the packet path
 * @update:	"update" (refresh the timeout of an existing element) rather
 *		than "add"; neither ever changes an existing element's data
 * @sreg_data:	the data register for maps, or -1
 * @timeout_ms:	the element's timeout, 0 for the set's default
 */
static struct nftnl_expr *dynset(struct nft_rule *b, bool update,
				 const char *set, uint32_t sreg_key)
{
	struct nftnl_expr *e = expr(b, "dynset");

	if (!e)
		return NULL;
	nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_OP, update ?
			   NFT_DYNSET_OP_UPDATE : NFT_DYNSET_OP_ADD);
	nftnl_expr_set_str(e, NFTNL_EXPR_DYNSET_SET_NAME, set);
	nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_SREG_KEY, sreg_key);
	return e;
}

/* [ dynset add|update reg_key SREG_KEY (reg_data SREG_DATA, < 0: none)
 * set SET timeout ] */
void nft_dynset(struct nft_rule *b, bool update, const char *set,
		uint32_t sreg_key, int sreg_data, uint64_t timeout_ms)
{
	struct nftnl_expr *e = dynset(b, update, set, sreg_key);

	if (!e)
		return;
	if (sreg_data >= 0)
		nftnl_expr_set_u32(e, NFTNL_EXPR_DYNSET_SREG_DATA,
				   (uint32_t)sreg_data);
	if (timeout_ms)
		nftnl_expr_set_u64(e, NFTNL_EXPR_DYNSET_TIMEOUT, timeout_ms);
}

/* A dynset whose elements carry a stateful expression @name (from this
 * template, per element): the expression to fill in, or NULL. */
static struct nftnl_expr *dynset_expr(struct nft_rule *b, bool update,
				      const char *set, uint32_t sreg_key,
				      const char *name)
{
	struct nftnl_expr *e = dynset(b, update, set, sreg_key), *x;

	if (!e)
		return NULL;
	x = nftnl_expr_alloc(name);
	if (!x) {
		b->oom = true;
		return NULL;
	}
	nftnl_expr_add_expr(e, NFTNL_EXPR_DYNSET_EXPRESSIONS, x);
	return x;
}

/**
 * nft_dynset_connlimit() - "add @SET { KEY ct count over COUNT }": the
 * key's element counts the connections of the packets that reach it (the
 * limit is the element's, from the rule that added it); the rule goes on
 * only when they are more than @count
 */
void nft_dynset_connlimit(struct nft_rule *b, const char *set,
			  uint32_t sreg_key, uint32_t count)
{
	struct nftnl_expr *c = dynset_expr(b, false, set, sreg_key,
					   "connlimit");

	if (!c)
		return;
	nftnl_expr_set_u32(c, NFTNL_EXPR_CONNLIMIT_COUNT, count);
	nftnl_expr_set_u32(c, NFTNL_EXPR_CONNLIMIT_FLAGS, NFT_CONNLIMIT_F_INV);
}

/**
 * nft_dynset_limit() - "update @SET { KEY limit rate 1/PERIOD burst N
 * packets }": the key's element holds a token bucket of @burst packets
 * refilled with one per @period_s seconds; the rule goes on only while
 * it has a token
 */
void nft_dynset_limit(struct nft_rule *b, const char *set, uint32_t sreg_key,
		      uint32_t period_s, uint32_t burst)
{
	struct nftnl_expr *l = dynset_expr(b, true, set, sreg_key, "limit");

	if (!l)
		return;
	nftnl_expr_set_u64(l, NFTNL_EXPR_LIMIT_RATE, 1);
	nftnl_expr_set_u64(l, NFTNL_EXPR_LIMIT_UNIT, period_s);
	nftnl_expr_set_u32(l, NFTNL_EXPR_LIMIT_BURST, burst);
	nftnl_expr_set_u32(l, NFTNL_EXPR_LIMIT_TYPE, NFT_LIMIT_PKTS);
	nftnl_expr_set_u32(l, NFTNL_EXPR_LIMIT_FLAGS, 0);
}

/* [ ct load KEY => reg DREG ] */
void nft_ct(struct nft_rule *b, uint32_t key, uint32_t dreg)
{
	struct nftnl_expr *e = expr(b, "ct");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_KEY, key);
	nftnl_expr_set_u32(e, NFTNL_EXPR_CT_DREG, dreg);
}

/* [ immediate reg 0 VERDICT ]: NF_ACCEPT, NF_DROP, ... */
void nft_verdict(struct nft_rule *b, int verdict)
{
	struct nftnl_expr *e = expr(b, "immediate");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, (uint32_t)verdict);
}

/* "reject with icmpx admin-prohibited" (TCP gets the ICMP too). */
void nft_reject_admin(struct nft_rule *b)
{
	struct nftnl_expr *e = expr(b, "reject");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, NFT_REJECT_ICMPX_UNREACH);
	nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE,
			  NFT_REJECT_ICMPX_ADMIN_PROHIBITED);
}

/* [ masq ] */
void nft_masq(struct nft_rule *b)
{
	expr(b, "masq");
}

/* Load @len bytes of constant data into @dreg. */
void nft_imm(struct nft_rule *b, uint32_t dreg, const void *data, size_t len)
{
	struct nftnl_expr *e = expr(b, "immediate");

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, dreg);
	nftnl_expr_set(e, NFTNL_EXPR_IMM_DATA, data, (uint32_t)len);
}

/* Write @len bytes of @sreg at @base+@off; with @csum_off >= 0, update
 * the Internet checksum at that offset of the same header. */
void nft_payload_set(struct nft_rule *b, uint32_t base, uint32_t off,
		     uint32_t len, uint32_t sreg, int csum_off)
{
	struct nftnl_expr *e = payload(b, base, off, len);

	if (!e)
		return;
	nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_SREG, sreg);
	if (csum_off >= 0) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_CSUM_TYPE,
				   NFT_PAYLOAD_CSUM_INET);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_CSUM_OFFSET,
				   (uint32_t)csum_off);
	}
}

/* "fwd to" / "dup to" the device whose ifindex is in @sreg (netdev). */
void nft_fwd(struct nft_rule *b, uint32_t sreg_dev, bool dup)
{
	struct nftnl_expr *e = expr(b, dup ? "dup" : "fwd");

	if (!e)
		return;
	nftnl_expr_set_u32(e, dup ? NFTNL_EXPR_DUP_SREG_DEV :
				    NFTNL_EXPR_FWD_SREG_DEV, sreg_dev);
}

/**
 * nft_rule_expr_text() - a rule's expressions as libnftnl prints them
 * ("[ meta load iif => reg 1 ] [ cmp eq ... ]"), to compare the rules
 * vmnet builds with the ones the kernel holds
 *
 * Return: 0 or -ENOSPC
 */
int nft_rule_expr_text(const struct nftnl_rule *r, char *buf, size_t size)
{
	struct nftnl_expr_iter *it = nftnl_expr_iter_create(r);
	struct nftnl_expr *e;
	size_t len = 0;
	int rc = 0;

	if (!it)
		return -ENOMEM;
	buf[0] = '\0';
	while ((e = nftnl_expr_iter_next(it))) {
		const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
		int n = snprintf(buf + len, size - len, "[ %s ", name);

		if (n < 0 || (size_t)n >= size - len) {
			rc = -ENOSPC;
			break;
		}
		len += (size_t)n;
		n = nftnl_expr_snprintf(buf + len, size - len, e,
					NFTNL_OUTPUT_DEFAULT, 0);
		if (n < 0 || (size_t)n >= size - len) {
			rc = -ENOSPC;
			break;
		}
		len += (size_t)n;
		n = snprintf(buf + len, size - len, "]");
		if (n < 0 || (size_t)n >= size - len) {
			rc = -ENOSPC;
			break;
		}
		len += (size_t)n;
	}
	nftnl_expr_iter_destroy(it);
	return rc;
}

