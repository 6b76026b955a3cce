// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ensure.c - the administrator's repairs of per-VM elements (vmnetctl up,
 * gc, vmnetd): a port that is registered is left alone, one that lost its
 * elements (a flushed ruleset) gets them back, many in one transaction.
 */
#include <errno.h>
#include <stddef.h>

#include "fw/vmscan.h"

/**
 * fw_vm_ensure() - like fw_vm_add(), but leave a registered port alone (a
 * learned MAC stays learned): repairs after "nft flush ruleset"
 *
 * Return: 1 when elements were added, 0 when the port was registered, a
 * refusal FW_VM_* (> 1 is impossible to tell from 1: refusals are
 * returned as -EADDRINUSE), or -errno
 */
int fw_vm_ensure(struct nft_conn *c, const struct fw_net *n,
		 const struct fw_vm *v, char *what, size_t what_size)
{
	int rc;

	if (what_size)
		what[0] = '\0';
	rc = fw_vm_put(c, n, v, true, what, what_size);
	if (rc == -EALREADY)
		return 0;
	if (rc > 0)
		return rc == FW_VM_NOT_UP ? -ENOENT : -EADDRINUSE;
	return rc ? rc : 1;
}

/**
 * fw_vm_ensure_many() - fw_vm_ensure() for @nv ports in one transaction
 * (after "nft flush ruleset", a thousand ports are one commit)
 * @added:	how many ports got elements
 *
 * Return: 0, 1 when a port stands in the way (a refusal, or a race the
 * commit lost: nothing was written; the caller goes port by port with
 * fw_vm_ensure(), for each port's own answer), or -errno
 */
int fw_vm_ensure_many(struct nft_conn *c, const struct fw_net *n,
		      const struct fw_vm *v, size_t nv, unsigned *added,
		      char *what, size_t what_size)
{
	struct nft_txn *t = NULL;
	unsigned count = 0;
	size_t i;
	int rc;

	*added = 0;
	if (what_size)
		what[0] = '\0';
	rc = nft_txn_new(&t);
	for (i = 0; i < nv && !rc; i++) {
		rc = fw_vm_put_txn(c, t, n, &v[i], true);
		if (rc == -EALREADY)
			rc = 0;		/* registered: left alone */
		else if (!rc)
			count++;
	}
	if (!rc && count)
		rc = nft_commit(c, t, what, what_size);
	if (t)
		nft_txn_free(t);
	if (!rc)
		*added = count;
	if (rc > 0 || rc == -EEXIST || rc == -ENOENT)
		return 1;
	return rc;
}
