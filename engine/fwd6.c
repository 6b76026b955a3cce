// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fwd6.c - whether an isolated network's VMs reach the IPv6 internet.
 *
 * They do through the host's IPv6 default route, masqueraded (NAT66:
 * the network's prefix is a ULA, or one the internet has no route back
 * to), which needs net.ipv6.conf.all.forwarding. Turning that on has a
 * side effect IPv4 forwarding has not: every link then behaves as a
 * router's, and a link with accept_ra = 1 ignores router advertisements
 * from then on, so the routes and addresses the kernel learned from them
 * expire and the host loses its own IPv6. (NetworkManager and
 * systemd-networkd handle advertisements themselves and are not
 * affected; ifupdown's kernel SLAAC is.) libvirt refuses to start such a
 * network; vmnet starts it without the IPv6 internet, and says why in
 * "up", "status" and "check": the VMs still get their addresses and the
 * host's services on the bridge, and the router advertisements they get
 * do not offer a default route they could not use.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "linkadm.h"

/**
 * net_v6() - whether network @n carries IPv6 on this host: its mode and
 * configuration say so, its prefix is known, and the host has IPv6
 */
bool net_v6(const struct conf_network *n)
{
	return conf_net_ipv6(n) && !ula6_missing(n) &&
	       access("/proc/sys/net/ipv6", F_OK) == 0;
}

/* Whether turning IPv6 forwarding on (it is off) would cost the host
 * its own IPv6; if so, why (into @why). */
static bool fwd6_harm(struct ctl *c, char *why, size_t size)
{
	struct link_routes6 r;
	struct link_info l;
	char key[96];
	size_t i;

	if (link_routes6(c->sk, &r) < 0) {
		snprintf(why, size, "the host's IPv6 routes cannot be read");
		return true;
	}
	for (i = 0; i < r.nra; i++) {
		if (link_get(c->sk, r.ra[i], NULL, &l) < 0)
			continue;
		snprintf(key, sizeof(key), "net/ipv6/conf/%s/accept_ra",
			 l.name);
		if (ctl_sysctl_char(key) != '1')
			continue;
		snprintf(why, size, "forwarding would make %s ignore router "
			 "advertisements (set net.ipv6.conf.%s.accept_ra=2)",
			 l.name, l.name);
		return true;
	}
	return false;
}

static bool fwd6_on(void)
{
	return ctl_sysctl_char("net/ipv6/conf/all/forwarding") == '1';
}

/**
 * fwd6_safe() - whether "up" may turn IPv6 forwarding on for network @n
 * (warns when it may not)
 */
bool fwd6_safe(struct ctl *c, const struct conf_network *n)
{
	char why[160];

	if (fwd6_on() || !fwd6_harm(c, why, sizeof(why)))
		return true;
	ctl_warn("%s: no IPv6 internet for the VMs: %s", n->name, why);
	return false;
}

/**
 * net6_internet() - whether an isolated network's VMs reach the IPv6
 * internet now: forwarding on and a default route; if not, why (into
 * @why, @size bytes)
 */
bool net6_internet(struct ctl *c, char *why, size_t size)
{
	struct link_routes6 r;

	if (!fwd6_on()) {
		if (!fwd6_harm(c, why, size))
			snprintf(why, size, "IPv6 forwarding is off");
		return false;
	}
	if (link_routes6(c->sk, &r) < 0 || !r.has_default) {
		snprintf(why, size, "the host has no IPv6 default route");
		return false;
	}
	return true;
}
