// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ula6.c - an isolated network's IPv6 prefix when vmnet.conf names none
 * ("address6 = auto", the default): a unique local /64 (RFC 4193) whose
 * global ID is derived from the machine id and the network's name, so it
 * is the same on every run and on no other machine.
 *
 * RFC 4193 3.2.2 asks for a pseudo-random global ID from a hash of
 * something unique to the machine. systemd's app-specific machine id
 * (HMAC-SHA256 keyed with /etc/machine-id, sd_id128(3)) is such a hash
 * without exposing the machine id itself; the network's name is chained
 * through it in two 16-byte blocks (the name, at most 31 bytes, padded
 * with zeros: a fixed-length input, so two names never collide but
 * through the hash).
 */
#include <errno.h>
#include <string.h>
#include <systemd/sd-id128.h>

#include "engine.h"

/* vmnet's application id (a random constant; never change it: it makes
 * every machine's prefixes) */
#define VMNET_ULA_APP SD_ID128_MAKE(9b,3f,2c,71,4e,d0,48,a6,85,1c,e2,77,0a,5d,c3,19)

/* The global ID of network @name, 5 bytes, into @gid. */
static int global_id(const char *name, uint8_t gid[5])
{
	uint8_t pad[32] = { 0 };
	sd_id128_t id = VMNET_ULA_APP;
	int rc, blk, i;

	memcpy(pad, name, strnlen(name, sizeof(pad) - 1));
	for (blk = 0; blk < 2; blk++) {
		for (i = 0; i < 16; i++)
			id.bytes[i] ^= pad[blk * 16 + i];
		rc = sd_id128_get_machine_app_specific(id, &id);
		if (rc < 0)
			return rc;
	}
	memcpy(gid, id.bytes, 5);
	return 0;
}

/**
 * ula6_resolve() - fill in the IPv6 prefix of every isolated network of
 * @conf that has "address6 = auto": fdXX:XXXX:XXXX::1/64 (subnet ID 0),
 * the bridge's address
 * @conf:	parsed configuration
 *
 * A network whose prefix cannot be derived (no machine id) is left with
 * CONF_V6_AUTO and an unspecified address: ula6_missing() says so.
 */
void ula6_resolve(struct conf *conf)
{
	size_t i;

	for (i = 0; i < conf->n; i++) {
		struct conf_network *n = &conf->nets[i];
		struct inany_prefix *p = &n->address6;

		if (n->mode != CONF_ISOLATED ||
		    n->address6_mode != CONF_V6_AUTO)
			continue;
		memset(p, 0, sizeof(*p));
		if (global_id(n->name, &p->addr.b[1]))
			continue;
		p->addr.b[0] = 0xfd;
		p->addr.b[15] = 1;
		p->len = 64;
	}
}

/**
 * ula6_missing() - whether @n should have an IPv6 prefix but has none:
 * "address6 = auto" on a machine without a machine id
 */
bool ula6_missing(const struct conf_network *n)
{
	return n->mode == CONF_ISOLATED && n->address6_mode == CONF_V6_AUTO &&
	       n->address6.len == 0;
}
