// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * taps.c - the administrator's writes to per-tap state: giving attached
 * taps back their firewall elements (after "nft flush ruleset"), removing
 * the elements of taps that are gone or detached, restoring taps whose
 * records went stale, detaching every tap of a network.
 *
 * Every write follows the rule of vmnet-ifup and vmnet-ifdown: it happens
 * under the lock of the user whose tap it is (the record's uid, or the
 * uid in the port's registration comment), after reading the tap again
 * by ifindex and checking that its record is exactly what the decision
 * was made on. So no write acts on a snapshot a user's concurrent ifdown
 * and ifup have made stale. A tap whose user holds the lock longer than
 * LOCK_MS is skipped and reported; a later run (or vmnetd) does it.
 *
 * Only taps are ever written. An interface that is not a tap but carries
 * a record-looking alias is reported and left alone.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "ctl.h"
#include "fw/vm.h"
#include "lock.h"

#define LOCK_MS 3000

/* Take @uid's vmnet lock; false (and counted as skipped) when a run of
 * that user holds it longer than LOCK_MS. */
bool taps_lock(struct ctl *c, struct lock *lk, uid_t uid, const char *what,
	       struct taps_stats *st)
{
	int rc = lock_take(lk, c->nft, uid, LOCK_MS);

	if (rc == -ETIMEDOUT) {
		ctl_warn("%s: skipped: a vmnet run of uid %u holds its lock; "
			 "try again", what, (unsigned)uid);
		st->skipped++;
		return false;
	}
	if (rc)
		ctl_die("cannot take the vmnet lock of uid %u: %s",
			(unsigned)uid, strerror(-rc));
	return true;
}

/* Read tap @ifindex again; true if it still is a tap with exactly the
 * alias @alias. */
static bool still(struct ctl *c, int ifindex, const char *alias,
		  struct link_info *now)
{
	int rc = link_get(c->sk, ifindex, NULL, now);

	if (rc == -ENODEV)
		return false;
	if (rc < 0)
		ctl_die("cannot read ifindex %d: %s", ifindex, strerror(-rc));
	return ctl_is_tap(now) && !strcmp(now->alias, alias);
}

static void fw_del(struct ctl *c, const struct fw_net *fn, int ifindex,
		   const char *tap)
{
	char what[96];
	int rc = fw_vm_del(c->nft, fn, ifindex, what, sizeof(what));

	if (rc)
		ctl_die("%s: %s: cannot remove its firewall elements%s%s: %s",
			fn->name, tap, what[0] ? " at " : "", what,
			strerror(-rc));
}

/*
 * Give an attached tap of network @n (with record @rec) its elements, if
 * the scan found it unregistered: under its user's lock, with the tap read
 * again (fw_vm_ensure() adds only what is missing).
 */
static void restore_elements(struct ctl *c, const struct fw_net *fn,
			     const struct link_info *t, const struct rec *rec,
			     int br_ifindex, struct taps_stats *st)
{
	struct fw_vm v = {
		.ifindex = t->ifindex, .uid = rec->uid,
		.has_mac = rec->has_mac, .has_ip = rec->has_ip, .ip = rec->ip,
	};
	struct link_info now;
	struct lock lk;
	char what[96];
	int rc;

	snprintf(v.name, sizeof(v.name), "%s", t->name);
	if (!taps_lock(c, &lk, rec->uid, t->name, st))
		return;
	memcpy(v.mac, rec->mac, 6);
	if (still(c, t->ifindex, t->alias, &now) && now.master == br_ifindex) {
		rc = fw_vm_ensure(c->nft, fn, &v, what, sizeof(what));
		if (rc < 0)
			ctl_die("%s: %s: cannot restore its firewall "
				"elements%s%s: %s", fn->name, t->name,
				what[0] ? " at " : "", what, strerror(-rc));
		st->restored += rc == 1;
	}
	lock_release(&lk);
}

/* A registered port whose tap is attached to the network with a record. */
static bool port_in_use(struct ctl *c, const struct conf_network *n,
			int br_ifindex, int ifindex, struct link_info *l)
{
	struct rec rec;
	int rc;

	memset(l, 0, sizeof(*l));
	rc = link_get(c->sk, ifindex, NULL, l);

	if (rc == -ENODEV)
		return false;
	if (rc < 0)
		ctl_die("cannot read ifindex %d: %s", ifindex, strerror(-rc));
	return ctl_tap_of(l, n->name, &rec) && l->master == br_ifindex;
}

/* Remove the elements of a registered port that is gone, detached or not
 * vmnet's. */
static void collect_port(struct ctl *c, const struct conf_network *n,
			 const struct fw_net *fn, int br_ifindex,
			 const struct fw_vm_state *p, struct taps_stats *st)
{
	struct link_info l;
	struct lock lk;
	char name[32];

	if (port_in_use(c, n, br_ifindex, p->ifindex, &l))
		return;
	if (!l.ifindex) {
		/* The interface is gone, and ifindexes are not reused: no
		 * run can be using these elements. */
		fw_del(c, fn, p->ifindex, "(gone)");
		st->removed++;
		return;
	}
	snprintf(name, sizeof(name), "%s", l.name);
	if (!p->has_uid)
		return;		/* not registered by vmnet-ifup */
	/* An attach or detach may be in progress: ask its lock. */
	if (!taps_lock(c, &lk, p->uid, name, st))
		return;
	if (!port_in_use(c, n, br_ifindex, p->ifindex, &l)) {
		fw_del(c, fn, p->ifindex, name);
		st->removed++;
	}
	lock_release(&lk);
}

/**
 * taps_sync() - make network @n's per-VM elements match its taps: every
 * attached tap with a record has its elements (added back if missing),
 * ports that are gone or detached have none, nothing is left over
 * @br_ifindex:	the network's bridge
 * @st:		what was done
 */
void taps_sync(struct ctl *c, const struct conf_network *n, int br_ifindex,
	       struct taps_stats *st)
{
	struct fw_vm_scan scan;
	char what[96];
	struct fw_net fn;
	unsigned litter;
	size_t i;
	int rc;

	fw_net_of(n, &fn);
	if (!fw_guarded(&fn))
		return;
	taps_adopt(c, n, br_ifindex, st);
	rc = fw_vm_scan(c->nft, &fn, &scan);
	if (rc)
		ctl_die("%s: cannot list its ports' elements: %s", n->name,
			strerror(-rc));
	ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		const struct fw_vm_state *p;
		struct rec rec;

		if (t->master != br_ifindex || br_ifindex <= 0 ||
		    !ctl_tap_of(t, n->name, &rec))
			continue;
		p = fw_vm_scan_find(&scan, t->ifindex);
		if (!p || !p->registered)
			restore_elements(c, &fn, t, &rec, br_ifindex, st);
	}
	for (i = 0; i < scan.n; i++)
		if (scan.v[i].registered)
			collect_port(c, n, &fn, br_ifindex, &scan.v[i], st);
	fw_vm_scan_free(&scan);
	rc = fw_vm_orphans(c->nft, &fn, &litter, what, sizeof(what));
	if (rc)
		ctl_die("%s: cannot remove left-over elements%s%s: %s", n->name,
			what[0] ? " at " : "", what, strerror(-rc));
	st->litter += litter;
}

