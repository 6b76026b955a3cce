// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dnsconf.c - dnsmasq.conf for an isolated network.
 */
#include "dnsconf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct out {
	char *buf;
	size_t size, len;
	int rc;
};

static void put(struct out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->rc)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->size - o->len)
		o->rc = -ENOSPC;
	else
		o->len += (size_t)n;
}

/* /run/vmnet/NETWORK/FILE (FILE NULL: the directory). */
int dns_path(const struct conf_network *n, const char *file, char *buf,
	     size_t size)
{
	int len = file ? snprintf(buf, size, DNS_RUN_DIR "/%s/%s", n->name, file)
		       : snprintf(buf, size, DNS_RUN_DIR "/%s", n->name);

	return len < 0 || (size_t)len >= size ? -ENOSPC : 0;
}

/* A static lease: an allow rule for this network (or "*") with exactly one
 * MAC and one address inside the subnet. */
static bool static_lease(const struct conf_network *n, const struct acl_rule *r)
{
	if (r->verb != ACL_ALLOW || !r->has_ip || !r->has_mac ||
	    !inany_equal(&r->ip.lo, &r->ip.hi) || r->mac.bits != 48)
		return false;
	if (strcmp(r->network, "*") && strcmp(r->network, n->name))
		return false;
	return inany_prefix_contains(&n->address, &r->ip.lo) &&
	       !inany_equal(&r->ip.lo, &n->address.addr);
}

/* "bogus-nxdomain=A/LEN" for a prefix of a refused range. */
static int refuse_prefix(const struct inany_prefix *p, void *arg)
{
	char a[INANY_STRLEN];

	inany_str(&p->addr, a);
	put(arg, "bogus-nxdomain=%s/%u\n", a, p->len);
	return 0;
}

/*
 * What the VMs' resolver never gives them: the host's /etc/hosts (its
 * names for the LAN), a name a VM sent in DHCP (a VM could take another's
 * name, or publish "wpad" to all: names of VMs are not dnsmasq's to give),
 * and, with the LAN blocked, an upstream answer that points into the LAN
 * or the host (DNS rebinding): an answer with an address in the LAN
 * ranges (the private, shared and link-local ranges, the host's subnets,
 * block-extra), in 127/8 or 0/8 becomes "no such domain". Not
 * stop-dns-rebind: its ranges are dnsmasq's (the documentation ranges
 * too, not the host's subnets), these are exactly what the LAN block
 * blocks.
 */
static void dns_guard(struct out *o, const struct inany_range *lan,
		      size_t nlan)
{
	size_t i;

	put(o, "no-hosts\n");
	if (!nlan)
		return;
	put(o, "bogus-nxdomain=127.0.0.0/8\nbogus-nxdomain=0.0.0.0/8\n");
	for (i = 0; i < nlan; i++)
		inany_range_prefixes(&lan[i], refuse_prefix, o);
}

/**
 * dns_conf() - write the network's dnsmasq.conf into @buf
 * @mtu:	the bridge's MTU; an MTU option is sent when it is not 1500
 * @lan:	the LAN ranges no answer may point into (@nlan 0: lan = allow)
 *
 * Return: 0 or -ENOSPC
 */
int dns_conf(const struct conf_network *n, const struct acl *acl,
	     unsigned mtu, const struct inany_range *lan, size_t nlan,
	     char *buf, size_t size)
{
	struct out o = { buf, size, 0, 0 };
	char addr[INANY_STRLEN], lo[INANY_STRLEN], hi[INANY_STRLEN];
	char mask[INANY_STRLEN], mac[18], path[128];
	union inany netmask;
	size_t i, j;

	inany_str(&n->address.addr, addr);
	inany_prefix_mask(&n->address, &netmask);
	inany_str(&netmask, mask);
	put(&o, "# dnsmasq for vmnet network %s, written by vmnetctl up\n",
	    n->name);
	put(&o, "interface=%s\nbind-interfaces\nexcept-interface=lo\n",
	    n->bridge);
	put(&o, "listen-address=%s\n", addr);
	put(&o, "domain-needed\nbogus-priv\n");
	dns_guard(&o, lan, nlan);
	dns_path(n, "dnsmasq.pid", path, sizeof(path));
	put(&o, "pid-file=%s\n", path);
	if (n->has_dhcp) {
		inany_str(&n->dhcp.lo, lo);
		inany_str(&n->dhcp.hi, hi);
		dns_path(n, "leases", path, sizeof(path));
		put(&o, "dhcp-leasefile=%s\n", path);
		put(&o, "dhcp-authoritative\n");
		/* Leases by MAC alone: a client-id of the guest's choosing
		 * must not get it a second address (the port guard already
		 * holds chaddr to the port's MAC). */
		put(&o, "dhcp-ignore-clid\n");
		put(&o, "dhcp-ignore-names\n");
		put(&o, "dhcp-range=%s,%s,%s,%u\n", lo, hi, mask,
		    (unsigned)DNS_LEASE_SECS);
		put(&o, "dhcp-option=option:router,%s\n", addr);
		put(&o, "dhcp-option=option:dns-server,%s\n", addr);
		if (mtu && mtu != 1500)
			put(&o, "dhcp-option=option:mtu,%u\n", mtu);
		for (i = 0; acl && i < acl->n; i++) {
			const struct acl_rule *r = &acl->rules[i];
			bool dup = false;

			if (!static_lease(n, r))
				continue;
			/* The first rule for a MAC wins, as in the ACL. */
			for (j = 0; j < i && !dup; j++)
				dup = static_lease(n, &acl->rules[j]) &&
				      !memcmp(acl->rules[j].mac.mac, r->mac.mac, 6);
			if (dup)
				continue;
			val_mac_str(r->mac.mac, mac);
			inany_str(&r->ip.lo, lo);
			put(&o, "dhcp-host=%s,%s\n", mac, lo);
		}
	}
	return o.rc;
}

