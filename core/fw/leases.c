// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * leases.c - what leases_NET holds: the MAC . address pairs a DHCP server
 * acked (guard.c's fw_snoop_rules(); "up" starts it from dnsmasq's lease
 * file). Read whole, for the two questions asked of it by address or by
 * MAC: is an address leased to another MAC than a VM's (an attach with a
 * configured address), and which address has a MAC ("status").
 */
#include "fw/leases.h"

#include <errno.h>
#include <string.h>

#include "fw/objects.h"

struct each_ctx {
	fw_lease_cb cb;
	void *ctx;
};

/* A key is the MAC, padded to 8 bytes, then the address. */
static int each_cb(const struct nft_elem_view *v, void *arg)
{
	struct each_ctx *e = arg;
	const uint8_t *k = v->key;
	union inany ip;

	if (v->klen != 12 || inany_from_bytes(&ip, k + 8, 4))
		return 0;
	return e->cb(k, &ip, v->expires_ms, e->ctx);
}

/**
 * fw_leases_each() - call @cb for each lease of network @n (none where
 * the network has no leases, or is down)
 *
 * Return: 0, what @cb returned when non-zero, or -errno
 */
int fw_leases_each(struct nft_conn *c, const struct fw_net *n,
		   fw_lease_cb cb, void *ctx)
{
	struct each_ctx e = { cb, ctx };
	char name[FW_NAME_MAX];
	int rc;

	if (!fw_has_set(n, FS_LEASES))
		return 0;
	fw_set_name(n, FS_LEASES, name);
	rc = nft_dump_elems(c, fw_set_family(n, FS_LEASES), name, each_cb, &e);
	return rc == -ENOENT ? 0 : rc;
}

struct other_ctx {
	const union inany *ip;
	const uint8_t *mac;
	uint8_t *other;
};

static int other_cb(const uint8_t mac[6], const union inany *ip,
		    uint64_t ms_left, void *arg)
{
	struct other_ctx *o = arg;

	(void)ms_left;
	if (!inany_equal(ip, o->ip) || (o->mac && !memcmp(mac, o->mac, 6)))
		return 0;
	memcpy(o->other, mac, 6);
	return 1;
}

/**
 * fw_lease_other() - whether address @ip is leased to a MAC other than
 * @mac (NULL: to any MAC)
 * @other:	that MAC, when it is
 *
 * Return: 1 it is, 0 it is not, -errno
 */
int fw_lease_other(struct nft_conn *c, const struct fw_net *n,
		   const union inany *ip, const uint8_t *mac, uint8_t other[6])
{
	struct other_ctx o = { ip, mac, other };

	return fw_leases_each(c, n, other_cb, &o);
}

struct drop_ctx {
	struct nft_txn *t;
	int family;
	const char *set;
	const uint8_t *mac;
	const union inany *keep;	/* NULL: none */
};

static int drop_cb(const struct nft_elem_view *v, void *arg)
{
	struct drop_ctx *d = arg;

	union inany ip;

	if (v->klen == 4 && v->dlen == 6 && !memcmp(v->data, d->mac, 6) &&
	    !inany_from_bytes(&ip, v->key, 4) &&
	    !(d->keep && inany_equal(&ip, d->keep)))
		nft_elem(d->t, false, d->family, NFT_TABLE, d->set, v->key, 4,
			 NULL, 0, 0);
	return 0;
}

/**
 * fw_ip4mac_drop() - delete, in @t, wlan network @n's translation entries
 * (ip4mac_NET) of @mac but the one of address @keep (deleted with the
 * port's other elements; NULL for none): those the port
 * guard learned for the addresses leased to the MAC of a port that goes.
 * Left, an entry would outlive its port and keep its MAC when the address
 * is leased again (the kernel refreshes a map element, never its value).
 */
int fw_ip4mac_drop(struct nft_conn *c, struct nft_txn *t,
		   const struct fw_net *n, const uint8_t mac[6],
		   const union inany *keep)
{
	char name[FW_NAME_MAX];
	struct drop_ctx d = { t, fw_set_family(n, FS_IP4MAC), name, mac,
			      keep };
	int rc;

	if (!fw_has_set(n, FS_IP4MAC) || !fw_has_set(n, FS_LEASES))
		return 0;
	fw_set_name(n, FS_IP4MAC, name);
	rc = nft_dump_elems(c, d.family, name, drop_cb, &d);
	return rc == -ENOENT ? 0 : rc;
}
