/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ovnreq.h - the request socket of vmnetd for OVN networks (see
 * SECURITY.md, "Across hosts with OVN"): what vmnet-ifup, vmnet-helper
 * and vmnet-ifdown send, and what vmnetd answers.
 *
 * The setuid programs never talk to an OVS or OVN database. They attach
 * the tap in the kernel as for every mode (proof, decision, quota,
 * record, MTU), then ask vmnetd to bind it to a logical port, or to
 * unbind it before the detach. The request names nothing but the tap's
 * ifindex: vmnetd takes the caller from SO_PEERCRED, the network, MAC
 * and address from the tap's record (only CAP_NET_ADMIN writes an
 * alias), and decides again with the ACL.
 */
#ifndef VMNET_OVNREQ_H
#define VMNET_OVNREQ_H

#include <stddef.h>
#include <stdint.h>

#define OVNREQ_SOCKET "/run/vmnetd/ovn.sock"
#define OVNREQ_MAGIC 0x6f6e6d76u	/* "vmno" */
#define OVNREQ_VERSION 1
/* how long a caller waits for vmnetd's answer: vmnetd's own deadline
 * for OVN to install the port, and some */
#define OVNREQ_WAIT_S 40

enum ovnreq_op {
	OVNREQ_BIND = 1,	/* the tap's record is written: bind it */
	OVNREQ_UNBIND = 2,	/* about to detach: unbind it */
};

/* One request per connection, one SOCK_SEQPACKET message. */
struct ovnreq {
	uint32_t magic;
	uint32_t version;
	uint32_t op;
	int32_t ifindex;
};

/* The answer: status 0 and what was bound, or an errno and one line. */
struct ovnreq_answer {
	int32_t status;
	char line[252];
};

int ovnreq_call(enum ovnreq_op op, int ifindex, char *line, size_t size);

#endif
