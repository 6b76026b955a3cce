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
 * and ifup have made stale.
 *
 * No user can delay anyone else's repairs. A user's lock is tried ONCE
 * per run: a user whose lock is held (a run of theirs in progress, or
 * one they stopped with SIGSTOP, which they may do to their own
 * processes) joins the run's contended list, and every other tap of that
 * user is skipped at once, without asking again, while everyone else's
 * are done. vmnetctl comes back to the contended users at the end (with
 * a bounded wait, ctl_settle_contended()); vmnetd's job reports them and
 * the network's next try comes later. One user costs the others nothing,
 * and costs the administrator's run one bounded wait, not one per port.
 *
 * Only taps are ever written. An interface that is not a tap but carries
 * a record-looking alias is reported and left alone.
 */
#include <errno.h>
#include <linux/netfilter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attach.h"
#include "engine.h"
#include "fw/snapshot.h"
#include "fw/vmscan.h"
#include "linkadm.h"
#include "lock.h"
#include "nft.h"
#include "nftadm.h"
#include "slots.h"

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

/* A link read alone costs about what this many links cost in a dump. */
#define READ_ONE_FACTOR 16

/* An attached tap of network @n, unregistered in the scan, with its
 * record: to be given its elements. */
struct pending {
	struct link_info t;
	struct rec rec;
};

/* Pending tap @p as a port to restore, if @now (the tap read after its
 * user's lock was taken; NULL: gone) is still exactly what was decided on. */
static bool still_pending(const struct pending *p, const struct link_info *now,
			  int br_ifindex, struct fw_vm *v)
{
	if (!now || !ctl_is_tap(now) || strcmp(now->alias, p->t.alias) ||
	    now->master != br_ifindex)
		return false;
	memset(v, 0, sizeof(*v));
	v->ifindex = now->ifindex;
	v->uid = p->rec.uid;
	v->has_mac = p->rec.has_mac;
	memcpy(v->mac, p->rec.mac, 6);
	v->has_ip = p->rec.has_ip;
	v->ip = p->rec.ip;
	v->has_ip6 = p->rec.has_ip6;
	v->ip6 = p->rec.ip6;
	v->conns = p->rec.conns;
	snprintf(v->name, sizeof(v->name), "%s", now->name);
	return true;
}

/* Give tap @v its elements alone; a tap whose MAC or address another
 * port took meanwhile stays without (its frames are dropped), and says so. */
static void restore_one(struct ctl *c, const struct fw_net *fn,
			const struct fw_vm *v, struct taps_stats *st)
{
	enum fw_ensured done;
	char what[96];
	int rc = fw_vm_ensure(c->nft, fn, v, &done, what, sizeof(what));

	if (!rc && done == FW_ENSURE_REFUSED) {
		ctl_warn("%s: %s: not restored: another port holds its MAC or "
			 "address now; its frames stay dropped", fn->name,
			 v->name);
		return;
	}
	if (rc < 0)
		ctl_die("%s: %s: cannot restore its firewall elements%s%s: %s",
			fn->name, v->name, what[0] ? " at " : "", what,
			strerror(-rc));
	st->restored += done == FW_ENSURE_ADDED;
}

/* fw_vm_ensure_many() with its checks read from @snap (NULL: from the
 * kernel), rather than one round trip per port. */
static int ensure_from_snapshot(struct ctl *c, const struct fw_net *fn,
				const struct fw_vm *v, size_t nv,
				struct fw_snapshot *snap, unsigned *added,
				bool *one_by_one, char *what, size_t what_size)
{
	int rc;

	if (snap)
		nft_set_reader(c->nft, &snap->reader);
	rc = fw_vm_ensure_many(c->nft, fn, v, nv, added, one_by_one, what,
			       what_size);
	if (snap)
		nft_set_reader(c->nft, NULL);
	return rc;
}

/*
 * Pending tap @p read again (after its user's lock was taken): from a
 * fresh snapshot of every link when @dumped, else alone by ifindex. NULL
 * when it is gone.
 */
