// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * attach.c - the attach and detach of one tap.
 *
 * The link work that depends on what a tap joins (a Linux bridge today)
 * is the port backend's (port.h); this file orders the steps.
 *
 * Attach, under the caller's lock: check the bridge (exists, is a bridge,
 * and for a bridged network not one of vmnet's own), re-read the tap by
 * ifindex (it may have changed while we waited for the lock) and check it
 * is free (no master, no vmnet record), count the caller's taps when the
 * ACL sets max-taps, add the port's firewall elements (guarded networks),
 * then:
 *   1. ONE RTM_NEWLINK sets the tap's MAC (first byte 0xFE, so the bridge
 *      never adopts the tap's address as its own and the tap never equals
 *      the VM's MAC), its MTU (the bridge's, so the bridge's MTU does not
 *      drop), the network's interface group, the record and the master;
 *      on a guarded network the tap stays down;
 *   2. guarded networks: BPDU guard and root block on the new port;
 *   3. guarded networks: the tap goes up.
 * Until 3, a VM cannot send (a tap that is down drops what QEMU writes);
 * a crash between the steps leaves the record, so vmnet-ifdown or
 * "vmnetctl gc" finishes the job. A failure restores what this run did.
 *
 * Detach, under the lock of the user the record names: two messages,
 * each safe to crash after: first release from the bridge, then restore
 * MAC, MTU, group, up/down and remove the record (releasing again in the
 * same message: a port's group is never reset while it is on a bridge).
 * Then the port's elements go, as the record's firewall kind says, not
 * the network's current configuration.
 */
#include "attach.h"

#include <errno.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <string.h>

#include "fw/vm.h"
#include "ovnreq.h"
#include "port.h"
#include "slots.h"
#include "tcrate.h"
#include "tcseal.h"
#include "verdict.h"

/**
 * attach_counts_for() - whether link @l counts toward @uid's max-taps: a
 * tap with a vmnet record of @uid (an adopted tap's owner is unknown: it
 * counts for nobody)
 * @l:		link
 * @uid:	user
 * @rec:	result: its record, when it counts
 */
bool attach_counts_for(const struct link_info *l, uid_t uid, struct rec *rec)
{
	return rec_tap_of(link_is_tap(l), l->alias, NULL, rec) &&
	       rec->via != REC_VIA_ADOPTED && rec->uid == uid;
}

/* The tap, read again by ifindex under the lock, may still be attached
 * (see attach_verdict()). */
static void check_tap(struct run *r, const struct acl_decision *d)
{
	struct attach_facts f = {
		.proven = r->ifname, .max_taps = d->max_taps,
	};
	char why[320];
	int rc;

	rc = link_get(r->sk, r->tap.ifindex, NULL, &r->tap);
	if (rc < 0)
		run_fail(r, "the tap went away: %s", strerror(-rc));
	f.name = r->tap.name;
	f.alias = r->tap.alias;
	f.master = r->tap.master;
	f.has_mac = r->tap.has_mac;
	if (d->max_taps) {
		run_nft(r);
		rc = slots_count(r->nft, r->sk, r->id.uid, d->max_taps,
				 &f.taps);
		if (rc < 0)
			run_fail(r, "cannot count taps: %s", strerror(-rc));
	}
	switch (attach_verdict(&f)) {
	case ATTACH_OK:
		return;
	case ATTACH_RENAMED:
		run_fail(r, "the tap was renamed to %s meanwhile", f.name);
	case ATTACH_RECORDED:
		run_fail(r, "already attached by vmnet (run vmnet-ifdown "
			    "first)");
	case ATTACH_ENSLAVED:
		run_fail(r, "already a port of another device (ifindex %d)",
			 f.master);
	case ATTACH_NO_MAC:
		run_fail(r, "tap has no MAC address");
	case ATTACH_QUOTA:
		acl_quota_full(&r->acl, d, r->user[0] ? r->user : NULL, f.taps,
			       why, sizeof(why));
		run_fail(r, "%s", why);
	}
}

/* Fail with the one line that says why the port may not have its
 * elements. */
static void refusal_fail(struct run *r, enum fw_vm_refusal refused,
			 const char *net)
{
	char mac[18], ip[INANY_STRLEN], ip6[INANY_STRLEN];

	val_mac_str(r->env.mac, mac);
	inany_str(&r->env.ip, ip);
	inany_str(&r->env.ip6, ip6);
	switch (refused) {
	case FW_VM_OK:
		break;
	case FW_VM_NOT_UP:
		run_fail(r, "network '%s' is not up: its firewall state is "
			    "missing (run 'vmnetctl up %s')", net,
			 net);
	case FW_VM_MAC_USED:
		run_fail(r, "MAC %s is in use by another VM of network '%s'",
			 mac, net);
	case FW_VM_MAC_RESERVED:
		run_fail(r, "MAC %s is the host's, the network's or another "
			    "machine's on the LAN; a VM may not use it", mac);
	case FW_VM_IP_USED:
		run_fail(r, "VMNET_IP %s is in use by another VM", ip);
	case FW_VM_IP_RESERVED:
		run_fail(r, "VMNET_IP %s is the host's or the gateway's "
			    "address", ip);
	case FW_VM_IP_LEASED:
		run_fail(r, "VMNET_IP %s is leased to another VM by the DHCP "
			    "server", ip);
	case FW_VM_IP_LAN:
		run_fail(r, "VMNET_IP %s is in use by another machine on the "
			    "LAN (seen in the last %u minutes)", ip,
			 (unsigned)(FW_LANIP_TIMEOUT_MS / 60000));
	case FW_VM_IP6_USED:
		run_fail(r, "VMNET_IP6 %s is in use by another VM", ip6);
	case FW_VM_IP6_RESERVED:
		run_fail(r, "VMNET_IP6 %s is the host's or a gateway's address",
			 ip6);
	case FW_VM_IP6_OUTSIDE:
		run_fail(r, "VMNET_IP6 %s is outside network '%s''s IPv6 "
			    "prefixes", ip6, net);
	case FW_VM_IP6_LAN:
		run_fail(r, "VMNET_IP6 %s is in use by another machine on the "
			    "LAN (seen in the last %u minutes)", ip6,
			 (unsigned)(FW_LANIP_TIMEOUT_MS / 60000));
	}
}

/*
 * The port's elements go in BEFORE the tap joins the bridge (and leave
 * after it left, in detach_tap). The tap joins in the network's interface
 * group, and the bridge drops frames from a port in that group that has
 * no elements, so no crash, and no concurrent "vmnetctl gc", can leave a
 * port that is not checked.
 */
static void add_fw(struct run *r, const struct acl_decision *d,
		   const struct fw_net *fn)
{
	const struct conf_network *net = d->net;
	struct fw_vm v = {
		.ifindex = r->tap.ifindex, .uid = r->id.uid,
		.has_mac = r->env.has_mac, .has_ip = r->env.has_ip,
		.ip = r->env.ip, .has_ip6 = r->env.has_ip6, .ip6 = r->env.ip6,
		.conns = d->max_conns,
	};

	enum fw_vm_refusal refused;
	char what[96];
	int rc;

	snprintf(v.name, sizeof(v.name), "%s", r->tap.name);
	if (r->tap.group != 0)
		run_fail(r, "tap is in interface group %u; vmnet attaches only "
			    "taps in group 0 to guarded networks",
			 (unsigned)r->tap.group);
	memcpy(v.mac, r->env.mac, 6);
	run_nft(r);
	undo_fw(&r->undo, fn, r->tap.ifindex);
	rc = fw_vm_add(r->nft, fn, &v, &refused, what, sizeof(what));
	if (rc < 0)
		run_fail(r, "cannot add the port's firewall state%s%s: %s",
			 what[0] ? " at " : "", what, strerror(-rc));
	if (refused != FW_VM_OK)
		refusal_fail(r, refused, net->name);
}

/* The tap's half of the second line, before it joins (tcseal.c). */
static void add_seal(struct run *r)
{
	int rc;

	undo_seal(&r->undo, r->tap.ifindex);
	rc = tcseal_add(r->sk, r->tap.ifindex);
	if (rc < 0)
		run_fail(r, "cannot add the tap's seal filter: %s",
			 strerror(-rc));
}

/* The tap's bandwidth limit (ACL rate=), before it joins (tcrate.c). */
static void add_rate(struct run *r, unsigned kbit)
{
	int rc;

	undo_rate(&r->undo, r->tap.ifindex);
	rc = tcrate_add(r->sk, r->tap.ifindex, kbit, r->id.uid);
	if (rc < 0)
		run_fail(r, "cannot set the tap's rate limit: %s",
			 strerror(-rc));
}

/* The tap's slot, before it has a record (slots.c). */
static void add_slot(struct run *r)
{
	int rc;

	run_nft(r);
	undo_slot(&r->undo, r->id.uid, r->tap.ifindex);
	rc = slots_add(r->nft, r->id.uid, r->tap.ifindex);
	if (rc < 0)
		run_fail(r, "cannot register the tap in its user's slots: %s",
			 strerror(-rc));
}

/* What the tap joins: it exists and may be used (port.h). */
static void find_target(struct run *r, const struct conf_network *net,
			const struct port_ops *po, struct port_target *t)
{
	char why[256];

	if (po->target(r->sk, net, t, why, sizeof(why)))
		run_fail(r, "%s", why);
}

/* The tap's record: who attached it where, with what, and what to give
 * back on detach. */
static void make_record(struct run *r, const struct acl_decision *d,
			const struct fw_net *fn, struct rec *rec,
			char alias[REC_MAX + 1])
{
	const struct conf_network *net = d->net;

	memset(rec, 0, sizeof(*rec));
	if (VAL_COPY(rec->network, net->name))
		run_fail(r, "network name too long for the record");
	rec->uid = r->id.uid;
	rec->has_mac = r->env.has_mac;
	memcpy(rec->mac, r->env.mac, 6);
	rec->has_ip = r->env.has_ip;
	rec->ip = r->env.ip;
	rec->has_ip6 = r->env.has_ip6;
	rec->ip6 = r->env.ip6;
	rec->orig_mtu = r->tap.mtu;
	memcpy(rec->orig_mac, r->tap.mac, 6);
	rec->orig_up = r->tap.flags & IFF_UP;
	rec->has_fw = true;
	rec->fw = fn->kind;
	if (mode_of_kind(fn->kind)->routed)
		rec->conns = d->max_conns;
	rec->rate = d->rate;
	rec->via = r->via;
	if (rec_format(rec, alias, REC_MAX + 1))
		run_fail(r, "state record does not fit in the alias");
}

/* A guarded network's port joined down: hardened by the backend (a
 * bridge's: BPDU guard and root block), then up (see add_fw()). */
static void guard_port(struct run *r, const struct port_ops *po)
{
	struct link_delta up = { .set_up = true, .up = true };
	int rc;

	rc = po->harden(r->sk, r->tap.ifindex);
	if (rc < 0)
		run_fail(r, "cannot set BPDU guard and root block on the port: "
			    "%s", strerror(-rc));
	rc = link_apply(r->sk, r->tap.ifindex, &up);
	if (rc < 0)
		run_fail(r, "cannot bring the tap up: %s", strerror(-rc));
}

/* An OVN network's tap, recorded and down: vmnetd binds it to a logical
 * port (ovnreq.h), or has undone what it did when it refuses; then it
 * goes up. */
static void bind_ovn(struct run *r)
{
	struct link_delta up = { .set_up = true, .up = true };
	char line[300];
	int rc = ovnreq_call(OVNREQ_BIND, r->tap.ifindex, line, sizeof(line));

	if (rc < 0)
		run_fail(r, "%s", line);
	rc = link_apply(r->sk, r->tap.ifindex, &up);
	if (rc < 0)
		run_fail(r, "cannot bring the tap up: %s", strerror(-rc));
}

/* The change that puts a tap back as its record says (original MTU,
 * MAC, up/down) and removes the record; only the latter when the record
 * is damaged (@rec NULL). */
static struct link_delta restore_of(const struct rec *rec)
{
	struct link_delta c = { .alias = "" };

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
 * attach_tap() - attach the proven tap to the decided network's bridge
 * @r:	run, after run_prove_tap()
 * @d:	an allow decision
 */
void attach_tap(struct run *r, const struct acl_decision *d)
{
	const struct conf_network *net = d->net;
	const struct port_ops *po = port_ops_of(mode_of(net)->port);
	char alias[REC_MAX + 1];
	struct port_target t;
	struct link_delta c, undo;
	bool ovn = mode_of(net)->port == PORT_OVN;
	struct fw_net fn;
	struct rec rec;
	int rc;

	fw_net_of(net, &fn);
	if (ovn && !r->env.has_mac)
		run_fail(r, "network '%s' is OVN's, whose port security needs "
			    "the VM's MAC: set VMNET_MAC to QEMU's -device "
			    "mac=, or pin one MAC in the ACL", net->name);
	find_target(r, net, po, &t);
	run_lock(r, r->id.uid);
	/* What we proved may have changed while another run held the lock;
	 * the ifindex stays the identity. */
	check_tap(r, d);
	add_slot(r);
	if (fw_guarded(&fn)) {
		add_fw(r, d, &fn);
		add_seal(r);
	}
	if (d->rate)
		add_rate(r, d->rate);

	make_record(r, d, &fn, &rec, alias);

	undo = restore_of(&rec);
	c = (struct link_delta){
		.set_mac = true,
		.set_up = true, .up = !fw_guarded(&fn) && !ovn,
		.alias = alias,
	};
	po->join(net, &t, fw_guarded(&fn), &c, &undo);
	memcpy(c.mac, r->tap.mac, 6);
	c.mac[0] = 0xfe;
	undo_link(&r->undo, r->tap.ifindex, &undo);
	rc = link_apply(r->sk, r->tap.ifindex, &c);
	if (rc < 0)
		run_fail(r, "cannot attach to bridge %s: %s", t.name,
			 strerror(-rc));
	if (fw_guarded(&fn))
		guard_port(r, po);
	if (ovn)
		bind_ovn(r);
	undo_forget(&r->undo);	/* committed: from here on it is ifdown's */
}

/**
 * attach_release_restore() - detach a tap in two steps, each safe to
 * crash after: leave the bridge, then restore the tap and drop the record
 * (leaving again in that message, so that the group is never reset while
 * the tap is a port)
 * @sk:		socket
 * @t:		the tap as read from the kernel
 * @rec:	its record, or NULL if damaged
 * @step:	on failure, which step failed (for messages)
 *
 * Return: 0 or -errno
 */
int attach_release_restore(struct nl_sock *sk, const struct link_info *t,
			   const struct rec *rec, const char **step)
{
	const struct port_ops *po = port_ops_of(
		rec && rec->has_fw ? mode_of_kind(rec->fw)->port :
				     PORT_LINUX_BRIDGE);
	struct link_delta c = { 0 };
	int rc;

	if (po->is_port(t)) {
		*step = "cannot release from the bridge";
		po->leave(t, false, &c);
		rc = link_apply(sk, t->ifindex, &c);
		if (rc < 0)
			return rc;
	}
	*step = "cannot remove the tap's seal filter";
	rc = tcseal_del(sk, t->ifindex);
	if (rc < 0)
		return rc;
	*step = "cannot remove the tap's rate limit";
	rc = !rec || rec->rate ? tcrate_del(sk, t->ifindex) : 0;
	if (rc < 0)
		return rc;
	*step = "cannot restore the tap";
	c = restore_of(rec);
	po->leave(t, true, &c);
	return link_apply(sk, t->ifindex, &c);
}

/**
 * attach_fw_of() - the firewall state a record says its attach added
 * @rec:	a parsed record
 * @conf:	the configuration, for records of vmnet 0.1 (no fw= field)
 * @out:	result
 *
 * Return: true if the record's network had (or has) firewall state
 */
bool attach_fw_of(const struct rec *rec, const struct conf *conf,
		  struct fw_net *out)
{
	const struct conf_network *n;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", rec->network);
	if (rec->has_fw) {
		out->kind = rec->fw;
		return fw_guarded(out);
	}
	n = conf_find(conf, rec->network);
	if (!n)
		return false;
	fw_net_of(n, out);
	return fw_guarded(out);
}

/**
 * detach_tap() - undo attach_tap() for a tap that carries @rec
 * @r:		run, after run_prove_tap()
 * @rec:	the tap's record
 */
void detach_tap(struct run *r, struct rec *rec)
{
	char what[96];
	const char *step;
	struct fw_net fn;
	struct rec again;
	int rc;

	run_lock(r, rec->uid);
	rc = link_get(r->sk, r->tap.ifindex, NULL, &r->tap);
	if (rc < 0)
		run_fail(r, "the tap went away: %s", strerror(-rc));
	if (!rec_tap_of(link_is_tap(&r->tap), r->tap.alias, NULL, &again) ||
	    !rec_equal(&again, rec))
		run_fail(r, "the tap's vmnet record changed meanwhile; try "
			    "again");
	if (rec->has_fw && rec->fw == CONF_FW_OVN) {
		char line[300];

		rc = ovnreq_call(OVNREQ_UNBIND, r->tap.ifindex, line,
				 sizeof(line));
		if (rc < 0)
			run_fail(r, "%s", line);
	}
	rc = attach_release_restore(r->sk, &r->tap, rec, &step);
	if (rc < 0)
		run_fail(r, "%s: %s", step, strerror(-rc));
	/* After leaving the bridge: see add_fw(). */
	run_nft(r);
	if (attach_fw_of(rec, &r->conf, &fn)) {
		rc = fw_vm_del(r->nft, &fn, r->tap.ifindex, what, sizeof(what));
		if (rc)
			run_fail(r, "detached, but cannot remove its "
				    "firewall state%s%s: %s (run 'vmnetctl "
				    "gc')", what[0] ? " at " : "", what,
				 strerror(-rc));
	}
	/* (after the record: a slot left over only counts too high, until
	 * the next count at the limit or gc drops it) */
	slots_del(r->nft, rec->uid, r->tap.ifindex);
}

#define VANISHED_MAX 64

struct vanished_ctx {
	struct run *r;
	int ifindex[VANISHED_MAX];
	size_t n;
	unsigned others;
};

static int vanished_cb(int ifindex, uid_t uid, void *arg)
{
	struct vanished_ctx *v = arg;
	struct link_info l;
	int rc;

	if (!may_detach(uid, v->r->id.uid)) {
		v->others++;
		return 0;
	}
	rc = link_get(v->r->sk, ifindex, NULL, &l);
	if (rc == 0)
		return 0;	/* it exists, renamed: not this name's */
	if (rc != -ENODEV)
		return rc;
	if (v->n < VANISHED_MAX)
		v->ifindex[v->n++] = ifindex;
	return 0;
}

/**
 * detach_vanished() - vmnet-ifdown of a tap that no longer exists (libvirt
 * deletes a tap before it runs the downscript): remove the firewall
 * elements registered under the tap's name that the caller may detach
 * (its own; root: anyone's), in every guarded network (VMNET_NETWORK's
 * only, if set). The ifindex they are keyed by is gone and the kernel
 * never reuses it, so no run can be using them: no lock is needed.
 *
 * Return: how many ports' elements went
 */
unsigned detach_vanished(struct run *r)
{
	struct vanished_ctx v = { .r = r };
	unsigned removed = 0;
	char what[96];
	size_t i, k;
	int rc;

	run_nft(r);
	for (i = 0; i < r->conf.n; i++) {
		const struct conf_network *n = &r->conf.nets[i];
		struct fw_net fn;

		fw_net_of(n, &fn);
		if (!fw_guarded(&fn) ||
		    (r->env.has_network && strcmp(r->env.network, n->name)))
			continue;
		v.n = 0;
		rc = fw_vm_named(r->nft, &fn, r->ifname, vanished_cb, &v);
		if (rc)
			run_fail(r, "cannot read the firewall state of network "
				    "'%s': %s", n->name, strerror(-rc));
		for (k = 0; k < v.n; k++) {
			rc = fw_vm_del(r->nft, &fn, v.ifindex[k], what,
				       sizeof(what));
			if (rc)
				run_fail(r, "cannot remove the firewall state of "
					    "the vanished tap%s%s: %s",
					 what[0] ? " at " : "", what,
					 strerror(-rc));
			r->network = n->name;
			removed++;
		}
	}
	return removed;
}