/**
 * dns_conf_names() - append what VMs' names take to the text dns_conf()
 * wrote into @buf: the network's domain, answered here alone (never
 * forwarded upstream, where a name of it would be anyone's), the hosts
 * file vmnet writes for it (names.d/hosts, re-read by dnsmasq when it
 * changes), and @script, which dnsmasq runs as root for each lease
 * event, renewals too (a renewal may ask for another name), and which
 * tells vmnet the name the VM asked for (dnsmasq still ignores it:
 * dhcp-ignore-names)
 * @n:		an isolated network with a DHCP range
 * @script:	NULL when it is not installed so that only root can change
 *		it: then only the names the ACL pins are given
 *
 * Return: 0 or -ENOSPC
 */
int dns_conf_names(const struct conf_network *n, const char *script,
		   char *buf, size_t size)
{
	size_t len = strnlen(buf, size);
	struct out o = { buf, size, len, len == size ? -ENOSPC : 0 };
	char dir[128];

	if (dns_path(n, DNS_NAMES_DIR, dir, sizeof(dir)))
		return -ENOSPC;
	put(&o, "domain=%s\nlocal=/%s/\nhostsdir=%s\n", n->domain, n->domain,
	    dir);
	if (script)
		put(&o, "dhcp-script=%s\nscript-on-renewal\n", script);
	return o.rc;
}

/**
 * dns_conf6() - append the IPv6 half of the network's dnsmasq.conf to the
 * text dns_conf() wrote into @buf: router advertisements of the
 * network's /64 for SLAAC, stateless DHCPv6 and DNS on the bridge's
 * address (RFC 8106 and DHCPv6 both name it), and, with the LAN blocked,
 * no upstream answer into the LAN's IPv6 ranges, ::, ::1 or an
 * IPv4-mapped address
 * @n:		an isolated network whose address6 is known
 * @mtu:	the bridge's MTU, which the advertisements carry
 * @router:	whether they offer a default route (the host forwards
 *		IPv6 and has a default route: fwd6.c); a VM that cannot
 *		use one should not wait for it
 * @lan6:	the LAN's IPv6 ranges (@nlan6 0: lan = allow)
 *
 * Return: 0 or -ENOSPC
 */
int dns_conf6(const struct conf_network *n, unsigned mtu, bool router,
	      const struct inany_range *lan6, size_t nlan6, char *buf,
	      size_t size)
{
	size_t len = strnlen(buf, size);
	struct out o = { buf, size, len, len == size ? -ENOSPC : 0 };
	struct inany_range net;
	char addr[INANY_STRLEN], pfx[INANY_STRLEN];
	size_t i;

	inany_str(&n->address6.addr, addr);
	inany_prefix_range(&n->address6, &net);
	inany_str(&net.lo, pfx);
	put(&o, "listen-address=%s\nenable-ra\n", addr);
	put(&o, "ra-param=%s,mtu:%u,60,%u\n", n->bridge, mtu ? mtu : 1500,
	    router ? 1800u : 0u);
	put(&o, "dhcp-range=%s,ra-stateless,64\n", pfx);
	put(&o, "dhcp-option=option6:dns-server,[%s]\n", addr);
	if (nlan6) {
		put(&o, "bogus-nxdomain=::/128\nbogus-nxdomain=::1/128\n"
			"bogus-nxdomain=::ffff:0:0/96\n");
		for (i = 0; i < nlan6; i++)
			inany_range_prefixes(&lan6[i], refuse_prefix, &o);
	}
	return o.rc;
}
