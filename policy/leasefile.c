// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * leasefile.c - read dnsmasq's lease file (see leasefile.h).
 *
 * One lease per line: "EXPIRY MAC ADDRESS HOSTNAME CLIENT-ID", EXPIRY in
 * seconds since the epoch (0: a lease that does not expire). dnsmasq
 * writes other lines too (its DUID, DHCPv6 leases); a line that is not an
 * IPv4 lease of an Ethernet MAC is skipped, never half-read. The file is
 * the DHCP server's: what vmnet takes from it is an authority's word on
 * which MAC holds which address (the port guard's leases_NET after a
 * repair).
 */
#include "leasefile.h"

#include <stdio.h>
#include <string.h>

#include "validate.h"

/* One line (NUL-terminated, at most 255 bytes) into @l. */
static int parse_line(const char *line, struct lease *l)
{
	char mac[32], ip[INANY_STRLEN];
	unsigned long long exp;
	int end = 0;

	if (line[0] < '0' || line[0] > '9' ||
	    sscanf(line, "%llu %31s %45s %*s %*s%n", &exp, mac, ip, &end) != 3 ||
	    !end || line[end])
		return -1;
	if (val_mac(mac, l->mac) || inany_parse(ip, &l->ip) ||
	    !inany_is_v4(&l->ip))
		return -1;
	l->expiry = exp;
	return 0;
}

/**
 * lease_parse() - the IPv4 leases of a dnsmasq lease file
 * @text:	its contents
 * @len:	their length
 * @out:	room for @max leases
 *
 * Return: how many were found (at most @max; the rest are not read)
 */
size_t lease_parse(const char *text, size_t len, struct lease *out,
		   size_t max)
{
	size_t n = 0, at = 0;

	while (at < len && n < max) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t ll = nl ? (size_t)(nl - (text + at)) : len - at;
		char line[256];

		if (ll < sizeof(line)) {
			memcpy(line, text + at, ll);
			line[ll] = '\0';
			if (!memchr(line, '\0', ll) && !parse_line(line, &out[n]))
				n++;
		}
		at += ll + 1;
	}
	return n;
}
