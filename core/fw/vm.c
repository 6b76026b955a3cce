// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm.c - one port's per-VM elements (see vm.h and guard.c); whole-network
 * scans are in vmscan.c.
 *
 * A port with a configured MAC M and address I has: ports {iif} (with the
 * attaching uid as comment), seen {iif : M}, pairs and chaddr {iif . M},
 * macs {M}, tapip {iif : I}, tapset {iif . I}, claimed {I}, and on wlan
 * networks ip4mac {I : M}. Without a configured MAC it has learn {iif}
 * and the kernel adds the rest on its first frame; without an address,
 * iplearn {iif}. seen and tapip name a port's MAC and address whichever
 * way they came, so everything of a port is found with two batched reads,
 * whatever the number of VMs.
 *
 * macs and claimed are added with "must not exist": two runs racing for
 * one MAC or address cannot both win. Elements are keyed by ifindex,
 * which the kernel does not reuse, so stale elements can never apply to
 * another interface; elements whose interface is gone are only litter.
 */
#include "fw/vm.h"
#include "acl.h"
#include "fw/leases.h"
#include "verdict.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BR NFPROTO_BRIDGE

struct names {
	char s[FS_NSETS][FW_NAME_MAX];
};

static void names_of(const struct fw_net *n, struct names *x)
{
	int i;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < FS_NSETS; i++)
		fw_set_name(n, (enum fw_set)i, x->s[i]);
}

struct keys {
	uint32_t iif;
	uint8_t pair[12];	/* iif . MAC, padded */
	uint8_t tapset[8];	/* iif . address */
	uint32_t ip;		/* network byte order */
	uint8_t mac[6];
	uint32_t conns;		/* host byte order */
	uint8_t ip6[16];
	uint8_t own6[20];	/* iif . IPv6 address */
};

static void keys_of(struct keys *k, int ifindex, const uint8_t *mac,
		    const union inany *ip)
{
	memset(k, 0, sizeof(*k));
	k->iif = (uint32_t)ifindex;
	memcpy(k->pair, &k->iif, 4);
	memcpy(k->tapset, &k->iif, 4);
	if (mac) {
		memcpy(k->pair + 4, mac, 6);
		memcpy(k->mac, mac, 6);
	}
	if (ip)
		memcpy(&k->ip, ip->b + 12, 4);	/* IPv4 (port_into()) */
	memcpy(k->tapset + 4, &k->ip, 4);
	memcpy(k->own6, &k->iif, 4);
}

/* The port's configured IPv6 address into its keys. */
static void keys_ip6(struct keys *k, const union inany *ip6)
{
	memcpy(k->ip6, ip6->b, 16);
	memcpy(k->own6 + 4, ip6->b, 16);
}

/* The per-port state from the answers of the five per-port lookups. */
static int state_of(const struct nft_get *q, struct fw_vm_state *st)
{
	int i;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < 5; i++)
		if (q[i].rc < 0)
			return q[i].rc;
	st->registered = q[0].rc == 1;
	if (st->registered)
		st->has_uid = port_comment_parse(q[0].comment, &st->uid,
						 st->name, sizeof(st->name));
	st->learns_mac = q[1].rc == 1;
	st->has_mac = q[2].rc == 1 && q[2].dlen == 6;
	if (st->has_mac)
		memcpy(st->mac, q[2].data, 6);
	st->learns_ip = q[3].rc == 1;
	st->has_ip = q[4].rc == 1 && q[4].dlen == 4 &&
		     !inany_from_bytes(&st->ip, q[4].data, 4);
	st->any = st->registered || st->learns_mac || st->has_mac ||
		  st->learns_ip || st->has_ip;
	return 0;
}

/* The five per-port lookups, into q[0..4]. */
static void port_queries(struct nft_get *q, const struct names *x,
			 const struct keys *k)
{
	nft_get_of(&q[0], BR, x->s[FS_PORTS], &k->iif, 4);
	nft_get_of(&q[1], BR, x->s[FS_LEARN], &k->iif, 4);
	nft_get_of(&q[2], BR, x->s[FS_SEEN], &k->iif, 4);
	nft_get_of(&q[3], BR, x->s[FS_IPLEARN], &k->iif, 4);
	nft_get_of(&q[4], BR, x->s[FS_TAPIP], &k->iif, 4);
}

/*
 * What the kernel holds for the port @ifindex: 0 (nothing at all, also
 * when the network is down, leaves st->any false) or -errno.
 */
