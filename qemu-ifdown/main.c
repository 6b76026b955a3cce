// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmnet-ifdown IFNAME - QEMU's downscript= for -netdev tap.
 *
 * Removes exactly what vmnet-ifup recorded in the tap's alias, only for
 * the caller's own tap (root may detach any), then drops every capability.
 * When the tap no longer exists (libvirt deletes it before running the
 * downscript), removes the state registered under its name that is the
 * caller's, and exits 0.
 * No ACL decision: leaving a network is always allowed, but the ACL and
 * vmnet.conf are still loaded so that a broken configuration is reported.
 */
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "run.h"
#include "verdict.h"

int main(int argc, char **argv)
{
	struct rec rec;
	static struct run r;

	run_start(&r, "vmnet-ifdown", argc, argv);
	run_drop_to_caller(&r);
	run_load_config(&r);
	if (run_tap_vanished(&r)) {
		if (detach_vanished(&r))
			run_finish(&r, "the tap is gone; removed its state");
		run_finish_note(&r, "no such interface; nothing of yours to "
				    "detach", "the tap is gone; nothing to detach");
	}
	run_prove_tap(&r);
	switch (rec_state_of(true, r.tap.alias, &rec)) {
	case REC_NONE:
	case REC_NOT_TAP:	/* (it is a tap: run_prove_tap() proved it) */
		run_fail(&r, "not attached by vmnet; nothing to detach");
	case REC_DAMAGED:
		run_fail(&r, "vmnet record of the tap is damaged; run "
			     "'vmnetctl gc' as root");
	case REC_TAP:
		break;
	}
	r.network = rec.network;
	if (rec.via == REC_VIA_HELPER)
		run_fail(&r, "created by vmnet-helper: it leaves its network "
			     "when QEMU closes it, not by vmnet-ifdown");
	if (!rec_may_detach(&rec, r.id.uid))
		run_fail(&r, "attached by uid %u, not by %s", (unsigned)rec.uid,
			 r.user[0] ? r.user : "the caller");
	detach_tap(&r, &rec);
	run_finish(&r, "detached");
}
