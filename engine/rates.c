// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rates.c - whether a tap still has the rate limit its record asks for
 * (core/tcrate.c), putting it back, and deleting the rate devices of
 * taps that are gone: for "check", "up", "gc" and vmnetd. Whatever removed it needed CAP_NET_ADMIN over the host's
 * namespace (a user cannot): an administrator's "tc qdisc del", say.
 */
#include <errno.h>
#include <linux/pkt_sched.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <netlink/route/classifier.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/qdisc/tbf.h>
#include <string.h>

#include "engine.h"
#include "lock.h"
#include "tcrate.h"

/* In the dump @cache, the root qdisc of @ifindex is vmnet's tbf at
 * @kbit. */
static bool has_tbf(struct nl_cache *cache, int ifindex, unsigned kbit)
{
	struct rtnl_qdisc *q = rtnl_qdisc_get(cache, ifindex, TCRATE_QDISC);
	bool ok = false;

	if (q) {
		const char *kind = rtnl_tc_get_kind(TC_CAST(q));

		ok = kind && !strcmp(kind, "tbf") &&
		     rtnl_tc_get_parent(TC_CAST(q)) == TC_H_ROOT &&
		     (uint64_t)rtnl_qdisc_tbf_get_rate(q) * 8 ==
			     (uint64_t)kbit * 1000;
		rtnl_qdisc_put(q);
	}
	return ok;
}

/* The clsact ingress of @ifindex has vmnet's redirect (u32, prio 2). */
static bool has_redirect(struct nl_sock *sk, int ifindex)
{
	struct nl_cache *cache;
	struct nl_object *o;
	bool ok = false;

	if (rtnl_cls_alloc_cache(sk, ifindex,
				 TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS),
				 &cache) < 0)
		return false;
	for (o = nl_cache_get_first(cache); o && !ok;
	     o = nl_cache_get_next(o)) {
		struct rtnl_cls *c = (struct rtnl_cls *)o;
		const char *kind = rtnl_tc_get_kind(TC_CAST(c));

		ok = rtnl_cls_get_prio(c) == TCRATE_PRIO && kind &&
		     !strcmp(kind, "u32");
	}
	nl_cache_free(cache);
	return ok;
}

/**
 * ctl_rate_ok() - whether tap @t carries the limit of its record @rec
 * (true when the record asks for none)
 */
bool ctl_rate_ok(struct ctl *c, const struct link_info *t,
		 const struct rec *rec)
{
	char name[IFNAMSIZ], alias[64];
	struct nl_cache *qdiscs;
	struct link_info ifb;
	bool ok;

	if (!rec->rate)
		return true;
	snprintf(name, sizeof(name), TCRATE_IFB "%d", t->ifindex);
	snprintf(alias, sizeof(alias), REC_RATE_TAG "%d uid=%u", t->ifindex,
		 (unsigned)rec->uid);
	if (link_get(c->sk, 0, name, &ifb) || strcmp(ifb.alias, alias) ||
	    !(ifb.flags & IFF_UP) || !has_redirect(c->sk, t->ifindex) ||
	    rtnl_qdisc_alloc_cache(c->sk, &qdiscs) < 0)
		return false;
	/* (one dump of the qdiscs for both tbfs) */
	ok = has_tbf(qdiscs, t->ifindex, rec->rate) &&
	     has_tbf(qdiscs, ifb.ifindex, rec->rate);
	nl_cache_free(qdiscs);
	return ok;
}

/* The uid in an ifb's alias (0 when unreadable: root's lock). */
static uid_t uid_of(const struct link_info *l)
{
	const char *u = strstr(l->alias, " uid=");

	return u ? (uid_t)strtoul(u + 5, NULL, 10) : 0;
}

/* Whether @l is the ifb of a tap that is gone or no longer limited: its
 * tap (read now) has no record with a rate. */
static bool orphan(struct ctl *c, const struct link_info *l)
{
	size_t k = strlen(REC_RATE_TAG);
	struct link_info t;
	struct rec rec;

	if (strcmp(l->kind, "ifb") || strncmp(l->alias, REC_RATE_TAG, k))
		return false;
	return link_get(c->sk, ctl_ifindex_of(l->alias + k), NULL, &t) ||
	       !ctl_tap_of(&t, NULL, &rec) || !rec.rate;
}

/**
 * ctl_rate_orphans() - delete the ifbs of limited taps that are gone or
 * no longer limited (a SIGKILLed QEMU's helper tap, a crash mid-attach)
 *
 * Return: how many were deleted
 */
unsigned ctl_rate_orphans(struct ctl *c)
{
	struct taps_stats st = { 0 };
	struct lock lk = { .held = false };
	unsigned n = 0;
	size_t i;

	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *l = &c->links[i];
		struct link_info now;

		if (!orphan(c, l))
			continue;
		/* under the user's lock, read again: a run attaching that
		 * tap makes its ifb before it writes its record */
		if (!taps_lock(c, &lk, uid_of(l), l->name, &st))
			continue;
		if (!link_get(c->sk, l->ifindex, NULL, &now) &&
		    !strcmp(now.alias, l->alias) && orphan(c, &now) &&
		    !tcrate_del_ifb(c->sk, l->ifindex)) {
			printf("gc: %s: deleted: the rate device of a tap that "
			       "is gone or no longer limited\n", l->name);
			n++;
		}
		lock_release(&lk);
	}
	return n;
}

/* Put back tap @t's rate limit (its record's rate=), which someone with
 * CAP_NET_ADMIN removed: under its user's lock, if it is still that tap
 * with that record. */
void ctl_rate_restore(struct ctl *c, const struct link_info *t,
		      const struct rec *rec, struct taps_stats *st)
{
	struct lock lk = { .held = false };
	struct link_info now;
	char r[24];
	int rc;

	if (!taps_lock(c, &lk, rec->uid, t->name, st))
		return;
	if (!link_get(c->sk, t->ifindex, NULL, &now) && ctl_is_tap(&now) &&
	    !strcmp(now.alias, t->alias) && !ctl_rate_ok(c, &now, rec)) {
		rc = tcrate_add(c->sk, now.ifindex, rec->rate, rec->uid);
		if (rc < 0)
			ctl_die("%s: cannot put back its rate limit: %s",
				t->name, strerror(-rc));
		val_rate_str(rec->rate, r, sizeof(r));
		printf("gc: %s: put back its rate limit (%s each way)\n",
		       t->name, r);
		st->rates++;
	}
	lock_release(&lk);
}

/**
 * taps_rates() - put back the rate limit of every tap of network @n that
 * lost it (up and repairs)
 * @st:	what was done
 */
void taps_rates(struct ctl *c, const struct conf_network *n,
		struct taps_stats *st)
{
	size_t i;

	ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;

		if (ctl_tap_of(t, n->name, &rec) && !ctl_rate_ok(c, t, &rec))
			ctl_rate_restore(c, t, &rec, st);
	}
}