static int read_port(struct nft_conn *c, const struct fw_net *n,
		     int ifindex, struct fw_vm_state *st)
{
	struct nft_get q[5];
	struct names x;
	struct keys k;
	int rc;

	names_of(n, &x);
	keys_of(&k, ifindex, NULL, 0);
	port_queries(q, &x, &k);
	rc = nft_get_elems(c, q, 5);
	return rc ? rc : state_of(q, st);
}

/* The key of an element of the table, from the port's keys. */
static const void *key_of(const struct keys *k, enum fw_vm_key f,
			  uint32_t *len)
{
	switch (f) {
	case FVK_IIF:
		*len = 4;
		return &k->iif;
	case FVK_MAC:
		*len = 6;
		return k->mac;
	case FVK_IP:
		*len = 4;
		return &k->ip;
	case FVK_IIF_MAC:
		*len = 12;
		return k->pair;
	case FVK_IIF_IP:
		*len = 8;
		return k->tapset;
	case FVK_CONNS:
		*len = 4;
		return &k->conns;
	case FVK_IP6:
		*len = 16;
		return k->ip6;
	case FVK_IIF_IP6:
		*len = 20;
		return k->own6;
	}
	*len = 0;
	return NULL;
}

static bool needs_mac(enum fw_vm_key f)
{
	return f == FVK_MAC || f == FVK_IIF_MAC;
}

static bool needs_ip(enum fw_vm_key f)
{
	return f == FVK_IP || f == FVK_IIF_IP;
}

/*
 * Put into @t the deletion of every element port @st holds: each element
 * of the table whose key the port's MAC and address give (whether vmnet
 * added it or the kernel learned it) and that exists.
 */
static int del_port(struct nft_conn *c, struct nft_txn *t,
		    const struct fw_net *n, const struct names *x,
		    const struct keys *k, const struct fw_vm_state *st)
{
	struct nft_get q[16];
	size_t nq = 0, i;
	int rc;

	for (i = 0; i < fw_vm_nelems; i++) {
		const struct fw_vm_elem *e = &fw_vm_elems[i];
		uint32_t len;
		const void *key;

		if (!fw_has_set(n, e->set) || (needs_mac(e->key) &&
					       !st->has_mac) ||
		    (needs_ip(e->key) && !st->has_ip) ||
		    e->when == FVW_IP6)	/* fw_claims6_del() reads those */
			continue;
		key = key_of(k, e->key, &len);
		nft_get_of(&q[nq++], fw_set_family(n, e->set), x->s[e->set],
			   key, len);
	}
	rc = nft_get_elems(c, q, nq);
	if (!rc)
		rc = fw_claims6_del(c, t, n, (int)k->iif);
	if (rc)
		return rc;
	for (i = 0; i < nq; i++) {
		if (q[i].rc < 0)
			return q[i].rc;
		if (q[i].rc == 1)
			nft_elem(t, false, q[i].family, NFT_TABLE, q[i].set,
				 q[i].key, q[i].klen, NULL, 0, 0);
	}
	return st->has_mac ? fw_ip4mac_drop(c, t, n, st->mac,
					    st->has_ip ? &st->ip : NULL) : 0;
}

static bool when(enum fw_vm_when w, const struct fw_vm *v)
{
	switch (w) {
	case FVW_ALWAYS:
		return true;
	case FVW_MAC:
		return v->has_mac;
	case FVW_NOMAC:
		return !v->has_mac;
	case FVW_IP:
		return v->has_ip;
	case FVW_NOIP:
		return !v->has_ip;
	case FVW_IP_MAC:
		return v->has_ip && v->has_mac;
	case FVW_IP6:
		return v->has_ip6;
	}
	return false;
}

/* Put into @t the elements of the new port @v, as the table says. */
static void add_port(struct nft_txn *t, const struct fw_net *n,
		     const struct names *x, const struct keys *k,
		     const struct fw_vm *v)
{
	char comment[PORT_COMMENT_MAX];
	size_t i;

	if (port_comment_format(v->uid, v->name, comment, sizeof(comment)))
		snprintf(comment, sizeof(comment), "uid=%u", (unsigned)v->uid);
	for (i = 0; i < fw_vm_nelems; i++) {
		const struct fw_vm_elem *e = &fw_vm_elems[i];
		int fam = fw_set_family(n, e->set);
		const void *key, *data = NULL;
		uint32_t klen, dlen = 0;

		if (!fw_has_set(n, e->set) || !when(e->when, v))
			continue;
		key = key_of(k, e->key, &klen);
		if (e->data >= 0)
			data = key_of(k, (enum fw_vm_key)e->data, &dlen);
		if (e->excl)
			nft_elem_new(t, fam, NFT_TABLE, x->s[e->set], key, klen,
				     data, dlen,
				     e->set == FS_PORTS ? comment : NULL);
		else
			nft_elem(t, true, fam, NFT_TABLE, x->s[e->set], key,
				 klen, data, dlen, 0);
	}
}

