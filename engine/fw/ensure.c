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
 * @c:		nf_tables connection
 * @n:		the port's network
 * @v:		the port and what it is allowed
 * @out:	what was found and done (valid when 0 is returned)
 * @what:	on failure, the message the kernel refused
 * @what_size:	size of @what
 *
 * Return: 0, -ENOENT when the network's sets are missing, or -errno
 */
int fw_vm_ensure(struct nft_conn *c, const struct fw_net *n,
		 const struct fw_vm *v, enum fw_ensured *out, char *what,
		 size_t what_size)
{
	enum fw_vm_refusal refused;
	int rc;

	if (what_size)
		what[0] = '\0';
	rc = fw_vm_put(c, n, v, true, &refused, what, what_size);
	*out = rc == -EALREADY ? FW_ENSURE_KEPT :
	       refused ? FW_ENSURE_REFUSED : FW_ENSURE_ADDED;
	if (!rc && refused == FW_VM_NOT_UP)
		return -ENOENT;
	return rc == -EALREADY ? 0 : rc;
}

/**
 * fw_vm_ensure_many() - fw_vm_ensure() for @nv ports in one transaction
 * (after "nft flush ruleset", a thousand ports are one commit)
 * @c:		nf_tables connection
 * @n:		the ports' network
 * @v:		the ports
 * @nv:		how many
 * @added:	how many ports got elements
 * @one_by_one:	set when a port stands in the way (a refusal, or a race
 *		the commit lost): nothing was written, and the caller goes
 *		port by port with fw_vm_ensure(), for each port's own answer
 * @what:	on failure, the message the kernel refused
 * @what_size:	size of @what
 *
 * Return: 0 or -errno
 */
int fw_vm_ensure_many(struct nft_conn *c, const struct fw_net *n,
		      const struct fw_vm *v, size_t nv, unsigned *added,
		      bool *one_by_one, char *what, size_t what_size)
{
	enum fw_vm_refusal refused = FW_VM_OK;
	struct nft_txn *t = NULL;
	unsigned count = 0;
	size_t i;
	int rc;

	*added = 0;
	*one_by_one = false;
	if (what_size)
		what[0] = '\0';
	rc = nft_txn_new(&t);
	for (i = 0; i < nv && !rc && !refused; i++) {
		rc = fw_vm_put_txn(c, t, n, &v[i], true, &refused);
		if (rc == -EALREADY)
			rc = 0;		/* registered: left alone */
		else if (!rc && !refused)
			count++;
	}
	if (!rc && !refused && count)
		rc = nft_commit(c, t, what, what_size);
	if (t)
		nft_txn_free(t);
	if (!rc && !refused)
		*added = count;
	if (refused || rc == -EEXIST || rc == -ENOENT) {
		*one_by_one = true;
		return 0;
	}
	return rc;
}
