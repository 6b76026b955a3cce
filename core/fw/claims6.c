// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * claims6.c - the IPv6 addresses a port claimed (engine/fw/guard6.c):
 * the kernel learns them from the port's packets, so vmnet-ifdown finds
 * them by reading own6_NET, and removes them with the port's other
 * elements (and, on wlan, their translation entries).
 */
#include "fw/vm.h"
#include "grow.h"

#include <errno.h>
#include <linux/netfilter.h>
#include <stdlib.h>
#include <string.h>

#define BR NFPROTO_BRIDGE

struct claims6 {
	uint32_t iif;
	uint8_t (*key)[20];	/* iif . address */
	size_t n, cap;
};

static int own6_cb(const struct nft_elem_view *e, void *arg)
{
	struct claims6 *c = arg;
	void *nv;

	if (e->klen != 20 || memcmp(e->key, &c->iif, 4))
		return 0;
	nv = grow(c->key, c->n, &c->cap, sizeof(*c->key), 8);
	if (!nv)
		return -ENOMEM;
	c->key = nv;
	memcpy(c->key[c->n++], e->key, 20);
	return 0;
}

/* The lookups of the port's claims @cl (claimed6_NET's, then on wlan
 * ip6mac_NET's) and of its rate (last) into @q. */
static int lookups(struct nft_conn *c, const struct fw_net *n,
		   const struct claims6 *cl, struct nft_get *q, bool wlan)
{
	char claimed6[FW_NAME_MAX], ip6mac[FW_NAME_MAX], rate6[FW_NAME_MAX];
	size_t i, k = 0;

	fw_set_name(n, FS_CLAIMED6, claimed6);
	fw_set_name(n, FS_IP6MAC, ip6mac);
	fw_set_name(n, FS_RATE6, rate6);
	for (i = 0; i < cl->n; i++)
		nft_get_of(&q[k++], BR, claimed6, cl->key[i] + 4, 16);
	for (i = 0; i < cl->n && wlan; i++)
		nft_get_of(&q[k++], fw_set_family(n, FS_IP6MAC), ip6mac,
			   cl->key[i] + 4, 16);
	nft_get_of(&q[k++], BR, rate6, &cl->iif, 4);
	return nft_get_elems(c, q, k);
}

/* The deletions, where the lookups @q found the elements. */
static void deletions(struct nft_txn *t, const struct fw_net *n,
		      const struct claims6 *cl, const struct nft_get *q,
		      bool wlan)
{
	char own6[FW_NAME_MAX], claimed6[FW_NAME_MAX], ip6mac[FW_NAME_MAX],
	     rate6[FW_NAME_MAX];
	const struct nft_get *m = q + cl->n, *rate = m + (wlan ? cl->n : 0);
	size_t i;

	fw_set_name(n, FS_OWN6, own6);
	fw_set_name(n, FS_CLAIMED6, claimed6);
	fw_set_name(n, FS_IP6MAC, ip6mac);
	fw_set_name(n, FS_RATE6, rate6);
	for (i = 0; i < cl->n; i++) {
		bool mine = q[i].rc == 1 && q[i].dlen == 4 &&
			    !memcmp(q[i].data, &cl->iif, 4);

		nft_elem(t, false, BR, NFT_TABLE, own6, cl->key[i], 20,
			 NULL, 0, 0);
		if (mine)
			nft_elem(t, false, BR, NFT_TABLE, claimed6,
				 cl->key[i] + 4, 16, NULL, 0, 0);
		/* (the port taught the entry: only it sends from there) */
		if (mine && wlan && m[i].rc == 1)
			nft_elem(t, false, fw_set_family(n, FS_IP6MAC),
				 NFT_TABLE, ip6mac, cl->key[i] + 4, 16,
				 NULL, 0, 0);
	}
	if (rate->rc == 1)
		nft_elem(t, false, BR, NFT_TABLE, rate6, &cl->iif, 4,
			 NULL, 0, 0);
}

/**
 * fw_claims6_del() - put into @t the deletion of the IPv6 addresses port
 * @ifindex claimed
 * (own6_NET, and claimed6_NET where the claim is the port's; on wlan
 * their entries in ip6mac_NET) and of its claim rate (rate6_NET): the
 * kernel learned them, so they are found by reading own6_NET, the only
 * set keyed by the port that holds them (a port holds at most
 * FW_CLAIM6_PER_PORT)
 *
 * Return: 0 (also when the network has no IPv6 or is down), -errno
 */
int fw_claims6_del(struct nft_conn *c, struct nft_txn *t,
		   const struct fw_net *n, int ifindex)
{
	struct claims6 cl = { .iif = (uint32_t)ifindex };
	bool wlan = fw_has_set(n, FS_IP6MAC);
	char own6[FW_NAME_MAX];
	struct nft_get *q = NULL;
	size_t i, nq;
	int rc;

	if (!fw_has_set(n, FS_OWN6))
		return 0;
	fw_set_name(n, FS_OWN6, own6);
	rc = nft_dump_elems(c, BR, own6, own6_cb, &cl);
	if (rc == -ENOENT)
		rc = 0;		/* the network is down */
	nq = (wlan ? 2 : 1) * cl.n + 1;
	if (!rc && !(q = calloc(nq, sizeof(*q))))
		rc = -ENOMEM;
	if (!rc)
		rc = lookups(c, n, &cl, q, wlan);
	for (i = 0; i < nq && !rc; i++)
		if (q[i].rc < 0)
			rc = q[i].rc;
	if (!rc)
		deletions(t, n, &cl, q, wlan);
	free(q);
	free(cl.key);
	return rc;
}