/* The keys of a port's current elements (its MAC and address). */
static void keys_of_state(struct keys *k, int ifindex,
			  const struct fw_vm_state *st)
{
	keys_of(k, ifindex, st->has_mac ? st->mac : NULL,
		st->has_ip ? &st->ip : NULL);
}

/**
 * fw_vm_del() - remove every element of port @ifindex, in one transaction
 *
 * Return: 0 (also when there was nothing, or the network is down), -errno
 */
int fw_vm_del(struct nft_conn *c, const struct fw_net *n, int ifindex,
	      char *what, size_t what_size)
{
	struct fw_vm_state st;
	struct nft_txn *t;
	struct names x;
	struct keys k;
	int rc, tries;

	if (what_size)
		what[0] = '\0';
	names_of(n, &x);
	/* -ENOENT from the commit: something else removed an element
	 * between our read and our delete; read again. */
	for (tries = 0; tries < 3; tries++) {
		rc = read_port(c, n, ifindex, &st);
		if (rc || !st.any)
			return rc;
		keys_of_state(&k, ifindex, &st);
		rc = nft_txn_new(&t);
		if (rc)
			return rc;
		rc = del_port(c, t, n, &x, &k, &st);
		if (!rc)
			rc = nft_commit(c, t, what, what_size);
		nft_txn_free(t);
		if (rc != -ENOENT)
			break;
	}
	return rc;
}

/* The lookups of an attach after the five per-port ones (q[0..4]); those
 * of a configured IPv6 address come last, asked only when there is one. */
enum { Q_PORTS = 5, Q_MACS, Q_INFRA, Q_LANMAC, Q_CLAIMED, Q_HOSTIPS,
       Q_IP4MAC, Q_LANIP, Q_N4, Q_CLAIMED6 = Q_N4, Q_HOSTIPS6, Q_LANIP6,
       Q_SUBNET6, Q_N };

/* The checks of a configured MAC and IPv4 address, from check_free()'s
 * reads: a refusal, or 0. What the port holds already (@st: an earlier
 * attach of this interface) is no obstacle. */
static int check_free4(const struct nft_get *q, const struct fw_vm *v,
		       const struct fw_vm_state *st, bool lanside)
{
	if (v->has_mac) {
		bool own = st->has_mac && !memcmp(st->mac, v->mac, 6);

		if (q[Q_MACS].rc == 1 && !own)
			return FW_VM_MAC_USED;
		if (q[Q_INFRA].rc == 1 || q[Q_LANMAC].rc == 1)
			return FW_VM_MAC_RESERVED;
	}
	if (v->has_ip) {
		bool own = st->has_ip && inany_equal(&st->ip, &v->ip);

		if (q[Q_HOSTIPS].rc == 1)
			return FW_VM_IP_RESERVED;
		if (q[Q_CLAIMED].rc == 1 && !own)
			return FW_VM_IP_USED;
		if (lanside && q[Q_LANIP].rc == 1 && !own)
			return FW_VM_IP_LAN;
	}
	return 0;
}

/* The checks of a configured IPv6 address, from check_free()'s reads:
 * a refusal, or 0. The port's own claim (an earlier attach of this
 * interface) is no obstacle. */
static int check_free6(const struct nft_get *q, const struct keys *k)
{
	bool own = q[Q_CLAIMED6].rc == 1 && q[Q_CLAIMED6].dlen == 4 &&
		   !memcmp(q[Q_CLAIMED6].data, &k->iif, 4);

	/* (subnet6 is an interval set: the kernel finds the range that
	 * holds the address) */
	if (q[Q_SUBNET6].rc != 1)
		return FW_VM_IP6_OUTSIDE;
	if (q[Q_HOSTIPS6].rc == 1)
		return FW_VM_IP6_RESERVED;
	if (q[Q_CLAIMED6].rc == 1 && !own)
		return FW_VM_IP6_USED;
	if (q[Q_LANIP6].rc == 1 && !own)
		return FW_VM_IP6_LAN;
	return 0;
}

