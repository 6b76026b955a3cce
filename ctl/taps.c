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
#include <netlink/errno.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "ctl.h"
#include "fw/vm.h"
#include "lock.h"

#define LOCK_MS 3000

static bool lock_user(struct ctl *c, struct lock *lk, uid_t uid,
		      const char *what, struct taps_stats *st)
{
	int rc = lock_take(lk, c->nft, uid, LOCK_MS);

	if (rc == -ETIMEDOUT) {
		fprintf(stderr, "vmnetctl: %s: skipped: a vmnet run of uid %u "
			"holds its lock; try again\n", what, (unsigned)uid);
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

	if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV)
		return false;
	if (rc < 0)
		ctl_die("cannot read ifindex %d: %s", ifindex, nl_geterror(rc));
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
 * it has none: under its user's lock, with the tap read again.
 */
static void restore_elements(struct ctl *c, const struct fw_net *fn,
			     const struct link_info *t, const struct rec *rec,
			     int br_ifindex, struct taps_stats *st)
{
	struct fw_vm v = {
		.ifindex = t->ifindex, .uid = rec->uid,
		.has_mac = rec->has_mac, .has_ip = rec->has_ip, .ip = rec->ip,
	};
	struct fw_vm_state vs;
	struct link_info now;
	struct lock lk;
	char what[96];
	int rc;

	rc = fw_vm_read(c->nft, fn, t->ifindex, &vs);
	if (rc)
		ctl_die("%s: %s: cannot read its elements: %s", fn->name,
			t->name, strerror(-rc));
	if (vs.registered)
		return;
	if (!lock_user(c, &lk, rec->uid, t->name, st))
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

struct port_ctx {
	struct ctl *c;
	const struct conf_network *n;
	const struct fw_net *fn;
	int br_ifindex;
	struct taps_stats *st;
	int ports[4096];
	uid_t uids[4096];
	bool has_uid[4096];
	size_t nports;
};

static int port_cb(int ifindex, bool has_uid, uid_t uid, void *arg)
{
	struct port_ctx *p = arg;

	if (p->nports == sizeof(p->ports) / sizeof(p->ports[0]))
		return -E2BIG;
	p->ports[p->nports] = ifindex;
	p->uids[p->nports] = uid;
	p->has_uid[p->nports] = has_uid;
	p->nports++;
	return 0;
}

/* A registered port whose tap is attached to the network with a record. */
static bool port_in_use(struct port_ctx *p, int ifindex, struct link_info *l)
{
	struct rec rec;
	int rc;

	memset(l, 0, sizeof(*l));
	rc = link_get(p->c->sk, ifindex, NULL, l);

	if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV)
		return false;
	if (rc < 0)
		ctl_die("cannot read ifindex %d: %s", ifindex, nl_geterror(rc));
	return ctl_tap_of(l, p->n->name, &rec) && l->master == p->br_ifindex;
}

/* Remove the elements of ports that are gone, detached or not vmnet's. */
static void collect_ports(struct port_ctx *p)
{
	struct link_info l;
	size_t i;

	for (i = 0; i < p->nports; i++) {
		struct lock lk;
		char name[32];

		if (port_in_use(p, p->ports[i], &l))
			continue;
		if (!l.ifindex) {
			/* The interface is gone, and ifindexes are not
			 * reused: no run can be using these elements. */
			fw_del(p->c, p->fn, p->ports[i], "(gone)");
			p->st->removed++;
			continue;
		}
		snprintf(name, sizeof(name), "%s", l.name);
		if (!p->has_uid[i])
			continue;	/* not registered by vmnet-ifup */
		/* An attach or detach may be in progress: ask its lock. */
		if (!lock_user(p->c, &lk, p->uids[i], name, p->st))
			continue;
		if (!port_in_use(p, p->ports[i], &l)) {
			fw_del(p->c, p->fn, p->ports[i], name);
			p->st->removed++;
		}
		lock_release(&lk);
	}
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
	static struct port_ctx p;
	char what[96];
	struct fw_net fn;
	unsigned litter;
	size_t i;
	int rc;

	fw_net_of(n, &fn);
	if (!fw_guarded(&fn))
		return;
	ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;

		if (t->master == br_ifindex && br_ifindex > 0 &&
		    ctl_tap_of(t, n->name, &rec))
			restore_elements(c, &fn, t, &rec, br_ifindex, st);
	}
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.n = n;
	p.fn = &fn;
	p.br_ifindex = br_ifindex;
	p.st = st;
	rc = fw_vm_ports(c->nft, &fn, port_cb, &p);
	if (rc)
		ctl_die("%s: cannot list its ports' elements: %s", n->name,
			strerror(-rc));
	collect_ports(&p);
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

	if (!lock_user(c, &lk, rec->uid, t->name, st))
		return false;
	if (still(c, t->ifindex, t->alias, &now) &&
	    (any || br_ifindex <= 0 || now.master != br_ifindex)) {
		rc = attach_release_restore(c->sk, &now, rec, &step);
		if (rc < 0)
			ctl_die("%s: %s: %s", t->name, step, nl_geterror(rc));
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
		const char *why = NULL;
		struct rec rec;
		int br = -1;

		if (!rec_is_ours(t->alias))
			continue;
		if (!ctl_is_tap(t)) {
			printf("gc: %s: has a vmnet-looking alias but is not a "
			       "tap; left alone\n", t->name);
			continue;
		}
		if (rec_parse(t->alias, &rec)) {
			printf("gc: %s: its vmnet record is damaged; left alone "
			       "(if it is vmnet's, detach it by hand)\n",
			       t->name);
			continue;
		}
		n = conf_find(&c->conf, rec.network);
		if (!n)
			why = "network no longer configured";
		else if ((br = ctl_bridge_of(c, n)) < 0 || t->master != br)
			why = "not attached to its network's bridge";
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
