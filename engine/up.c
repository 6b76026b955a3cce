// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * up.c - bring a network up, or repair it ("vmnetctl up", vmnetd).
 *
 * Everything is read and checked before anything is created. Then, per
 * mode: the network's bridge (and veth pair), its address, forwarding,
 * the LAN block's second line, the nf_tables state in one transaction,
 * every attached tap's elements (taps.c), dnsmasq. Running it again
 * changes nothing; after "nft flush ruleset" it restores the same state,
 * the running VMs' elements included.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "dnsconf.h"
#include "dnsmasq.h"
#include "lanbpf.h"
#include "linkadm.h"

static void set_forwarding(const struct conf_network *n)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_forward", "w");

	if (!f || fputs("1\n", f) == EOF || fclose(f))
		ctl_die("%s: cannot enable IPv4 forwarding "
			"(net.ipv4.ip_forward): %s", n->name, strerror(errno));
}

/* Write "1" to net.@family.conf.@ifname.@key; a setting this host does
 * not have (no IPv6) is left alone when @optional. */
static void netconf_on(const char *family, const char *ifname,
		       const char *key, bool optional)
{
	char path[112];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/%s/conf/%s/%s", family,
		 ifname, key);
	f = fopen(path, "w");
	if (!f) {
		if (errno == ENOENT && optional)
			return;
		ctl_die("cannot write %s: %s", path, strerror(errno));
	}
	if (fputs("1\n", f) == EOF || fclose(f))
		ctl_die("cannot write %s: %s", path, strerror(errno));
}

static void no_ipv6(const char *ifname)
{
	netconf_on("ipv6", ifname, "disable_ipv6", true);
}

/* The network's own bridge (created when missing), up. */
static void our_bridge(struct ctl *c, const struct conf_network *n,
		       struct link_info *out)
{
	struct link_delta ch = { .set_up = true, .up = true };
	struct link_info br;
	char tag[64];
	int rc;

	snprintf(tag, sizeof(tag), REC_BRIDGE_TAG "%s", n->name);
	rc = link_get(c->sk, 0, n->bridge, &br);
	if (rc == -ENODEV) {
		rc = link_bridge_add(c->sk, n->bridge, tag);
		if (rc < 0)
			ctl_die("%s: cannot create bridge %s: %s", n->name,
				n->bridge, strerror(-rc));
		rc = link_get(c->sk, 0, n->bridge, &br);
	}
	if (rc < 0)
		ctl_die("%s: cannot read %s: %s", n->name, n->bridge,
			strerror(-rc));
	if (!ctl_our_bridge(&br, n))
		ctl_die("%s: %s exists and was not created by vmnet; remove it "
			"or choose another bridge name", n->name, n->bridge);
	rc = link_apply(c->sk, br.ifindex, &ch);
	if (rc < 0)
		ctl_die("%s: cannot bring %s up: %s", n->name, n->bridge,
			strerror(-rc));
	*out = br;
}

static void install_fw(struct ctl *c, const struct conf_network *n,
		       const struct fw_host *h)
{
	char what[96];
	int rc = fw_up(c->nft, n, h, what, sizeof(what));

	if (rc)
		ctl_die("%s: cannot install the nf_tables state%s%s: %s",
			n->name, what[0] ? " at " : "", what, strerror(-rc));
}

/**
 * ctl_up_taps() - give every tap of network @n on bridge @br its state
 * @c:		the run
 * @n:		network
 * @br:		the bridge's ifindex
 *
 * Users whose lock is held are put on @c's contended list and skipped.
 */
void ctl_up_taps(struct ctl *c, const struct conf_network *n, int br)
{
	struct taps_stats st = { 0 };

	taps_sync(c, n, br, &st);
}

static void up_isolated(struct ctl *c, const struct conf_network *n)
{
	static struct fw_host h;
	static char text[DNS_CONF_MAX];
	struct link_info br;
	char why[160], err[256];
	bool started;
	int rc;

	our_bridge(c, n, &br);
	/* vmnet gives isolated networks no IPv6 yet: the host takes none of
	 * the VMs' router advertisements, answers none of their NDP, and its
	 * second line drops the rest (lanbpf.c). And the host answers ARP
	 * there for the bridge's address only, not for its LAN address. */
	no_ipv6(n->bridge);
	netconf_on("ipv4", n->bridge, "arp_ignore", false);
	rc = link_addr_has(c->sk, br.ifindex, &n->address);
	if (rc == 0)
		rc = link_addr_add(c->sk, br.ifindex, &n->address);
	if (rc < 0)
		ctl_die("%s: cannot set the address of %s: %s", n->name,
			n->bridge, strerror(-rc));
	set_forwarding(n);
	ctl_read_links(c);
	ctl_host(c, n, &h);
	/* The second line first: it holds while nf_tables is rebuilt. */
	rc = lanbpf_install(br.ifindex, n->address.addr, h.lan,
			    n->lan_block ? h.nlan : 0, why, sizeof(why));
	if (rc)
		ctl_die("%s: %s", n->name, why);
	install_fw(c, n, &h);
	ctl_up_taps(c, n, br.ifindex);
	if (dns_conf(n, &c->acl, br.mtu, h.lan, n->lan_block ? h.nlan : 0,
		     text, sizeof(text)))
		ctl_die("%s: dnsmasq configuration too large", n->name);
	rc = dnsmasq_up(n, text, &started, err, sizeof(err));
	if (rc)
		ctl_die("%s: %s", n->name, err);
}