/*
 * The checks of an attach. Reads, in one batch: whether the network is
 * up, what the port holds already (@st: an earlier attach of this very
 * interface that died), and whether the configured MAC and address are
 * free. @stale_map: a translation entry of the address outlived its port.
 * @keep: a registered port is left alone (-EALREADY, before any check).
 *
 * Return: 0, a refusal (FW_VM_*), or -errno
 */
static int check_free(struct nft_conn *c, const struct fw_net *n,
		      const struct fw_vm *v, bool keep, const struct names *x,
		      const struct keys *k, struct fw_vm_state *st,
		      bool *stale_map)
{
	bool wlan = fw_has_set(n, FS_IP4MAC);
	bool lanside = fw_has_set(n, FS_LANIP);
	size_t nq = v->has_ip6 ? Q_N : Q_N4, i;
	struct nft_get q[Q_N];
	int rc;

	port_queries(q, x, k);
	nft_get_of(&q[Q_PORTS], BR, x->s[FS_PORTS], NULL, 0);
	nft_get_of(&q[Q_MACS], BR, x->s[FS_MACS], k->mac, 6);
	nft_get_of(&q[Q_INFRA], BR, x->s[FS_INFRA], k->mac, 6);
	nft_get_of(&q[Q_LANMAC], BR, x->s[FS_LANMAC], k->mac, 6);
	nft_get_of(&q[Q_CLAIMED], BR, x->s[FS_CLAIMED], &k->ip, 4);
	nft_get_of(&q[Q_HOSTIPS], BR, x->s[FS_HOSTIPS], &k->ip, 4);
	nft_get_of(&q[Q_IP4MAC], wlan ? fw_set_family(n, FS_IP4MAC) : BR,
		   wlan ? x->s[FS_IP4MAC] : x->s[FS_HOSTIPS], &k->ip, 4);
	nft_get_of(&q[Q_LANIP], BR, x->s[lanside ? FS_LANIP : FS_HOSTIPS],
		   &k->ip, 4);
	nft_get_of(&q[Q_CLAIMED6], BR, x->s[FS_CLAIMED6], k->ip6, 16);
	nft_get_of(&q[Q_HOSTIPS6], BR, x->s[FS_HOSTIPS6], k->ip6, 16);
	nft_get_of(&q[Q_LANIP6], BR, x->s[FS_LANIP6], k->ip6, 16);
	nft_get_of(&q[Q_SUBNET6], BR, x->s[FS_SUBNET6], k->ip6, 16);
	rc = nft_get_elems(c, q, nq);
	if (!rc)
		rc = state_of(q, st);
	for (i = Q_PORTS; i < nq && !rc; i++)
		if (q[i].rc < 0)
			rc = q[i].rc;
	if (rc)
		return rc;
	if (keep && st->registered)
		return -EALREADY;	/* fw_vm_ensure(): nothing to check */
	if (q[Q_PORTS].rc != 1)
		return FW_VM_NOT_UP;
	rc = check_free4(q, v, st, lanside);
	if (!rc && v->has_ip6)
		rc = check_free6(q, k);
	if (rc)
		return rc;
	if (v->has_ip && fw_has_set(n, FS_LEASES)) {
		uint8_t other[6];

		rc = fw_lease_other(c, n, &v->ip, v->has_mac ? v->mac : NULL,
				    other);
		if (rc)
			return rc < 0 ? rc : FW_VM_IP_LEASED;
	}
	*stale_map = wlan && v->has_ip && q[Q_IP4MAC].rc == 1 &&
		     !(st->has_ip && inany_equal(&st->ip, &v->ip)) &&
		     q[Q_CLAIMED].rc != 1;
	return 0;
}

/*
 * The checks and writes of an attach, into @t: one batched read, then
 * what the port held replaced by its new elements. @keep: leave a
 * registered port alone (-EALREADY, nothing written).
 *
 * Return: 0, -EALREADY, a refusal (FW_VM_*), or -errno
 */
