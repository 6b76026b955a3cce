// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmscan.c - whole-network reads of the per-VM sets: what the kernel
 * holds for every port (for status, verify and gc) and the litter no
 * registered port accounts for (for gc). One dump per set, whatever the
 * number of VMs; vm.c handles one port at a time.
 */
#include "fw/vmscan.h"
#include "grow.h"
#include "verdict.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <stdlib.h>
#include <string.h>

#define BR NFPROTO_BRIDGE

/* One dump of a per-port set, merged into the scan by ifindex. */
struct scan_ctx {
	struct fw_vm_scan *out;
	enum fw_set set;
};

static struct fw_vm_state *port_at(struct fw_vm_scan *s, int ifindex)
{
	void *nv;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].ifindex == ifindex)
			return &s->v[i];
	nv = grow(s->v, s->n, &s->cap, sizeof(*s->v), 64);
	if (!nv)
		return NULL;
	s->v = nv;
	memset(&s->v[s->n], 0, sizeof(s->v[0]));
	s->v[s->n].ifindex = ifindex;
	return &s->v[s->n++];
}

static int scan_cb(const struct nft_elem_view *e, void *arg)
{
	struct scan_ctx *sc = arg;
	const void *data = e->data;
	uint32_t iif, dlen = e->dlen;
	struct fw_vm_state *st;

	if (e->klen != 4)
		return 0;
	memcpy(&iif, e->key, 4);
	st = port_at(sc->out, (int)iif);
	if (!st)
		return -ENOMEM;
	switch (sc->set) {
	case FS_PORTS:
		st->registered = true;
		st->has_uid = port_comment_parse(e->comment, &st->uid, st->name,
						 sizeof(st->name));
		break;
	case FS_LEARN:
		st->learns_mac = true;
		break;
	case FS_SEEN:
		st->has_mac = dlen == 6;
		if (st->has_mac)
			memcpy(st->mac, data, 6);
		break;
	case FS_IPLEARN:
		st->learns_ip = true;
		break;
	case FS_TAPIP:
		st->has_ip = dlen == 4 && !inany_from_bytes(&st->ip, data, 4);
		break;
	default:
		break;
	}
	st->any = true;
	return 0;
}

static int claim6_cb(const struct nft_elem_view *e, void *arg)
{
	struct fw_vm_scan *s = arg;
	uint32_t iif;
	void *nv;

	if (e->klen != 16 || !e->data || e->dlen != 4)
		return 0;
	nv = grow(s->c6, s->n6, &s->cap6, sizeof(*s->c6), 64);
	if (!nv)
		return -ENOMEM;
	s->c6 = nv;
	memcpy(&iif, e->data, 4);
	s->c6[s->n6].ifindex = (int)iif;
	s->c6[s->n6].ms_left = e->expires_ms;
	if (inany_from_bytes(&s->c6[s->n6].ip, e->key, 16))
		return 0;
	s->n6++;
	return 0;
}

/**
 * fw_vm_scan_claims6() - add to scan @s the IPv6 addresses the ports of
 * network @n hold (claimed6_NET, one dump): what "status" shows; the
 * repairs and checks that scan do not need them
 *
 * Return: 0 (nothing when the network has no IPv6 or is down) or -errno
 */
int fw_vm_scan_claims6(struct nft_conn *c, const struct fw_net *n,
		       struct fw_vm_scan *s)
{
	char name[FW_NAME_MAX];
	int rc;

	if (!fw_has_set(n, FS_CLAIMED6))
		return 0;
	fw_set_name(n, FS_CLAIMED6, name);
	rc = nft_dump_elems(c, BR, name, claim6_cb, s);
	return rc == -ENOENT ? 0 : rc;
}

/**
 * fw_vm_scan() - what the kernel holds for every port of the network:
 * one dump per per-port set (five), whatever the number of VMs
 * @out:	the ports, in no particular order; free with fw_vm_scan_free()
 *
 * A dump is a snapshot of one set, not of the five together: a port
 * attached or detached meanwhile may show in some and not others. Callers
 * that write decide again under the port's user's lock.
 *
 * Return: 0 (no ports when the network is down) or -errno
 */
int fw_vm_scan(struct nft_conn *c, const struct fw_net *n,
	       struct fw_vm_scan *out)
{
	static const enum fw_set sets[] = {
		FS_PORTS, FS_LEARN, FS_SEEN, FS_IPLEARN, FS_TAPIP,
	};
	char name[FW_NAME_MAX];
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct scan_ctx sc = { out, sets[i] };

		if (!fw_has_set(n, sets[i]))
			continue;
		fw_set_name(n, sets[i], name);
		rc = nft_dump_elems(c, BR, name, scan_cb, &sc);
		if (rc == -ENOENT && sets[i] == FS_PORTS)
			break;		/* the network is down */
		if (rc == -ENOENT)
			rc = 0;		/* broken state: verify reports it */
		if (rc)
			break;
	}
	if (rc)
		fw_vm_scan_free(out);
	return rc == -ENOENT ? 0 : rc;
}

/* The port @ifindex of a scan, or NULL when the kernel holds nothing. */
const struct fw_vm_state *fw_vm_scan_find(const struct fw_vm_scan *s,
					  int ifindex)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].ifindex == ifindex)
			return &s->v[i];
	return NULL;
}

/* Free a scan (fw_vm_scan()); @s is empty afterwards. */
void fw_vm_scan_free(struct fw_vm_scan *s)
{
	free(s->v);
	free(s->c6);
	memset(s, 0, sizeof(*s));
}

struct litter {
	struct raw {
		uint8_t key[20];
		uint32_t klen;
		uint8_t data[6];	/* a map's value: ip4mac's MAC,
					 * claimed6's port */
	} *v;
	size_t n, cap;
};

