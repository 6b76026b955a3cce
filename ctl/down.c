// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * down.c - "vmnetctl down NETWORK|--all [--force]": take networks down.
 *
 * Refused while taps are attached, unless --force: then the lock of
 * every user with a tap there is taken first, all of them or none (a
 * user's run holding theirs makes it refuse with nothing changed), and
 * every vmnet tap is detached under them (taps.c). Then dnsmasq stops,
 * the nf_tables state and the LAN block's filters go, and the bridge and
 * veth pair vmnet created are deleted; an administrator's bridge stays.
 * The kept-down marker comes last: a down that fails half-way leaves the
 * network for vmnetd to bring back, never unguarded and kept down.
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"
#include "dnsmasq.h"
#include "lanbpf.h"
#include "linkadm.h"
#include "lock.h"
#include "ovn.h"

/* The interfaces still attached to @br that "down" would cut off: on a
 * bridge vmnet created, every port but its veth; on the administrator's
 * bridge, vmnet's taps only. */
static size_t ports_of(struct ctl *c, const struct conf_network *n,
		       const struct link_info *br,
		       const struct link_info *veth, bool owned)
{
	size_t i, ports = 0;

	for (i = 0; br && i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;

		if (t->master != br->ifindex || t == veth)
			continue;
		ports += owned || ctl_tap_of(t, n->name, &rec);
	}
	return ports;
}

static void delete_link(struct ctl *c, const struct conf_network *n,
			const struct link_info *l)
{
	int rc = link_delete(c->sk, l->ifindex);

	if (rc < 0)
		ctl_die("%s: cannot delete %s: %s", n->name, l->name,
			strerror(-rc));
}

/* The LAN block's filters on the bridge, the wlan filter on the uplink. */
static void remove_filters(struct ctl *c, const struct conf_network *n,
			   const struct link_info *br)
{
	const struct mode_desc *d = mode_of(n);
	const struct link_info *up;

	if (br && d->bpf_second_line && lanbpf_remove(br->ifindex))
		ctl_die("%s: cannot remove the LAN block's filters", n->name);
	lanbpf_forget(n->name);
	if (d->mac_nat && (up = ctl_link(c, n->uplink)) &&
	    lanbpf_remove(up->ifindex))
		ctl_die("%s: cannot remove the filter on %s", n->name,
			n->uplink);
}

static void down_one(struct ctl *c, const struct conf_network *n, bool force)
{
	const struct mode_desc *d = mode_of(n);
	bool owned = d->owns_bridge;
	const struct link_info *br, *veth = NULL;
	static struct lock locks[TAPS_MAX_USERS];
	struct taps_stats st = { 0 };
	char what[96], err[256], vs[IFNAMSIZ], us[IFNAMSIZ];
	size_t ports, nlocks = 0;
	uid_t busy = 0;
	int rc;

	if (d->port == PORT_OVN) {	/* nothing in the kernel but taps */
		ovn_down(c, n, force);
		ctl_intent(n, false);	/* last, as below */
		return;
	}
	ctl_read_links(c);
	br = ctl_link(c, n->bridge);
	if (d->has_veth) {
		conf_wlan_veth(n, vs, us);
		veth = ctl_link(c, vs);
		if (veth && !ctl_our_veth(veth, n))
			ctl_die("%s: %s was not created by vmnet; not removing "
				"it", n->name, vs);
	}
	if (br && owned && !ctl_our_bridge(br, n))
		ctl_die("%s: %s was not created by vmnet; not removing it",
			n->name, n->bridge);
	ports = ports_of(c, n, br, veth, owned);
	if (ports && !force)
		ctl_die("%s: %zu interface%s still attached to %s; detach them "
			"or use --force", n->name, ports,
			ports == 1 ? " is" : "s are", n->bridge);
	/* All or nothing: every user's lock first, or nothing changes. */
	if (!taps_lock_users(c, n, br ? br->ifindex : -1, locks, &nlocks,
			     &busy))
		ctl_die("%s: a vmnet run of uid %u holds its lock; nothing was "
			"changed; try again", n->name, (unsigned)busy);
	taps_detach(c, n, br ? br->ifindex : -1, &st);
	if (d->runs_dnsmasq) {
		rc = dnsmasq_down(n, err, sizeof(err));
		if (rc)
			ctl_die("%s: %s", n->name, err);
	}
	rc = fw_down(c->nft, n, what, sizeof(what));
	if (rc)
		ctl_die("%s: cannot remove the nf_tables state%s%s: %s", n->name,
			what[0] ? " at " : "", what, strerror(-rc));
	remove_filters(c, n, br);
	if (veth)
		delete_link(c, n, veth);
	if (br && owned)
		delete_link(c, n, br);
	ctl_leases_forget(n);
	ctl_intent(n, false);	/* last: vmnetd keeps it down from here on */
	taps_unlock_all(locks, &nlocks);
	if (!owned)
		printf("%s: down (bridge %s belongs to the administrator and "
		       "stays)\n", n->name, n->bridge);
	else
		printf("%s: down\n", n->name);
}

/* "down NETWORK|--all [--force]" */
int cmd_down(struct ctl *c, int argc, char **argv)
{
	bool all = false, force = false;
	const char *name = NULL;
	size_t i;
	int k;

	for (k = 0; k < argc; k++) {
		if (!strcmp(argv[k], "--all"))
			all = true;
		else if (!strcmp(argv[k], "--force"))
			force = true;
		else if (argv[k][0] != '-' && !name)
			name = argv[k];
		else
			ctl_die("down: unexpected argument '%s'", argv[k]);
	}
	if (all == !!name)
		ctl_die("down: give one NETWORK or --all");
	ctl_need_root();
	ctl_load(c);
	if (name)
		ctl_network(c, name);
	ctl_open(c);
	ctl_admin_lock();
	if (name) {
		down_one(c, ctl_network(c, name), force);
		taps_slots_tidy(c, true);
		return 0;
	}
	for (i = 0; i < c->conf.n; i++)
		down_one(c, &c->conf.nets[i], force);
	taps_slots_tidy(c, true);
	return 0;
}
