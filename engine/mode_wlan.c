// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mode_wlan.c - a wlan network: VMs on a Wi-Fi uplink, their MACs
 * translated to the station's; method netdev (vmnet's bridge and a veth
 * pair to the uplink's ingress) or 4addr (the administrator's bridge with
 * the uplink in 4-address mode).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lanbpf.h"
#include "linkadm.h"
#include "modeops.h"

static void wlan_facts(struct ctl *c, const struct conf_network *n,
		 const struct link_info *br, struct fw_host *h)
{
	const struct link_info *up = ctl_link(c, n->uplink);

	if (!up)
		ctl_die("%s: uplink %s: no such interface", n->name, n->uplink);
	if (!up->has_mac)
		ctl_die("%s: uplink %s has no MAC address", n->name, n->uplink);
	h->uplink_ifindex = up->ifindex;
	memcpy(h->uplink_mac, up->mac, 6);
	fw_host_add_mac(h, false, up->mac);
	if (mode_of(n)->has_veth) {
		const struct link_info *u = ctl_vm_end(c, n);

		if (u) {
			h->vm_end_ifindex = u->ifindex;
			if (u->has_mac)
				fw_host_add_mac(h, false, u->mac);
		}
		host_lan_side(c, n, up->ifindex, -1, h);
		host_lan_seen(c, n, &up->ifindex, 1, h);
		host_lan_ips(c, n, up->ifindex, h);
	} else {
		host_lan_side(c, n, up->ifindex, br ? br->ifindex : -1, h);
	}
	ctl_leases_kept(n, h);
}

/* The BPF filters (lanbpf.bpf.c): neighbour discovery leaves the uplink
 * with the station's MAC in its options; with method netdev the VMs'
 * frames to the host go into the uplink's ingress, the host's to them
 * through the veth end (hostvm_NET, installed with the rest of the
 * nf_tables state). The links as up_guard() last read them. */
static void filters(struct ctl *c, const struct conf_network *n,
		    const struct link_info *up)
{
	const struct link_info *u = NULL;
	char why[160];

	if (mode_of(n)->has_veth && !(u = ctl_vm_end(c, n)))
		ctl_die("%s: its veth pair is missing", n->name);
	if (lanbpf_wlan_install(u ? u->ifindex : -1, up->ifindex, up->mac,
				n->name, why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
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
	if (mode_of(n)->has_veth) {
		if (up.master)
			ctl_die("%s: uplink %s is a port of another device; "
				"method netdev never enslaves it (release it, "
				"or use method 4addr)", n->name, n->uplink);
		ctl_read_links(c);
		ctl_host(c, n, &h);	/* dies without an address */
		/* the bridge and the veth pair, IPv6 off on them */
		up_links(c, n, &br);
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
	up_guard(c, n, br.ifindex);
	filters(c, n, &up);
}

const struct mode_ops mode_wlan_ops = {
	.facts = wlan_facts,
	.up = up_wlan,
};