static const struct link_info *reread(struct ctl *c, const struct pending *p,
				      bool dumped, struct link_info *one)
{
	int rc;

	if (dumped)
		return ctl_link_at(c, p->t.ifindex);
	rc = link_get(c->sk, p->t.ifindex, NULL, one);
	if (rc == -ENODEV)
		return NULL;
	if (rc < 0)
		ctl_die("cannot read ifindex %d: %s", p->t.ifindex,
			strerror(-rc));
	return one;
}

/* Give @n pending taps of one user their elements (the lock is held;
 * fw_vm_ensure_many() adds only what is missing). Their links are read
 * again under the lock: one by one when they are few beside the host's
 * links (a user with a tap or two among a thousand), else in one dump,
 * so that restoring after a flush costs O(links), not O(users x links). */
static void restore_locked(struct ctl *c, const struct fw_net *fn,
			   const struct pending *p, size_t n, int br_ifindex,
			   struct fw_vm *v, struct fw_snapshot *snap,
			   struct taps_stats *st)
{
	bool dumped = n * READ_ONE_FACTOR >= c->nlinks, one_by_one;
	struct link_info one;
	unsigned added;
	size_t i, nv = 0;
	char what[96];
	int rc;

	if (dumped)
		ctl_read_links(c);
	for (i = 0; i < n; i++)
		nv += still_pending(&p[i], reread(c, &p[i], dumped, &one),
				    br_ifindex, &v[nv]);
	rc = ensure_from_snapshot(c, fn, v, nv, snap, &added, &one_by_one,
				  what, sizeof(what));
	if (rc < 0)
		ctl_die("%s: cannot restore the firewall elements of its taps"
			"%s%s: %s", fn->name, what[0] ? " at " : "", what,
			strerror(-rc));
	st->restored += added;
	for (i = 0; one_by_one && i < nv; i++)
		restore_one(c, fn, &v[i], st);	/* each with its answer */
}

static int by_uid(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	return (x->rec.uid > y->rec.uid) - (x->rec.uid < y->rec.uid);
}

/*
 * Restore @n pending taps, taking each user's lock once for all of the
 * user's taps and reading the links once under it (after a flush, a
 * thousand taps of one user are one lock and one dump, not a thousand).
 *
 * The checks of all of them read one snapshot of the network's sets,
 * taken once for the pass (one dump per set, not one per set and user).
 * It may be older than a user's lock, so a user's own run could have
 * changed that user's ports meanwhile; what it changed can only make the
 * batch fail, never let a wrong element in: each tap is read again under
 * the lock and skipped when its record changed, and every claim that
 * must be one port's (a registration, a MAC, an address) is added with
 * "must not exist", so a claim the snapshot missed fails the commit, and
 * the user's taps are then done one by one from the kernel
 * (restore_one()). A MAC or address the LAN side showed meanwhile is the
 * same race a snapshot per user has, in a longer window.
 */
static void restore_all(struct ctl *c, const struct fw_net *fn,
			struct pending *v, size_t n, int br_ifindex,
			struct taps_stats *st)
{
	struct fw_vm *vms = calloc(n ? n : 1, sizeof(*vms));
	struct fw_snapshot snap;
	bool have = n > 1 && !fw_snapshot_take(c->nft, fn, &snap);
	size_t i, j;

	if (!vms)
		ctl_die("%s: out of memory", fn->name);
	qsort(v, n, sizeof(*v), by_uid);
	for (i = 0; i < n; i = j) {
		struct lock lk;

		for (j = i + 1; j < n && v[j].rec.uid == v[i].rec.uid; j++)
			;
		if (!taps_lock(c, &lk, v[i].rec.uid, v[i].t.name, st)) {
			st->skipped += (unsigned)(j - i - 1);
			continue;
		}
		restore_locked(c, fn, &v[i], j - i, br_ifindex, vms,
			       have ? &snap : NULL, st);
		lock_release(&lk);
	}
	if (have)
		fw_snapshot_free(&snap);
	free(vms);
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
	const struct link_info *snap = ctl_link_at(c, p->ifindex);
	struct link_info l;
	struct rec rec;
	struct lock lk;
	char name[32];

