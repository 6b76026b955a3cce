// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print.c - "vmnetctl print NETWORK": what "vmnetctl up NETWORK" does, as
 * ip, sysctl and nft commands and dnsmasq.conf, for review or to apply by
 * hand. The nft script is built from the same description "up" installs
 * (engine/fw/), and the per-tap lines from the same table vmnet-ifup adds
 * (fw_vm_elems), so print and the kernel state cannot drift apart.
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "dnsconf.h"
#include "dnsmasq.h"
#include "fw/tables.h"
#include "linkplan.h"
#include "ovn.h"

static const char *key_text(enum fw_vm_key k)
{
	switch (k) {
	case FVK_IIF: return "TAP";
	case FVK_MAC: return "MAC";
	case FVK_IP: return "IP";
	case FVK_IIF_MAC: return "TAP . MAC";
	case FVK_IIF_IP: return "TAP . IP";
	case FVK_CONNS: return "MAX_CONNS";
	case FVK_IP6: return "IP6";
	case FVK_IIF_IP6: return "TAP . IP6";
	}
	return "?";
}

static const char *when_text(enum fw_vm_when w)
{
	switch (w) {
	case FVW_ALWAYS: return "";
	case FVW_MAC: return "with its MAC known: ";
	case FVW_NOMAC: return "learning its MAC: ";
	case FVW_IP: return "with its address known: ";
	case FVW_NOIP: return "learning its address: ";
	case FVW_IP_MAC: return "with both known: ";
	case FVW_IP6: return "with VMNET_IP6: ";
	}
	return "";
}

/* How vmnet-ifup attaches a tap to network @n. */
static void per_tap(const struct conf_network *n)
{
	struct fw_net fn;

	fw_net_of(n, &fn);
	if (fw_guarded(&fn)) {
		printf("# per tap, vmnet-ifup first adds its elements (TAP is "
		       "its ifindex; learned ones the kernel adds itself):\n");
		for (const struct fw_vm_elem *e = fw_vm_elems;
		     e < fw_vm_elems + fw_vm_nelems; e++) {
			char name[FW_NAME_MAX];

			if (!fw_has_set(&fn, e->set))
				continue;
			fw_set_name(&fn, e->set, name);
			printf("#   %snft add element %s vmnet %s { %s%s%s%s }\n",
			       when_text(e->when),
			       fw_family_name(fw_set_family(&fn, e->set)), name,
			       key_text(e->key), e->data >= 0 ? " : " : "",
			       e->data >= 0 ?
				       key_text((enum fw_vm_key)e->data) : "",
			       e->set == FS_PORTS ?
				       " comment \"uid=UID name=TAP\"" : "");
		}
	}
	printf("# then attaches the tap in one netlink message:\n"
	       "#   ip link set TAP address fe:XX:XX:XX:XX:XX mtu <mtu of %s>",
	       n->bridge);
	if (fw_guarded(&fn))
		printf(" group %u", (unsigned)conf_port_group(n->name));
	printf(" alias '<record>' master %s%s\n", n->bridge,
	       fw_guarded(&fn) ? "" : " up");
	if (fw_guarded(&fn))
		printf("#   bridge link set dev TAP guard on root_block on\n"
		       "#   ip link set TAP up\n");
}

static void nft_script(const struct conf_network *n, const struct fw_host *h)
{
	printf("nft -f - <<'EOF'\n");
	if (fw_print(stdout, n, h))
		ctl_die("%s: out of memory", n->name);
	printf("EOF\n");
}

/* The network's links, addresses and sysctls: the steps "up" performs. */
static void print_links(const struct conf_network *n)
{
	struct step plan[LINKPLAN_MAX];

	linkplan_print(stdout, plan, linkplan_of(n, plan, LINKPLAN_MAX));
}

static void print_isolated(struct ctl *c, const struct conf_network *n,
			   const struct fw_host *h)
{
	static char text[DNS_CONF_MAX];
	const struct link_info *br = ctl_link(c, n->bridge);
	char dir[128], conf[128];

	print_links(n);
	if (n->lan_block)
		printf("# lan = block: the LAN ranges below are the private, "
		       "shared and link-local\n# ranges (IPv6: unique local, "
		       "link-local and multicast space), this\n# host's "
		       "subnets, prefixes and routes as of now, and "
		       "block-extra.\n");
	printf("# The second line: two tc BPF programs on %s (ingress and "
	       "egress, from\n# lanbpf.bpf.c%s) hold the LAN block and the "
	       "host's input policy while these\n# tables are absent; no "
	       "command line makes them.\n", n->bridge,
	       n->lan_block ? ", with the same ranges" : "");
	nft_script(n, h);
	dns_path(n, NULL, dir, sizeof(dir));
	dns_path(n, "dnsmasq.conf", conf, sizeof(conf));
	isolated_dns(c, n, br ? br->mtu : 1500, h, text);
	printf("mkdir -p -m 0755 %s\n"
	       "cat > %s <<'EOF'\n%sEOF\n"
	       "%s --conf-file=%s\n", dir, conf, text, DNSMASQ_PATH, conf);
}

