// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * privs.c - privilege handling with libcap-ng.
 *
 * Two supported install modes, one result: setuid root (euid 0, the
 * caller's real ids) or a file capability cap_net_admin+ep (all ids are
 * the caller's). Either way we end as the caller's real uid and gid, with
 * the caller's supplementary groups, with CAP_NET_ADMIN effective and
 * permitted and nothing else, no ambient capabilities, no-new-privs set
 * and not dumpable. In setuid mode the bounding set is cleared too; with a
 * file capability there is no CAP_SETPCAP to do it, and no-new-privs makes
 * it moot (no exec can gain anything). Any other state is refused. The
 * result is verified with capget(2) independently of libcap-ng.
 */
#include "privs.h"

#include <cap-ng.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "syserr.h"

/**
 * privs_caller() - the caller's identity, from the kernel
 * @id:		result: real uid, real gid first then supplementary groups
 * @why:	reason on failure
 * @whylen:	size of @why
 *
 * Return: 0 or -errno
 */
int privs_caller(struct privs_ident *id, char *why, size_t whylen)
{
	int n, rc;

	id->uid = getuid();
	id->gid = getgid();
	id->gids = NULL;
	id->ngids = 0;
	/* (only this process changes its groups: the count stays true) */
	n = getgroups(0, NULL);
	if (n < 0)
		goto fail;
	id->gids = calloc((size_t)n + 1, sizeof(gid_t));
	if (!id->gids) {
		errno = ENOMEM;
		goto fail;
	}
	if (getgroups(n, id->gids + 1) != n)
		goto fail;
	id->gids[0] = id->gid;
	id->ngids = (size_t)n + 1;
	return 0;
fail:
	rc = neg_errno();
	snprintf(why, whylen, "getgroups: %s", strerror(-rc));
	return rc;
}

static int read_caps(uint64_t *eff, uint64_t *prm, uint64_t *inh)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	/* fail closed: until the kernel says otherwise, we hold everything */
	*eff = *prm = *inh = ~0ULL;
	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) < 0)
		return neg_errno();
	*eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	*prm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	*inh = (uint64_t)d[1].inheritable << 32 | d[0].inheritable;
	return 0;
}

static int check_ids(const struct privs_ident *id, char *why, size_t whylen)
{
	uid_t r, e, s;
	gid_t rg, eg, sg;

	if (getresuid(&r, &e, &s) || getresgid(&rg, &eg, &sg) ||
	    r != id->uid || e != id->uid || s != id->uid || rg != id->gid ||
	    eg != id->gid || sg != id->gid) {
		snprintf(why, whylen, "could not switch to the caller's user "
			 "and group ids");
		return -EPERM;
	}
	return 0;
}

/**
 * privs_keep_net_admin() - become the caller plus CAP_NET_ADMIN only
 * @id:		the caller (from privs_caller())
 * @why:	reason on failure
 * @whylen:	size of @why
 *
 * Return: 0 or -EPERM
 */
int privs_keep_net_admin(const struct privs_ident *id, char *why,
			 size_t whylen)
{
	uint64_t eff, prm, inh, want = 1ULL << CAP_NET_ADMIN;
	uid_t r, e, s;
	int rc;

	if (getresuid(&r, &e, &s)) {
		snprintf(why, whylen, "getresuid: %s", strerror(errno));
		return -EPERM;
	}
	capng_get_caps_process();
	if (!capng_have_capability(CAPNG_PERMITTED, CAP_NET_ADMIN)) {
		snprintf(why, whylen, "not installed setuid root or with "
			 "cap_net_admin+ep (see make install)");
		return -EPERM;
	}
	if (e != 0 && (e != r || s != r)) {
		snprintf(why, whylen, "unexpected privilege state: effective "
			 "uid %u is neither root nor the caller's", e);
		return -EPERM;
	}
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	capng_clear(CAPNG_SELECT_BOTH);
	capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED,
		     CAP_NET_ADMIN);
	if (e == 0) {
		/* setuid root: switch ids, keep groups, clear bounding set */
		rc = capng_change_id((int)id->uid, (int)id->gid,
				     CAPNG_CLEAR_BOUNDING);
	} else {
		/* file capability: ids are already the caller's */
		rc = setresgid(id->gid, id->gid, id->gid);
		if (!rc)
			rc = capng_apply(CAPNG_SELECT_CAPS);
	}
	if (rc) {
		snprintf(why, whylen, "cannot drop privileges (libcap-ng "
			 "error %d)", rc);
		return -EPERM;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) {
		snprintf(why, whylen, "prctl: %s", strerror(errno));
		return -EPERM;
	}
	rc = check_ids(id, why, whylen);
	if (rc)
		return rc;
	if (read_caps(&eff, &prm, &inh) || eff != want || prm != want ||
	    inh != 0) {
		snprintf(why, whylen, "unexpected capabilities after the drop");
		return -EPERM;
	}
	return 0;
}

/**
 * privs_drop_all() - drop every capability for good and verify it
 * @why:	reason on failure
 * @whylen:	size of @why
 *
 * Return: 0 or -EPERM
 */
int privs_drop_all(char *why, size_t whylen)
{
	uint64_t eff, prm, inh;

	capng_clear(CAPNG_SELECT_CAPS);
	if (capng_apply(CAPNG_SELECT_CAPS) ||
	    read_caps(&eff, &prm, &inh) || eff || prm || inh) {
		snprintf(why, whylen, "cannot drop capabilities");
		return -EPERM;
	}
	return 0;
}
