/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dnsconf.h - the dnsmasq configuration of an isolated network: DHCP
 * range, static leases from the ACL, DNS on the bridge address, MTU.
 * Pure code: the text is the same for "vmnetctl up" and "vmnetctl print".
 */
#ifndef VMNET_DNSCONF_H
#define VMNET_DNSCONF_H

#include <stdbool.h>
#include <stddef.h>

#include "acl.h"
#include "conf.h"
#include "lan.h"

#define DNS_RUN_DIR "/run/vmnet"
#define DNS_CONF_MAX 65536
/* How long dnsmasq's leases last. The port guard holds a VM to an
 * address for as long as its lease (leases_NET), so both must agree. */
#define DNS_LEASE_SECS 3600

int dns_conf(const struct conf_network *n, const struct acl *acl,
	     unsigned mtu, const struct inany_range *lan, size_t nlan,
	     char *buf, size_t size);
/* Where the names of a network's VMs are written: NAMES_DIR/hosts, in
 * /etc/hosts's format with vmnet's word after each '#' (see names.c) */
#define DNS_NAMES_DIR "names.d"
int dns_conf_names(const struct conf_network *n, const char *script,
		   char *buf, size_t size);
int dns_conf6(const struct conf_network *n, unsigned mtu, bool router,
	      const struct inany_range *lan6, size_t nlan6, char *buf,
	      size_t size);
int dns_path(const struct conf_network *n, const char *file, char *buf,
	     size_t size);

#endif
