/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * record.h - the per-tap state vmnet keeps in the kernel, as the tap's
 * alias (IFLA_IFALIAS). It says who attached the tap, to which network,
 * with which MAC/IP, and what to restore on detach. Kept in the kernel so
 * that nothing goes stale when a process dies: the record disappears with
 * the tap. Only CAP_NET_ADMIN can write an alias, so a record is trusted.
 */
#ifndef VMNET_RECORD_H
#define VMNET_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf.h"
#include "inany.h"
#include "validate.h"

#define REC_MAGIC "vmnet1"
#define REC_MAX 255	/* IFALIASZ - 1 */

/* The aliases vmnetctl gives the bridges and veth pairs it creates. */
#define REC_BRIDGE_TAG "vmnet1-bridge net="
#define REC_VETH_TAG "vmnet1-veth net="
/* ... and the ifb that shapes a limited tap's ingress (and its ifindex) */
#define REC_RATE_TAG "vmnet1-rate tap="

/* Who put the tap on the network. */
enum rec_via {
	REC_VIA_IFUP,		/* vmnet-ifup: the caller's tap */
	REC_VIA_HELPER,		/* vmnet-helper created it for the caller: it
				 * is counted until it is gone, and only its
				 * file descriptor's closing takes it off */
	REC_VIA_ADOPTED,	/* a foreign tap vmnet adopted: its owner is
				 * unknown (uid 0 stands for the lock only) */
};

struct rec {
	char network[VAL_NETNAME_MAX + 1];
	uid_t uid;
	bool has_mac;
	uint8_t mac[6];		/* the VM's MAC, when known */
	bool has_ip;
	union inany ip;
	bool has_ip6;		/* VMNET_IP6 (bridged networks) */
	union inany ip6;
	unsigned orig_mtu;	/* to restore on detach */
	uint8_t orig_mac[6];
	bool orig_up;
	bool has_fw;		/* records of vmnet 0.1 lack it */
	enum conf_fw fw;	/* the firewall state the attach added */
	unsigned conns;		/* the VM's connection limit, 0: default */
	unsigned rate;		/* kbit/s each way (ACL rate=), 0: none */
	enum rec_via via;
};

int rec_format(const struct rec *r, char *buf, size_t size);
int rec_parse(const char *s, struct rec *r);
bool rec_equal(const struct rec *a, const struct rec *b);
bool rec_is_ours(const char *alias);
const char *rec_via_name(enum rec_via via);
bool rec_is_infra(const char *alias);
bool rec_is_infra_of(const char *alias, const char *tag, const char *net);

#endif