static int port_into(struct nft_conn *c, struct nft_txn *t,
		     const struct fw_net *n, const struct names *x,
		     const struct fw_vm *v, bool keep)
{
	struct fw_vm_state st;
	struct keys k, old;
	bool stale_map = false;
	int rc;

	if ((v->has_ip && !inany_is_v4(&v->ip)) ||
	    (v->has_ip6 && (inany_is_v4(&v->ip6) ||
			    !fw_has_set(n, FS_CLAIMED6))))
		return -EAFNOSUPPORT;	/* the sets hold IPv4 addresses, or
					 * the network has no IPv6 */
	keys_of(&k, v->ifindex, v->has_mac ? v->mac : NULL,
		v->has_ip ? &v->ip : NULL);
	if (v->has_ip6)
		keys_ip6(&k, &v->ip6);
	k.conns = v->conns ? v->conns : ACL_DEFAULT_CONNS;
	rc = check_free(c, n, v, keep, x, &k, &st, &stale_map);
	if (rc)
		return rc;
	keys_of_state(&old, v->ifindex, &st);
	if (st.any)
		rc = del_port(c, t, n, x, &old, &st);
	if (rc)
		return rc;
	if (stale_map)
		nft_elem(t, false, fw_set_family(n, FS_IP4MAC), NFT_TABLE,
			 x->s[FS_IP4MAC], &k.ip, 4, NULL, 0, 0);
	add_port(t, n, x, &k, v);
	return 0;
}

/* fw_vm_put(), with refusals as positive FW_VM_* */
static int put(struct nft_conn *c, const struct fw_net *n,
	       const struct fw_vm *v, bool keep, char *what, size_t what_size)
{
	struct nft_txn *t;
	struct names x;
	int rc;

	names_of(n, &x);
	rc = nft_txn_new(&t);
	if (rc)
		return rc;
	rc = port_into(c, t, n, &x, v, keep);
	if (!rc)
		rc = nft_commit(c, t, what, what_size);
	nft_txn_free(t);
	if (rc == -EEXIST && strstr(what, x.s[FS_MACS]))
		return FW_VM_MAC_USED;		/* claimed concurrently */
	if (rc == -EEXIST && strstr(what, x.s[FS_CLAIMED6]))
		return FW_VM_IP6_USED;
	if (rc == -EEXIST && strstr(what, x.s[FS_CLAIMED]))
		return FW_VM_IP_USED;
	return rc;
}

/**
 * fw_vm_put() - register port v->ifindex in one transaction, replacing
 * what the kernel holds for it
 * @c:		nf_tables connection
 * @n:		the port's network
 * @v:		the port and what it is allowed
 * @keep:	leave a registered port alone
 * @refused:	FW_VM_OK, or why the port may not have its elements (then
 *		nothing was written)
 * @what:	on failure, the message the kernel refused
 * @what_size:	size of @what
 *
 * Return: 0 (see @refused), -EALREADY (@keep and the port is registered:
 * nothing written), or -errno
 */
int fw_vm_put(struct nft_conn *c, const struct fw_net *n,
	      const struct fw_vm *v, bool keep, enum fw_vm_refusal *refused,
	      char *what, size_t what_size)
{
	int rc = put(c, n, v, keep, what, what_size);

	*refused = rc > 0 ? (enum fw_vm_refusal)rc : FW_VM_OK;
	return rc > 0 ? 0 : rc;
}

/**
 * fw_vm_put_txn() - the checks of fw_vm_put() and its writes into @t,
 * for a caller that commits many ports at once
 * @c:		nf_tables connection (the checks read through it)
 * @t:		the transaction to add to
 * @n:		the port's network
 * @v:		the port and what it is allowed
 * @keep:	leave a registered port alone
 * @refused:	FW_VM_OK, or why the port may not have its elements (then
 *		nothing was added to @t)
 *
 * Return: 0 (see @refused), -EALREADY, or -errno
 */
int fw_vm_put_txn(struct nft_conn *c, struct nft_txn *t,
		  const struct fw_net *n, const struct fw_vm *v, bool keep,
		  enum fw_vm_refusal *refused)
{
	struct names x;
	int rc;

	names_of(n, &x);
	rc = port_into(c, t, n, &x, v, keep);
	*refused = rc > 0 ? (enum fw_vm_refusal)rc : FW_VM_OK;
	return rc > 0 ? 0 : rc;
}

/**
 * fw_vm_add() - register port v->ifindex: replace whatever the kernel
 * holds for it (an earlier attach of this interface that died) with its
 * elements, in one transaction
 * @c:		nf_tables connection
 * @n:		the port's network
 * @v:		the port and what it is allowed
 * @refused:	FW_VM_OK, or why the port may not have its elements (then
 *		nothing was written)
 * @what:	on failure, the message the kernel refused
 * @what_size:	size of @what
 *
 * Return: 0 (see @refused) or -errno
 */
int fw_vm_add(struct nft_conn *c, const struct fw_net *n,
	      const struct fw_vm *v, enum fw_vm_refusal *refused, char *what,
	      size_t what_size)
{
	if (what_size)
		what[0] = '\0';
	return fw_vm_put(c, n, v, false, refused, what, what_size);
}
