// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * attach.c - the attach and detach of one tap.
 *
 * Attach: check the bridge (exists, is a bridge), that the tap is free
 * (no master, no vmnet record), count the caller's taps under the vmnet
 * lock when the ACL sets max-taps, then send ONE RTM_NEWLINK that sets the
 * tap's MAC (first byte 0xFE, so the bridge never adopts the tap's address
 * as its own and the tap never equals the VM's MAC), its MTU (the
 * bridge's, so the bridge's MTU does not drop), the record, the master and
 * IFF_UP. If the kernel rejects it part-way, run_fail() restores the
 * values read before.
 *
 * Detach: two messages, each safe to crash after: first release from the
 * bridge, then restore MAC, MTU, up/down and remove the record. A crash in
 * between leaves the record, so the next vmnet-ifdown or "vmnetctl gc"
 * finishes the job.
 */
#include "attach.h"

#include <errno.h>
#include <netlink/errno.h>
#include <stdio.h>
#include <string.h>

#include "fw.h"
#include "lock.h"

#define LOCK_TIMEOUT_MS 10000

struct count_ctx {
	uid_t uid;
	unsigned n;
};

static int count_cb(const struct link_info *l, void *arg)
{
	struct count_ctx *c = arg;
	struct rec rec;

	if (!strcmp(l->kind, "tun") && rec_is_ours(l->alias) &&
	    !rec_parse(l->alias, &rec) && rec.uid == c->uid)
		c->n++;
	return 0;
}

/**
 * attach_count_taps() - how many taps carry a vmnet record for @uid
 * @sk:		socket
 * @uid:	owner
 * @count:	result
 *
 * Return: 0 or -NLE_*
 */
int attach_count_taps(struct nl_sock *sk, uid_t uid, unsigned *count)
{
	struct count_ctx c = { .uid = uid };
	int rc = link_dump(sk, count_cb, &c);

	*count = c.n;
	return rc;
}

static void take_lock(struct run *r)
{
	int rc;

	if (r->lock)
		return;
	rc = lock_take(&r->lock, r->id.uid, LOCK_TIMEOUT_MS);
	if (rc == -ETIMEDOUT)
		run_fail(r, "another vmnet run of this user held the lock for "
			    "more than %d s; try again", LOCK_TIMEOUT_MS / 1000);
	if (rc)
		run_fail(r, "cannot take the vmnet lock: %s", strerror(-rc));
}

static void check_quota(struct run *r, const struct acl_decision *d)
{
	unsigned n;
	int rc;

	take_lock(r);
	rc = attach_count_taps(r->sk, r->id.uid, &n);
	if (rc < 0)
		run_fail(r, "cannot count taps: %s", nl_geterror(rc));
	if (n >= d->max_taps)
		run_fail(r, "%s already has %u tap%s attached, the limit of "
			    "max-taps=%u (%s:%u)",
			 r->user[0] ? r->user : "the caller", n,
			 n == 1 ? "" : "s", d->max_taps,
			 acl_rule_file(&r->acl, d->rule), d->rule->line);
}

/*
 * Anti-spoofing (and, for wlan, address) elements go in BEFORE the tap
 * joins the bridge (and leave after it left, in detach_tap). The tap joins
 * in the network's interface group, and the bridge drops frames from a
 * port in that group that has no elements, so no crash, and no concurrent
 * "vmnetctl gc", can leave a port that is not checked.
 */
static void add_fw(struct run *r, const struct conf_network *net)
{
	char what[96];
	int rc;

	if (r->tap.group != 0)
		run_fail(r, "tap is in interface group %u; vmnet attaches only "
			    "taps in group 0 to %s networks",
			 (unsigned)r->tap.group, conf_mode_name(net->mode));
	rc = fw_vm_add(net, r->ifname, r->env.has_mac ? r->env.mac : NULL,
		       r->env.has_ip ? &r->env.ip : NULL,
		       what, sizeof(what));
	if (rc == -EADDRNOTAVAIL || rc == -EADDRINUSE) {
		char ip[16];

		val_ipv4_str(r->env.ip, ip);
		run_fail(r, "VMNET_IP %s is %s", ip,
			 rc == -EADDRINUSE ? "in use by another VM" :
					     "the host's or the gateway's "
					     "address");
	}
	if (rc == -ENOENT)
		run_fail(r, "network '%s' is not up: its firewall state is "
			    "missing (run 'vmnetctl up %s')", net->name,
			 net->name);
	if (rc)
		run_fail(r, "cannot add anti-spoofing state%s%s: %s",
			 what[0] ? " at " : "", what, strerror(-rc));
	r->fw_net = net;
}

/**
 * attach_tap() - attach the proven tap to the decided network's bridge
 * @r:	run, after run_prove_tap()
 * @d:	an allow decision
 */