static void print_wlan(struct ctl *c, const struct conf_network *n,
		       const struct fw_host *h)
{
	bool a4 = !mode_of(n)->has_veth;
	char mac[18];

	(void)c;
	val_mac_str(h->uplink_mac, mac);
	if (a4) {
		printf("# bridge %s, with the uplink %s as a port in 4-address "
		       "mode, belongs to the\n# administrator:\n"
		       "#   iw dev %s set 4addr on\n"
		       "#   ip link set %s master %s\n", n->bridge, n->uplink,
		       n->uplink, n->uplink, n->bridge);
	} else {
		print_links(n);
	}
	printf("# subnet_%s and hostips_%s: the addresses of %s as of now "
	       "(run 'vmnetctl up %s'\n# again when it joins another "
	       "network), its gateways\n", n->name, n->name,
	       a4 ? n->bridge : n->uplink, n->name);
	printf("# BPF programs from lanbpf.bpf.c, which no command line "
	       "makes: vmnet_wlan_nd on\n# %s's egress writes %s into the "
	       "link-layer address options of the\n# neighbour discovery "
	       "it sends%s\n", n->uplink, mac,
	       a4 ? "" : "; vmnet_wlan_host on the ingress of the veth end "
			 "sends the VMs'\n# frames to the host into the "
			 "uplink's ingress");
	nft_script(n, h);
	if (a4)
		printf("# The classic ebtables recipe, which this replaces, "
		       "with one rule pair per VM:\n"
		       "#   ebtables -t nat -A POSTROUTING -o %s -j snat "
		       "--to-src %s --snat-arp --snat-target ACCEPT\n"
		       "#   per VM with address IP and MAC MAC:\n"
		       "#   ebtables -t nat -A PREROUTING -i %s -p IPv4 "
		       "--ip-dst IP -j dnat --to-dst MAC --dnat-target ACCEPT\n"
		       "#   ebtables -t nat -A PREROUTING -i %s -p ARP "
		       "--arp-ip-dst IP -j dnat --to-dst MAC --dnat-target "
		       "ACCEPT\n", n->uplink, mac, n->uplink, n->uplink);
}

static void print_bridged(struct ctl *c, const struct conf_network *n,
			  const struct fw_host *h)
{
	(void)c;
	printf("# bridge %s is created by the administrator\n", n->bridge);
	if (!n->guard) {
		printf("# guard = no: its taps are not held to their MAC and "
		       "addresses\n");
		return;
	}
	printf("# the port guard's subnet_%s and hostips_%s: the host's "
	       "addresses on %s as of now\n", n->name, n->name, n->bridge);
	nft_script(n, h);
}

static void print_ovn(struct ctl *c, const struct conf_network *n,
		      const struct fw_host *h)
{
	(void)c, (void)h;
	ovn_print(n);
}

static void (*const printers[MODE_N])(struct ctl *c,
				     const struct conf_network *n,
				     const struct fw_host *h) = {
	[MODE_ISOLATED] = print_isolated,
	[MODE_BRIDGED] = print_bridged,
	[MODE_WLAN_NETDEV] = print_wlan,
	[MODE_WLAN_4ADDR] = print_wlan,
	[MODE_OVN] = print_ovn,
};

/* "print NETWORK" */
int cmd_print(struct ctl *c, int argc, char **argv)
{
	static struct fw_host h;
	const struct conf_network *n;

	if (argc != 1)
		ctl_die("print: give one NETWORK");
	ctl_load(c);
	n = ctl_network(c, argv[0]);
	ctl_read_links(c);
	printf("# vmnet network %s, mode %s: what 'vmnetctl up %s' does, as "
	       "commands\n", n->name, conf_mode_name(n->mode), n->name);
	if (mode_of(n)->nft_state && conf_fw_kind(n) != CONF_FW_NONE)
		ctl_host(c, n, &h);
	printers[mode_of(n)->id](c, n, &h);
	if (mode_of(n)->port != PORT_OVN)
		per_tap(n);
	return 0;
}
