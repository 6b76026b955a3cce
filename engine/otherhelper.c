// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * otherhelper.c - another setuid bridge helper that lets users onto a
 * vmnet network's bridge without vmnet's ACL.
 *
 * qemu-bridge-helper, made setuid root (or given cap_net_admin) beside
 * vmnet, puts a tap on any bridge its /etc/qemu/bridge.conf allows, for
 * any user: no ACL, no max-taps, no pins. On vmnet's own bridges vmnet
 * adopts such a tap (it cannot know whose it is: the owner stays
 * unknown), so the VM is held to one learned identity, but the user
 * escaped everything the ACL says. vmnet cannot close that door itself;
 * "vmnetctl check" and vmnetd name the helper and the bridge.conf line
 * that opens it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "bridgeconf.h"
#include "cfgfile.h"
#include "engine.h"

static const char *const paths[] = {
	"/usr/lib/qemu/qemu-bridge-helper",	/* Debian, Ubuntu */
	"/usr/libexec/qemu-bridge-helper",	/* Fedora, RHEL, Arch */
	"/usr/lib/qemu-bridge-helper",
};

/* The first qemu-bridge-helper that runs with privilege: setuid root or
 * with file capabilities. */
static const char *privileged_helper(const char **how)
{
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		if (stat(paths[i], &st) || !S_ISREG(st.st_mode))
			continue;
		if ((st.st_mode & S_ISUID) && st.st_uid == 0) {
			*how = "setuid root";
			return paths[i];
		}
		if (getxattr(paths[i], "security.capability", NULL, 0) > 0) {
			*how = "has file capabilities";
			return paths[i];
		}
	}
	return NULL;
}

/**
 * ctl_other_helper() - whether a privileged qemu-bridge-helper lets every
 * user put taps on network @n's bridge
 * @why:	then: one line naming the helper and the bridge.conf line
 *
 * Return: 1 if so, 0 if not
 */
int ctl_other_helper(const struct conf_network *n, char *why, size_t size)
{
	struct acl_decision d;
	struct cfg_probe probe;
	struct vm_err err;
	const char *helper, *how = "";
	struct bc bc;

	helper = privileged_helper(&how);
	if (!helper)
		return 0;
	cfg_probe_init(&probe);
	if (bc_parse(BC_DEFAULT_PATH, &probe.loader, &bc, &err)) {
		bc_free(&bc);
		return 0;	/* absent or broken: the helper lets nobody in */
	}
	bc_decide(&bc, n, 65534, &d);
	bc_free(&bc);
	if (!d.allow)
		return 0;
	snprintf(why, size, "%s is %s and %s lets every user put taps on %s "
		 "(network %s) with it, past vmnet's ACL, max-taps and pins "
		 "(fix: remove that line, or make the helper unprivileged)",
		 helper, how, d.why + strlen("allowed by "), n->bridge,
		 n->name);
	return 1;
}