/* netdev: the veth pair between the VMs' bridge and the uplink's side. */
static void wlan_veth(struct ctl *c, const struct conf_network *n,
		      const struct link_info *br)
{
	char vs[IFNAMSIZ], us[IFNAMSIZ], tag[64];
	struct link_delta up = { .set_up = true, .up = true };
	struct link_info v, u;
	int rc;

	conf_wlan_veth(n, vs, us);
	snprintf(tag, sizeof(tag), REC_VETH_TAG "%s", n->name);
	rc = link_get(c->sk, 0, vs, &v);
	if (rc == -ENODEV) {
		rc = link_veth_add(c->sk, vs, us, tag);
		if (rc < 0)
			ctl_die("%s: cannot create the veth pair %s/%s: %s",
				n->name, vs, us, strerror(-rc));
		rc = link_get(c->sk, 0, vs, &v);
	}
	if (rc < 0)
		ctl_die("%s: cannot read %s: %s", n->name, vs, strerror(-rc));
	if (!ctl_our_veth(&v, n))
		ctl_die("%s: %s exists and was not created by vmnet; remove it "
			"or choose another bridge name", n->name, vs);
	rc = link_get(c->sk, 0, us, &u);
	if (rc < 0)
		ctl_die("%s: cannot read %s, the peer of %s: %s", n->name, us,
			vs, strerror(-rc));
	no_ipv6(vs);
	no_ipv6(us);
	up.set_master = true;
	up.master = br->ifindex;
	rc = link_apply(c->sk, v.ifindex, &up);
	up.set_master = false;
	if (rc >= 0)
		rc = link_apply(c->sk, u.ifindex, &up);
	if (rc < 0)
		ctl_die("%s: cannot set up %s/%s: %s", n->name, vs, us,
			strerror(-rc));
}

static void up_wlan(struct ctl *c, const struct conf_network *n)
{
	static struct fw_host h;
	struct link_info up, br;
	int rc;

	rc = link_get(c->sk, 0, n->uplink, &up);
	if (rc < 0)
		ctl_die("%s: uplink %s: %s", n->name, n->uplink,
			rc == -ENODEV ?
				"no such interface" : strerror(-rc));
	if (!up.has_mac)
		ctl_die("%s: uplink %s has no MAC address", n->name, n->uplink);
	/* Everything is checked and read before anything is created. */
	if (n->method == CONF_METHOD_NETDEV) {
		if (up.master)
			ctl_die("%s: uplink %s is a port of another device; "
				"method netdev never enslaves it (release it, "
				"or use method 4addr)", n->name, n->uplink);
		ctl_read_links(c);
		ctl_host(c, n, &h);	/* dies without an address */
		our_bridge(c, n, &br);
		no_ipv6(n->bridge);
		wlan_veth(c, n, &br);
	} else {
		rc = link_get(c->sk, 0, n->bridge, &br);
		if (rc < 0 || strcmp(br.kind, "bridge"))
			ctl_die("%s: bridge %s does not exist; method 4addr "
				"uses a bridge the administrator creates, with "
				"the uplink as a port", n->name, n->bridge);
		if (up.master != br.ifindex)
			ctl_die("%s: uplink %s is not a port of %s; method "
				"4addr needs it in 4-address mode and enslaved "
				"(iw dev %s set 4addr on; ip link set %s master "
				"%s)", n->name, n->uplink, n->bridge, n->uplink,
				n->uplink, n->bridge);
	}
	ctl_read_links(c);
	ctl_host(c, n, &h);
	install_fw(c, n, &h);
	ctl_up_taps(c, n, br.ifindex);
}

static void up_bridged(struct ctl *c, const struct conf_network *n)
{
	static struct fw_host h;
	struct link_info br;
	char what[96];
	int rc;

	rc = link_get(c->sk, 0, n->bridge, &br);
	if (rc < 0)
		ctl_die("%s: bridge %s does not exist; bridged networks use a "
			"bridge the administrator creates", n->name, n->bridge);
	switch (bridge_verdict(n, br.kind, br.alias)) {
	case BRIDGE_OK:
		break;
	case BRIDGE_NOT_BRIDGE:
		ctl_die("%s: %s is not a bridge", n->name, n->bridge);
	case BRIDGE_VMNETS:
		ctl_die("%s: bridge %s is vmnet's own (%s); a bridged network "
			"needs a bridge of the administrator's", n->name,
			n->bridge, br.alias);
	}
	if (!n->guard) {
		/* Unguarded: no state of an earlier, guarded configuration. */
		rc = fw_down(c->nft, n, what, sizeof(what));
		if (rc)
			ctl_die("%s: cannot remove the nf_tables state%s%s: %s",
				n->name, what[0] ? " at " : "", what,
				strerror(-rc));
		return;
	}
	ctl_read_links(c);
	ctl_host(c, n, &h);
	install_fw(c, n, &h);
	ctl_up_taps(c, n, br.ifindex);
}

/**
 * ctl_up_one() - bring network @n up, or repair it (dies on failure)
 */
void ctl_up_one(struct ctl *c, const struct conf_network *n)
{
	switch (n->mode) {
	case CONF_ISOLATED:
		up_isolated(c, n);
		break;
	case CONF_BRIDGED:
		up_bridged(c, n);
		break;
	case CONF_WLAN:
		up_wlan(c, n);
		break;
	}
	printf("%s: up\n", n->name);
}