	/* In use in the snapshot: nothing to do; a change since is an
	 * event, and vmnetd's next pass sees it (taps_sync()). */
	if (snap && ctl_tap_of(snap, n->name, &rec) &&
	    snap->master == br_ifindex)
		return;
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
 * @have_links:	@c's link snapshot was read in this run's work on @n,
 *		after the last change the run made to links (a dump of a
 *		thousand taps costs about 5 ms; a repair read up to six)
 * @st:		what was done
 *
 * The snapshot may then be older than the scan of the elements. It is
 * trusted only to leave alone what it shows in use, or to name a tap
 * to restore, which is read again under its user's lock; a tap deleted
 * or detached since it was read is a link event, after which vmnetd
 * passes again (and an administrator's next gc or up sees it).
 */
void taps_sync(struct ctl *c, const struct conf_network *n, int br_ifindex,
	       bool have_links, struct taps_stats *st)
{
	struct pending *todo;
	struct fw_vm_scan scan;
	char what[96];
	struct fw_net fn;
	unsigned litter;
	size_t i, ntodo = 0;
	int rc;

	fw_net_of(n, &fn);
	if (!fw_guarded(&fn))
		return;
	if (taps_adopt(c, n, br_ifindex, have_links, st))
		have_links = false;	/* adopting changed links */
	rc = fw_vm_scan(c->nft, &fn, &scan);
	if (rc)
		ctl_die("%s: cannot list its ports' elements: %s", n->name,
			strerror(-rc));
	if (!have_links)
		ctl_read_links(c);
	todo = calloc(c->nlinks ? c->nlinks : 1, sizeof(*todo));
	if (!todo)
		ctl_die("%s: out of memory", n->name);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		const struct fw_vm_state *p;

		if (t->master != br_ifindex || br_ifindex <= 0 ||
		    !ctl_tap_of(t, n->name, &todo[ntodo].rec))
			continue;
		p = fw_vm_scan_find(&scan, t->ifindex);
		if (!p || !p->registered)
			todo[ntodo++].t = *t;
	}
	/* restore_all() may read the links again, under a lock */
	restore_all(c, &fn, todo, ntodo, br_ifindex, st);
	free(todo);
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
			bool locked, struct taps_stats *st)
{
	struct link_info now;
	const char *step;
	struct fw_net fn;
	struct lock lk = { .held = false };
	bool done = false;
	int rc;

	if (!locked && !taps_lock(c, &lk, rec->uid, t->name, st))
		return false;
	if (still(c, t->ifindex, t->alias, &now) &&
	    (any || br_ifindex <= 0 || now.master != br_ifindex)) {
		rc = attach_release_restore(c->sk, &now, rec, &step);
		if (rc < 0)
			ctl_die("%s: %s: %s", t->name, step, strerror(-rc));
		if (attach_fw_of(rec, &c->conf, &fn))
			fw_del(c, &fn, now.ifindex, now.name);
		slots_del(c->nft, rec->uid, now.ifindex);
		st->detached++;
		done = true;
	}
	lock_release(&lk);
	return done;
}

/*
 * Delete helper tap @t, found orphaned (helper_orphan()): under its user's
 * lock, only if it is still that tap with that record and still nobody's
 * open file. Its elements go first, then the tap.
 */
static bool delete_orphan(struct ctl *c, const struct link_info *t,
			  const struct rec *rec, struct taps_stats *st)
{
	struct link_info now;
	struct fw_net fn;
	struct lock lk;
	bool done = false;
	int rc;

	if (!taps_lock(c, &lk, rec->uid, t->name, st))
		return false;
	if (still(c, t->ifindex, t->alias, &now) &&
	    helper_orphan(rec, now.tun_persist, link_tun_open(&now))) {
		if (attach_fw_of(rec, &c->conf, &fn))
			fw_del(c, &fn, now.ifindex, now.name);
		rc = link_delete(c->sk, now.ifindex);
		if (rc < 0 && rc != -ENODEV)
			ctl_die("%s: cannot delete it: %s", now.name,
				strerror(-rc));
		st->deleted++;
		done = true;
	}
	lock_release(&lk);
	return done;
}

static const struct link_info *snap_at(const void *ctx, int ifindex)
{
	return ctl_link_at(ctx, ifindex);
}

/* The slots of taps gone without vmnet-ifdown (QEMU killed, the kernel
 * deleted its tap), every user's, each under that user's lock, judged by
 * the links read at the start of the pass (slots_prune()). Return: how
 * many users have slots. */
static size_t prune_slots(struct ctl *c, struct taps_stats *st)
{
	/* (the links are in ifindex order: the last is the newest) */
	struct slots_snap snap = {
		snap_at, c, c->nlinks ? c->links[c->nlinks - 1].ifindex : 0
	};
	uid_t uids[TAPS_MAX_USERS];
	size_t i, n;
	unsigned k;
	int rc;

	rc = slots_users(c->nft, uids, TAPS_MAX_USERS, &n);
	if (rc)
		ctl_die("cannot read the slots of the users' taps: %s",
			strerror(-rc));
	for (i = 0; i < n; i++) {
		struct lock lk = { .held = false };
		char what[32];

		snprintf(what, sizeof(what), "slots of uid %u",
			 (unsigned)uids[i]);
		if (!taps_lock(c, &lk, uids[i], what, st))
			continue;
		rc = slots_prune(c->nft, c->sk, uids[i], &snap, &k);
		lock_release(&lk);
		if (rc)
			ctl_die("cannot prune the slots of uid %u: %s",
				(unsigned)uids[i], strerror(-rc));
		if (k)
			printf("gc: uid %u: dropped %u stale slot%s (taps "
			       "gone without vmnet-ifdown)\n",
			       (unsigned)uids[i], k, k == 1 ? "" : "s");
		st->slots += k;
	}
	return n;
}

/**
 * taps_slots_tidy() - once no tap has a vmnet record, delete the users'
 * slots altogether (slots.c: safe whenever done, so the links of the last
 * read do, unless @reread)
 */
void taps_slots_tidy(struct ctl *c, bool reread)
{
	struct rec rec;
	size_t i;
	int rc;

	if (reread)
		ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++)
		if (rec_state_of(ctl_is_tap(&c->links[i]), c->links[i].alias,
				 &rec) != REC_NONE)
			return;
	rc = slots_drop(c->nft);
	if (rc)
		ctl_die("cannot delete the users' tap slots: %s",
			strerror(-rc));
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
		if (helper_orphan(&rec, t->tun_persist, link_tun_open(t))) {
			if (delete_orphan(c, t, &rec, st))
				printf("gc: %s: deleted: a tap vmnet-helper "
				       "made for uid %u, made persistent and "
				       "no longer open\n", t->name,
				       (unsigned)rec.uid);
			continue;
		}
		if (!ctl_rate_ok(c, t, &rec))
			ctl_rate_restore(c, t, &rec, st);
		n = conf_find(&c->conf, rec.network);
		if (n && mode_of(n)->port == PORT_OVN && rec.has_fw &&
		    rec.fw == CONF_FW_OVN)
			continue;	/* OVS holds it: ovn_gc() looks */
		if (n)
			br = ctl_bridge_of(c, n);
		why = stale_why(n, br, t->master);
		if (!why)
			continue;
		if (restore_tap(c, t, &rec, br, false, false, st))
			printf("gc: %s: removed vmnet state (%s)\n", t->name,
			       why);
	}
	st->rates += ctl_rate_orphans(c);
	/* (vmnetd's every pass comes here: no commit without a table) */
	if (prune_slots(c, st))
		taps_slots_tidy(c, false);
}

/**
 * taps_detach() - release and restore every tap attached to network @n
 * (down --force); the locks of their users are held (taps_lock_users())
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
			restore_tap(c, t, &rec, br_ifindex, true, true, st);
	}
}