static int litter_cb(const struct nft_elem_view *e, void *arg)
{
	struct litter *l = arg;
	const void *key = e->key;
	uint32_t klen = e->klen;
	void *nv;

	if (klen > sizeof(l->v[0].key))
		return 0;
	nv = grow(l->v, l->n, &l->cap, sizeof(*l->v), 64);
	if (!nv)
		return -ENOMEM;
	l->v = nv;
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	memcpy(l->v[l->n].key, key, klen);
	l->v[l->n].klen = klen;
	if (e->data && e->dlen <= sizeof(l->v[0].data))
		memcpy(l->v[l->n].data, e->data, e->dlen);
	l->n++;
	return 0;
}

static bool has_iif(const struct litter *ports, const uint8_t *key)
{
	size_t i;

	for (i = 0; i < ports->n; i++)
		if (!memcmp(ports->v[i].key, key, 4))
			return true;
	return false;
}

/* Whether some element of @pairs (iif . X) whose port is registered has X
 * equal to @val (@len bytes at offset 4). */
static bool backed(const struct litter *pairs, const struct litter *ports,
		   const uint8_t *val, size_t len)
{
	size_t i;

	for (i = 0; i < pairs->n; i++)
		if (!memcmp(pairs->v[i].key + 4, val, len) &&
		    has_iif(ports, pairs->v[i].key))
			return true;
	return false;
}

enum { L_MACS, L_CLAIMED, L_IP4MAC, L_CHADDR, L_TAPSET, L_PAIRS, L_SEEN,
       L_TAPIP, L_LEARN, L_IPLEARN, L_PORTMARK, L_PORTLIM, L_IP6MAC,
       L_CLAIMED6, L_OWN6, L_RATE6, L_PORTS, L_N };

/* Read derived-first, ports_NET last (see fw_vm_orphans()). */
static const enum fw_set order[L_N] = {
	FS_MACS, FS_CLAIMED, FS_IP4MAC, FS_CHADDR, FS_TAPSET, FS_PAIRS,
	FS_SEEN, FS_TAPIP, FS_LEARN, FS_IPLEARN, FS_PORTMARK, FS_PORTLIM,
	FS_IP6MAC, FS_CLAIMED6, FS_OWN6, FS_RATE6, FS_PORTS,
};

/* Whether element @r of the set read into l[@i] is accounted for (a
 * translation entry: by a registered port's address, or, for a leased
 * address, by its MAC). */
static bool accounted(const struct litter *l, int i, const struct raw *r)
{
	const uint8_t *k = r->key;

	switch (i) {
	case L_MACS:
		return backed(&l[L_PAIRS], &l[L_PORTS], k, 6);
	case L_CLAIMED:
		return backed(&l[L_TAPSET], &l[L_PORTS], k, 4);
	case L_IP4MAC:
		return backed(&l[L_TAPSET], &l[L_PORTS], k, 4) ||
		       backed(&l[L_PAIRS], &l[L_PORTS], r->data, 6);
	case L_IP6MAC:		/* address : MAC, where a port holds it */
		return backed(&l[L_OWN6], &l[L_PORTS], k, 16);
	case L_CLAIMED6:	/* address : the port that claimed it */
		return has_iif(&l[L_PORTS], r->data);
	case L_PORTS:
		return true;
	default:
		return has_iif(&l[L_PORTS], k);
	}
}

/* One pass: read every set, delete what nothing accounts for. */
static int sweep(struct nft_conn *c, const struct fw_net *n,
		 unsigned *removed, char *what, size_t what_size)
{
	char name[L_N][FW_NAME_MAX];
	struct litter l[L_N];
	struct nft_txn *t = NULL;
	int rc = 0, i;
	size_t j;

	memset(l, 0, sizeof(l));
	for (i = 0; i < L_N && !rc; i++) {
		fw_set_name(n, order[i], name[i]);
		if (fw_has_set(n, order[i]))
			rc = nft_dump_elems(c, fw_set_family(n, order[i]),
					    name[i], litter_cb, &l[i]);
	}
	if (rc == -ENOENT)
		rc = 0;		/* the network is down */
	if (!rc)
		rc = nft_txn_new(&t);
	for (i = 0; i < L_N && !rc; i++)
		for (j = 0; j < l[i].n; j++) {
			if (accounted(l, i, &l[i].v[j]))
				continue;
			nft_elem(t, false, fw_set_family(n, order[i]),
				 NFT_TABLE, name[i], l[i].v[j].key,
				 l[i].v[j].klen, NULL, 0, 0);
			(*removed)++;
		}
	if (!rc && *removed)
		rc = nft_commit(c, t, what, what_size);
	nft_txn_free(t);
	for (i = 0; i < L_N; i++)
		free(l[i].v);
	return rc;
}

/**
 * fw_vm_orphans() - remove elements no registered port accounts for: a
 * port's elements without its registration, MACs and addresses no
 * registered port uses, translation entries of unclaimed addresses
 * @removed:	how many elements went
 *
 * The sets are read derived-first and ports_NET last: a port registered
 * meanwhile arrives whole (one transaction), so nothing of it is taken
 * for litter; one removed meanwhile makes the transaction fail with
 * -ENOENT, and the next try sees it gone.
 *
 * Return: 0 or -errno
 */
int fw_vm_orphans(struct nft_conn *c, const struct fw_net *n,
		  unsigned *removed, char *what, size_t what_size)
{
	int tries, rc = 0;

	for (tries = 0; tries < 3; tries++) {
		*removed = 0;
		rc = sweep(c, n, removed, what, what_size);
		if (rc != -ENOENT)
			break;
		rc = 0;
		*removed = 0;
	}
	return rc;
}
