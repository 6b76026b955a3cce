/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * env.h - the per-VM parameters that reach vmnet-ifup through QEMU's
 * environment (VMNET_NETWORK, VMNET_MAC, VMNET_IP, VMNET_IP6). Untrusted input, read
 * into bounded buffers and validated like argv.
 */
#ifndef VMNET_ENV_H
#define VMNET_ENV_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "inany.h"
#include "validate.h"

struct env_vals {
	bool has_network;
	char network[VAL_NETNAME_MAX + 1];
	bool has_mac;
	uint8_t mac[6];
	bool has_ip;
	union inany ip;
	bool has_ip6;
	union inany ip6;
};

int env_parse(char *const *envp, struct env_vals *out, struct vm_err *err);

#endif
