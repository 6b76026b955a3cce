/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bridgeconf.h - qemu-bridge-helper's /etc/qemu/bridge.conf, read by
 * vmnet-helper when /etc/vmnet/acl does not exist, so it can replace
 * qemu-bridge-helper without a new ACL. Same grammar ("allow NAME|all",
 * "deny NAME|all", "include PATH"), vmnet's strictness: any error is
 * fatal, includes are absolute and checked like vmnet's files, names are
 * never truncated.
 */
#ifndef VMNET_BRIDGECONF_H
#define VMNET_BRIDGECONF_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "acl.h"
#include "err.h"

#define BC_DEFAULT_PATH "/etc/qemu/bridge.conf"

struct bc_rule {
	bool deny;
	bool all;
	char bridge[VAL_IFNAME_MAX + 1];
	unsigned file, line;
};

struct bc {
	struct bc_rule *rules;
	size_t n, cap;
	struct inc_files files;
};

int bc_parse(const char *path, const struct acl_loader *loader, struct bc *bc,
	     struct vm_err *err);
void bc_free(struct bc *bc);
void bc_decide(const struct bc *bc, const struct conf_network *net,
	       uid_t uid, struct acl_decision *out);

#endif