/*
 * Release and restore tap @t from its record, and remove its elements as
 * the record says; under the record's user's lock, only if the tap and
 * its record are still exactly what was seen, and (unless @any) still not
 * attached to @br_ifindex.
 */
static bool restore_tap(struct ctl *c, const struct link_info *t,
			const struct rec *rec, int br_ifindex, bool any,
			struct taps_stats *st)
{
	struct link_info now;
	const char *step;
	struct fw_net fn;
	struct lock lk;
	bool done = false;
	int rc;

	if (!taps_lock(c, &lk, rec->uid, t->name, st))
		return false;
	if (still(c, t->ifindex, t->alias, &now) &&
	    (any || br_ifindex <= 0 || now.master != br_ifindex)) {
		rc = attach_release_restore(c->sk, &now, rec, &step);
		if (rc < 0)
			ctl_die("%s: %s: %s", t->name, step, strerror(-rc));
		if (attach_fw_of(rec, &c->conf, &fn))
			fw_del(c, &fn, now.ifindex, now.name);
		st->detached++;
		done = true;
	}
	lock_release(&lk);
	return done;
}

/**
 * taps_gc_records() - restore every tap whose vmnet record is stale: its
 * network is no longer configured, or it is not attached to that
 * network's bridge
 * @st:	what was done
 */
void taps_gc_records(struct ctl *c, struct taps_stats *st)
{
	size_t i;

	ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		const struct conf_network *n;
		const char *why;
		struct rec rec;
		int br = -1;

		switch (rec_state_of(ctl_is_tap(t), t->alias, &rec)) {
		case REC_NONE:
			continue;
		case REC_NOT_TAP:
			printf("gc: %s: has a vmnet-looking alias but is not a "
			       "tap; left alone\n", t->name);
			continue;
		case REC_DAMAGED:
			printf("gc: %s: its vmnet record is damaged; left alone "
			       "(if it is vmnet's, detach it by hand)\n",
			       t->name);
			continue;
		case REC_TAP:
			break;
		}
		n = conf_find(&c->conf, rec.network);
		if (n)
			br = ctl_bridge_of(c, n);
		why = stale_why(n, br, t->master);
		if (!why)
			continue;
		if (restore_tap(c, t, &rec, br, false, st))
			printf("gc: %s: removed vmnet state (%s)\n", t->name,
			       why);
	}
}

/**
 * taps_detach() - release and restore every tap attached to network @n
 * (down --force)
 * @st:	what was done
 */
void taps_detach(struct ctl *c, const struct conf_network *n, int br_ifindex,
		 struct taps_stats *st)
{
	size_t i;

	ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;

		if (t->master == br_ifindex && br_ifindex > 0 &&
		    ctl_tap_of(t, n->name, &rec))
			restore_tap(c, t, &rec, br_ifindex, true, st);
	}
}
