// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lock.c - the vmnet lock: an nf_tables table "vmnet_lock" created with
 * NFT_TABLE_F_OWNER.
 *
 * Why this and not a lock file: after the privilege drop the process is
 * the calling user plus CAP_NET_ADMIN, so any file it can open, the user
 * can open and flock() too and stall everyone; an abstract unix socket has
 * the same problem. Creating an nf_tables table needs CAP_NET_ADMIN in the
 * namespace, fails with EEXIST while another run holds it, is scoped to the
 * network namespace like the taps it protects, and an owner table is
 * destroyed by the kernel when the netlink socket that created it closes,
 * so a SIGKILLed holder never leaves the lock behind. Other processes
 * cannot delete an owned table, not even with "nft flush ruleset".
 *
 * One lock per user ("vmnet_lock_UID"): what it protects, the count of a
 * user's taps against max-taps, concerns that user only. A user can
 * SIGSTOP their own run while it holds the lock (the process runs with
 * their uid); per-user locks make that stall only their own runs.
 */
#include "lock.h"

#include <errno.h>
#include <libmnl/libmnl.h>
#include <libnftnl/common.h>
#include <libnftnl/table.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOCK_PREFIX "vmnet_lock_"

struct lock {
	struct mnl_socket *nl;
};

/* Send one batch creating the owner table; return 0 or -errno. */
static int try_create(struct mnl_socket *nl, const char *name, uint32_t seq)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_nlmsg_batch *batch;
	struct nftnl_table *t;
	struct nlmsghdr *nlh;
	uint32_t portid = mnl_socket_get_portid(nl);
	int rc;

	t = nftnl_table_alloc();
	if (!t)
		return -ENOMEM;
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, name);
	nftnl_table_set_u32(t, NFTNL_TABLE_FLAGS, NFT_TABLE_F_OWNER);
	batch = mnl_nlmsg_batch_start(buf, sizeof(buf));
	nftnl_batch_begin(mnl_nlmsg_batch_current(batch), seq++);
	mnl_nlmsg_batch_next(batch);
	nlh = nftnl_table_nlmsg_build_hdr(mnl_nlmsg_batch_current(batch),
					  NFT_MSG_NEWTABLE, NFPROTO_INET,
					  NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK,
					  seq);
	nftnl_table_nlmsg_build_payload(nlh, t);
	nftnl_table_free(t);
	mnl_nlmsg_batch_next(batch);
	nftnl_batch_end(mnl_nlmsg_batch_current(batch), ++seq);
	mnl_nlmsg_batch_next(batch);

	if (mnl_socket_sendto(nl, mnl_nlmsg_batch_head(batch),
			      mnl_nlmsg_batch_size(batch)) < 0) {
		rc = -errno;
		mnl_nlmsg_batch_stop(batch);
		return rc;
	}
	mnl_nlmsg_batch_stop(batch);

	/* One ACK (or error) for the NEWTABLE message. */
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));

		if (n < 0)
			return -errno;
		rc = mnl_cb_run(buf, (size_t)n, 0, portid, NULL, NULL);
		if (rc < 0)
			return -errno;
		if (rc == MNL_CB_STOP)
			return 0;
	}
}

/**
 * lock_take() - take a user's vmnet lock in this network namespace
 * @lk:		result
 * @uid:	whose
 * @timeout_ms:	how long to wait for another holder
 *
 * Return: 0, -ETIMEDOUT, or -errno (e.g. -EPERM without CAP_NET_ADMIN)
 */
int lock_take(struct lock **lk, uid_t uid, unsigned timeout_ms)
{
	char name[32];
	struct timespec start, now, nap = { 0, 50 * 1000 };
	struct mnl_socket *nl;
	uint32_t seq = (uint32_t)time(NULL);
	int rc;

	snprintf(name, sizeof(name), LOCK_PREFIX "%u", (unsigned)uid);
	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		rc = -errno;
		mnl_socket_close(nl);
		return rc;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		long ms;

		rc = try_create(nl, name, seq);
		seq += 4;
		if (rc != -EEXIST && rc != -EPERM && rc != -EBUSY)
			break;
		/* -EPERM here: the table exists and another socket owns it. */
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (now.tv_sec - start.tv_sec) * 1000 +
		     (now.tv_nsec - start.tv_nsec) / 1000000;
		if (ms >= (long)timeout_ms) {
			rc = -ETIMEDOUT;
			break;
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 4 * 1000 * 1000)
			nap.tv_nsec *= 2;
	}
	if (rc) {
		mnl_socket_close(nl);
		return rc;
	}
	*lk = malloc(sizeof(**lk));
	if (!*lk) {
		mnl_socket_close(nl);
		return -ENOMEM;
	}
	(*lk)->nl = nl;
	return 0;
}

/**
 * lock_release() - release the lock: closing the owning socket makes the
 * kernel destroy the table
 * @lk:	lock or NULL
 */
void lock_release(struct lock *lk)
{
	if (!lk)
		return;
	mnl_socket_close(lk->nl);
	free(lk);
}
