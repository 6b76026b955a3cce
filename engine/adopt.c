// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * adopt.c - foreign ports on vmnet's own bridges (isolated, wlan netdev).
 *
 * Every port of such a bridge is vmnet's: a VM's tap with its record, or
 * the netdev veth end. A port someone else enslaved ("ip link set X
 * master vmnet0", libvirt's <interface type='bridge'>) would pass
 * unfiltered: no port guard holds it, so it could use any MAC and
 * address and serve DHCP to the VMs. vmnet adopts it when it is a tap:
 * the port guard's elements go in first (learning: the tap's first MAC
 * and address are its own, as for a tap attached without VMNET_MAC), then
 * one message gives it the network's interface group and a record that
 * says it was adopted: its owner is unknown (the kernel does not say who
 * asked qemu-bridge-helper or libvirt for it), so it counts against no
 * user's max-taps and no user's ACL pins apply; only root may detach it
 * (the record's uid 0 names root's lock); its MTU, MAC and up state stay
 * what they are and are restored on detach. Then BPDU guard and root
 * block. Adopting keeps libvirt's VMs working with anti-spoofing, where
 * detaching them would cut them off. Anything else (a veth, a bond) is not
 * a VM and can hold no record: it is taken off the bridge and reported.
 *
 * Called from taps_sync(), so by "vmnetctl up" and "gc"; a foreign port
 * enslaved after them is unguarded until the next one (no watcher yet).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "engine.h"
#include "fw/vm.h"
#include "lock.h"
#include "port.h"
#include "tcseal.h"

/* A port of the snapshot with a vmnet record is not foreign; a record
 * lost since is a link event, and vmnetd's next pass sees it. */
static bool foreign_in_snapshot(const struct link_info *l)
{
	struct rec rec;
	int state = rec_state_of(ctl_is_tap(l), l->alias, &rec);

	return state != REC_TAP && state != REC_DAMAGED;
}

/* Re-read @ifindex: still a foreign port of @br_ifindex? */
static bool still_foreign(struct ctl *c, int ifindex, int br_ifindex,
			  struct link_info *now)
{
	struct rec rec;
	int state;

	if (link_get(c->sk, ifindex, NULL, now) < 0 ||
	    now->master != br_ifindex)
		return false;
	state = rec_state_of(ctl_is_tap(now), now->alias, &rec);
	return state != REC_TAP && state != REC_DAMAGED;
}

/* The record of an adopted tap: owner unknown (uid 0: root's lock guards
 * it; it counts for nobody), learning, as it is now. */
static int adopt_record(const struct conf_network *n, const struct fw_net *fn,
			const struct link_info *t, char alias[REC_MAX + 1])
{
	struct rec rec;

	memset(&rec, 0, sizeof(rec));
	snprintf(rec.network, sizeof(rec.network), "%s", n->name);
	rec.uid = 0;
	rec.orig_mtu = t->mtu;
	memcpy(rec.orig_mac, t->mac, 6);
	rec.orig_up = t->flags & IFF_UP;
	rec.has_fw = true;
	rec.fw = fn->kind;
	rec.via = REC_VIA_ADOPTED;
	return rec_format(&rec, alias, REC_MAX + 1);
}

static int adopt_tap(struct ctl *c, const struct conf_network *n,
		     const struct fw_net *fn, const struct link_info *t)
{
	struct fw_vm v = { .ifindex = t->ifindex, .uid = 0 };
	enum fw_vm_refusal refused;
	char alias[REC_MAX + 1], what[96];
	struct link_delta d = {
		.set_group = true, .group = conf_port_group(n->name),
		.alias = alias,
	};
	int rc;

	snprintf(v.name, sizeof(v.name), "%s", t->name);
	if (adopt_record(n, fn, t, alias))
		return -ENAMETOOLONG;
	rc = fw_vm_add(c->nft, fn, &v, &refused, what, sizeof(what));
	if (rc)
		return rc;
	if (refused)
		return -EADDRINUSE;
	rc = tcseal_add(c->sk, t->ifindex);
	if (rc == 0)
		rc = link_apply(c->sk, t->ifindex, &d);
	if (rc == 0)
		rc = port_ops_of(mode_of(n)->port)->harden(c->sk, t->ifindex);
	if (rc) {
		struct link_delta undo = { .set_group = true, .alias = "" };

		link_apply(c->sk, t->ifindex, &undo);
		tcseal_del(c->sk, t->ifindex);
		fw_vm_del(c->nft, fn, t->ifindex, what, sizeof(what));
	}
	return rc;
}

static void release(struct ctl *c, const struct conf_network *n,
		    const struct link_info *l, struct taps_stats *st)
{
	struct link_delta d = { .set_master = true, .master = 0 };
	int rc = link_apply(c->sk, l->ifindex, &d);

	if (rc) {
		ctl_warn("%s: cannot take foreign port %s off %s: %s",
			 n->name, l->name, n->bridge, strerror(-rc));
		return;
	}
	printf("%s: took foreign port %s (%s) off %s: vmnet adopts only "
	       "taps\n", n->name, l->name, l->kind[0] ? l->kind : "device",
	       n->bridge);
	st->released++;
}

/**
 * taps_adopt() - adopt the foreign taps on network @n's own bridge and
 * take any other foreign port off it (see above); @have_links: as for
 * taps_sync() (each port is read again before anything is done to it)
 *
 * Return: whether it changed a link, or tried to (the snapshot is stale)
 */
bool taps_adopt(struct ctl *c, const struct conf_network *n, int br_ifindex,
		bool have_links, struct taps_stats *st)
{
	bool touched = false;
	struct link_info now;
	struct fw_net fn;
	struct lock lk;
	char why[512];
	size_t i;
	int rc;

	fw_net_of(n, &fn);
	if (!fw_owns_bridge(&fn) || br_ifindex <= 0)
		return false;
	if (!have_links)
		ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *l = &c->links[i];

		if (l->master != br_ifindex || ctl_our_veth(l, n) ||
		    !foreign_in_snapshot(l) ||
		    !still_foreign(c, l->ifindex, br_ifindex, &now))
			continue;
		touched = true;
		if (!ctl_is_tap(&now)) {
			release(c, n, &now, st);
			continue;
		}
		if (!taps_lock(c, &lk, 0, now.name, st))
			continue;
		rc = 0;
		if (still_foreign(c, l->ifindex, br_ifindex, &now))
			rc = adopt_tap(c, n, &fn, &now);
		lock_release(&lk);
		if (rc) {
			ctl_warn("%s: cannot adopt foreign tap %s: %s",
				 n->name, now.name, strerror(-rc));
			continue;
		}
		printf("%s: adopted foreign tap %s on %s (owner unknown, "
		       "counted for nobody; it learns its MAC and address)\n",
		       n->name, now.name, n->bridge);
		if (ctl_other_helper(n, why, sizeof(why)))
			ctl_warn("%s: %s", n->name, why);
		st->adopted++;
	}
	return touched;
}
