/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf.h - the networks of /etc/vmnet/vmnet.conf (see vmnet.conf(5)).
 *
 * Pure code: the caller reads the file (through its fd, with ownership
 * checks) and hands the text in.
 */
#ifndef VMNET_CONF_H
#define VMNET_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "inany.h"
#include "validate.h"

#define CONF_MAX_NETWORKS 64
#define CONF_MAX_BLOCK_EXTRA 32
#define CONF_DEFAULT_PATH "/etc/vmnet/vmnet.conf"
#define CONF_EMBEDDED_NAME "(embedded default)"
/* mode = ovn: what an OVN name and a database address may hold */
#define CONF_OVN_NAME_MAX 63
#define CONF_OVN_DB_MAX 107	/* "unix:" and a path that fits sun_path */
#define CONF_OVN_MTU 1442	/* 1500 less Geneve's 58 bytes */

enum conf_mode { CONF_ISOLATED, CONF_BRIDGED, CONF_WLAN, CONF_OVN };
enum conf_method { CONF_METHOD_NONE, CONF_METHOD_NETDEV, CONF_METHOD_4ADDR };

/*
 * Which firewall state a network's taps get: it follows from the mode,
 * the wlan method and the bridged "guard" key, and is written into each
 * tap's record at attach time, so that a detach removes what the attach
 * added even after the configuration changed.
 */
enum conf_fw {
	CONF_FW_NONE,		/* bridged, guard = no: nothing */
	CONF_FW_ISOLATED,
	CONF_FW_BRIDGED,
	CONF_FW_WLAN_NETDEV,
	CONF_FW_WLAN_4ADDR,
	CONF_FW_OVN,		/* OVN's port security: nothing of vmnet's in
				 * nf_tables, a logical port in OVN's */
	CONF_FW_NKINDS
};

/* Where an isolated network's IPv6 prefix comes from. */
enum conf_v6 {
	CONF_V6_AUTO,		/* a ULA /64 of the machine id and the name */
	CONF_V6_NONE,		/* no IPv6 */
	CONF_V6_SET,		/* the administrator's "address6" */
};

struct conf_network {
	char name[VAL_NETNAME_MAX + 1];
	enum conf_mode mode;
	char bridge[VAL_IFNAME_MAX + 1];
	char uplink[VAL_IFNAME_MAX + 1];
	bool has_address;
	struct inany_prefix address;	/* host address and prefix length */
	enum conf_v6 address6_mode;	/* isolated: the network's IPv6 */
	struct inany_prefix address6;	/* CONF_V6_SET: the bridge's /64
					 * address; CONF_V6_AUTO: filled in
					 * by the engine (ula6.c) */
	bool has_dhcp;
	struct inany_range dhcp;
	bool lan_block;
	struct inany_prefix block_extra[CONF_MAX_BLOCK_EXTRA];
	size_t n_block_extra;
	enum conf_method method;
	bool dhcp_broadcast;
	bool guard;			/* bridged: hold taps to their identity */
	/* mode = ovn: the logical switch, the northbound database and the
	 * chassis's own Open_vSwitch database; "bridge" is the integration
	 * bridge, "address" the switch's subnet for OVN's DHCP */
	char ovn_switch[CONF_OVN_NAME_MAX + 1];
	char ovn_nb[CONF_OVN_DB_MAX + 1];
	char ovn_ovsdb[CONF_OVN_DB_MAX + 1];
	unsigned mtu;			/* ovn: the taps' MTU */
	/* ovn, lan = block: the router's external port (its address, the
	 * next hop, the chassis that holds it, the localnet's name) */
	char ovn_gw_chassis[CONF_OVN_NAME_MAX + 1];
	struct inany_prefix ovn_external;
	union inany ovn_ext_gw;
	char ovn_physnet[CONF_OVN_NAME_MAX + 1];
	/* isolated: the domain its VMs' names go under (NETWORK.internal) */
	char domain[VAL_DOMAIN_MAX + 1];
	unsigned line;			/* where the section starts */
};

struct conf {
	struct conf_network nets[CONF_MAX_NETWORKS];
	size_t n;
	bool embedded;
};

extern const char conf_embedded_text[];

int conf_parse(const char *file, const char *text, size_t len,
	       struct conf *conf, struct vm_err *err);
int conf_embedded(struct conf *conf);
const struct conf_network *conf_find(const struct conf *conf,
				     const char *name);
const struct conf_network *conf_find_bridge(const struct conf *conf,
					    const char *bridge);
const char *conf_mode_name(enum conf_mode mode);
enum conf_fw conf_fw_kind(const struct conf_network *n);
const char *conf_fw_name(enum conf_fw k);
int conf_fw_parse(const char *s, enum conf_fw *k);
uint32_t conf_port_group(const char *network);
void conf_ovn_defaults(struct conf_network *n);
const char *conf_dhcp_check(const struct conf_network *n);
const char *conf_domain_default(struct conf_network *n);
const char *conf_ovn_value(struct conf_network *n, const char *key,
			   const char *v);
const char *conf_ovn_check(struct conf_network *n, const char **key);
void conf_wlan_veth(const struct conf_network *n,
		    char vside[VAL_IFNAME_MAX + 1],
		    char uside[VAL_IFNAME_MAX + 1]);

/* Interface groups vmnet gives the taps it attaches to isolated networks
 * (see conf_port_group()); nothing else uses this range. */
#define CONF_GROUP_BASE 0x76000000u
#define CONF_GROUP_MASK 0xff000000u

#endif
