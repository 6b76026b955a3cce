// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gc.c - "vmnetctl gc": remove vmnet state whose tap is gone or detached,
 * and give attached taps back elements they lost. Every write is made
 * under the tap user's lock on a fresh read of the tap (taps.c).
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "names.h"
#include "ovn.h"

/* How long gc waits, in all, for users whose lock was held. */
#define GC_SETTLE_MS 2000

/* One round: stale records, then each guarded network's ports. */
static void gc_round(struct ctl *c, struct taps_stats *all)
{
	size_t i;

	taps_gc_records(c, all);
	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *n = &c->conf.nets[i];
		struct taps_stats st = { 0 };
		struct fw_net fn;

		fw_net_of(n, &fn);
		if (mode_of(n)->port == PORT_OVN) {
			all->removed += ovn_gc(c, n);
			continue;
		}
		if (!fw_guarded(&fn) || fw_present(c->nft, n) != 1)
			continue;
		ctl_read_links(c);
		taps_sync(c, n, ctl_bridge_of(c, n), true, &st);
		names_keep(c, n);	/* a tap gone, a lease ended */
		if (st.restored)
			printf("gc: %s: restored the anti-spoofing state of %u "
			       "attached tap%s\n", n->name, st.restored,
			       st.restored == 1 ? "" : "s");
		if (st.removed)
			printf("gc: %s: removed the anti-spoofing state of %u "
			       "tap%s that %s gone\n", n->name, st.removed,
			       st.removed == 1 ? "" : "s",
			       st.removed == 1 ? "is" : "are");
		if (st.litter)
			printf("gc: %s: removed %u left-over element%s\n",
			       n->name, st.litter, st.litter == 1 ? "" : "s");
		all->removed += st.removed;
		all->skipped += st.skipped;
	}
}

/* "gc" */
int cmd_gc(struct ctl *c, int argc, char **argv)
{
	struct taps_stats all = { 0 };
	unsigned cleaned;

	(void)argv;
	if (argc)
		ctl_die("gc: takes no arguments");
	ctl_need_root();
	ctl_load(c);
	ctl_open(c);
	ctl_admin_lock();
	gc_round(c, &all);
	/* Everyone else is done: now the users whose lock was held, once
	 * more, after a bounded wait for them. */
	if (ctl_settle_contended(c, GC_SETTLE_MS)) {
		all.skipped = 0;
		gc_round(c, &all);
	}
	cleaned = all.detached + all.removed + all.deleted;
	printf("gc: %u stale tap%s cleaned%s\n", cleaned,
	       cleaned == 1 ? "" : "s",
	       all.skipped ? " (some skipped: try again)" : "");
	return all.skipped ? 1 : 0;
}
