/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * snapshot.h - a network's sets read once, answering element reads from
 * memory (administrator code). After "nft flush ruleset", restoring a
 * thousand taps asked the kernel thirteen questions per tap, one round
 * trip each: with a snapshot they are a dump per set.
 *
 * A snapshot is only as true as the locks held while it is used: the
 * caller takes it under the locks of every user whose ports it checks,
 * and what another user's attach adds meanwhile is caught by the
 * commit, as with the kernel's own answers read before a commit.
 */
#ifndef VMNET_FW_SNAPSHOT_H
#define VMNET_FW_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw/objects.h"
#include "nft.h"
#include "nftint.h"

struct fw_snap_elem {
	uint8_t key[32];
	uint32_t klen;
	uint8_t data[16];
	uint32_t dlen;
	uint64_t expires_ms;
	char comment[64];
};

struct fw_snap_set {
	int family;
	char name[FW_NAME_MAX];
	bool exists;
	struct fw_snap_elem *v;	/* sorted by key */
	size_t n, cap;
};

struct fw_snapshot {
	struct fw_snap_set set[FS_NSETS];
	size_t n;
	struct nft_reader reader;
};

int fw_snapshot_take(struct nft_conn *c, const struct fw_net *n,
		     struct fw_snapshot *s);
void fw_snapshot_free(struct fw_snapshot *s);

#endif