void attach_tap(struct run *r, const struct acl_decision *d)
{
	const struct conf_network *net = d->net;
	char alias[REC_MAX + 1];
	struct link_info br;
	struct link_delta c;
	struct rec rec;
	int rc;

	rc = link_get(r->sk, 0, net->bridge, &br);
	if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV)
		run_fail(r, "bridge %s of network '%s' does not exist (run "
			    "'vmnetctl up %s')", net->bridge, net->name,
			 net->name);
	if (rc < 0)
		run_fail(r, "cannot read bridge %s: %s", net->bridge,
			 nl_geterror(rc));
	if (strcmp(br.kind, "bridge"))
		run_fail(r, "%s of network '%s' is not a bridge", net->bridge,
			 net->name);
	if (rec_is_ours(r->tap.alias))
		run_fail(r, "already attached by vmnet (run vmnet-ifdown "
			    "first)");
	if (r->tap.master)
		run_fail(r, "already a port of another device (ifindex %d)",
			 r->tap.master);
	if (!r->tap.has_mac)
		run_fail(r, "tap has no MAC address");
	if (d->max_taps)
		check_quota(r, d);
	if (net->mode != CONF_BRIDGED)
		add_fw(r, net);

	memset(&rec, 0, sizeof(rec));
	if (VAL_COPY(rec.network, net->name))
		run_fail(r, "network name too long for the record");
	rec.uid = r->id.uid;
	rec.has_mac = r->env.has_mac;
	memcpy(rec.mac, r->env.mac, 6);
	rec.has_ip = r->env.has_ip;
	rec.ip = r->env.ip;
	rec.orig_mtu = r->tap.mtu;
	memcpy(rec.orig_mac, r->tap.mac, 6);
	rec.orig_up = r->tap.flags & IFF_UP;
	if (rec_format(&rec, alias, sizeof(alias)))
		run_fail(r, "state record does not fit in the alias");

	r->undo = attach_undo(&rec, true);
	c = (struct link_delta){
		.set_mtu = true, .mtu = br.mtu,
		.set_mac = true,
		.set_master = true, .master = br.ifindex,
		.set_up = true, .up = true,
		.alias = alias,
	};
	if (net->mode != CONF_BRIDGED) {
		c.set_group = true;
		c.group = conf_port_group(net->name);
		r->undo.set_group = true;
		r->undo.group = 0;
	}
	memcpy(c.mac, r->tap.mac, 6);
	c.mac[0] = 0xfe;
	r->changed = true;
	rc = link_apply(r->sk, r->tap.ifindex, &c);
	if (rc < 0)
		run_fail(r, "cannot attach to bridge %s: %s", net->bridge,
			 nl_geterror(rc));
	r->changed = false;	/* committed: from here on it is ifdown's */
	r->fw_net = NULL;
}

/**
 * attach_undo() - the change that puts a tap back as its record says
 * @rec:	the record (original MTU, MAC, up/down), or NULL if it is
 *		damaged: then only the record itself is removed
 * @release:	also leave the bridge, in the same message
 *
 * Return: the change, for link_apply()
 */
struct link_delta attach_undo(const struct rec *rec, bool release)
{
	struct link_delta c = {
		.set_master = release, .master = 0,
		.alias = "",
	};

	if (rec) {
		c.set_mtu = true;
		c.mtu = rec->orig_mtu;
		c.set_mac = true;
		memcpy(c.mac, rec->orig_mac, 6);
		c.set_up = true;
		c.up = rec->orig_up;
	}
	return c;
}

/**
 * attach_release_restore() - detach a tap in two steps, each safe to
 * crash after: leave the bridge, then restore the tap and drop the record
 * @sk:		socket
 * @t:		the tap as read from the kernel
 * @rec:	its record, or NULL if damaged
 * @step:	on failure, which step failed (for messages)
 *
 * Return: 0 or -NLE_*
 */
int attach_release_restore(struct nl_sock *sk, const struct link_info *t,
			   const struct rec *rec, const char **step)
{
	struct link_delta c = { .set_master = true, .master = 0 };
	int rc;

	if (t->master) {
		*step = "cannot release from the bridge";
		rc = link_apply(sk, t->ifindex, &c);
		if (rc < 0)
			return rc;
	}
	*step = "cannot restore the tap";
	c = attach_undo(rec, false);
	if ((t->group & CONF_GROUP_MASK) == CONF_GROUP_BASE) {
		c.set_group = true;	/* it was 0 before the attach */
		c.group = 0;
	}
	return link_apply(sk, t->ifindex, &c);
}

/**
 * detach_tap() - undo attach_tap() for a tap that carries @rec
 * @r:		run, after run_prove_tap()
 * @rec:	the tap's record
 */
void detach_tap(struct run *r, struct rec *rec)
{
	const struct conf_network *net = conf_find(&r->conf, rec->network);
	char what[96];
	const char *step;
	int rc;

	rc = attach_release_restore(r->sk, &r->tap, rec, &step);
	if (rc < 0)
		run_fail(r, "%s: %s", step, nl_geterror(rc));
	/* After leaving the bridge: see add_fw(). */
	if (net && net->mode != CONF_BRIDGED) {
		rc = fw_vm_del(net, r->ifname, rec->has_mac ? rec->mac : NULL,
			       what, sizeof(what));
		if (rc)
			run_fail(r, "detached, but cannot remove its "
				    "anti-spoofing state%s%s: %s (run "
				    "'vmnetctl gc')", what[0] ? " at " : "",
				 what, strerror(-rc));
	}
}
