// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ovnnet.c - an OVN network as a whole (see ovn.c): its logical switch
 * ("up", "down"), and what "check" compares with vmnet's promise.
 */
#include "ovn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach.h"
#include "lock.h"
#include "slots.h"

/* The value of the switch's external_ids:vmnet-network ("" when none),
 * or -ENOENT when there is no such switch. */
static int switch_owner(const struct conf_network *n, char *owner,
			size_t size, char *why, size_t wsize)
{
	char nb[OVN_DB_ARG_MAX], out[128];
	const char *list[] = {
		OVN_NBCTL, nb, "--timeout=10", "--bare", "--columns=name",
		"find", "Logical_Switch", NULL, NULL,
	};
	const char *get[] = {
		OVN_NBCTL, nb, "--timeout=10", "--if-exists", "get",
		"Logical_Switch", n->ovn_switch, "external_ids:vmnet-network",
		NULL,
	};
	char cond[CONF_OVN_NAME_MAX + 8];
	int rc;

	ovn_db_arg(n->ovn_nb, nb);
	snprintf(cond, sizeof(cond), "name=%s", n->ovn_switch);
	list[7] = cond;
	rc = ovn_run(list, out, sizeof(out), why, wsize);
	if (rc)
		return rc;
	if (!out[0])
		return -ENOENT;
	rc = ovn_run(get, owner, size, why, wsize);
	ovn_unquote(owner);
	return rc;
}

/**
 * ovn_is_up() - whether network @n's logical switch exists as vmnet's
 */
bool ovn_is_up(const struct conf_network *n)
{
	char owner[64], why[256], chassis[OVN_ID_MAX + 1], key[OVN_ID_MAX + 48],
	     nb[OVN_DB_ARG_MAX], out[64];
	const char *get[] = {
		OVN_NBCTL, nb, "--timeout=10", "--if-exists", "get",
		"Logical_Switch", n->ovn_switch, key, NULL,
	};

	if (switch_owner(n, owner, sizeof(owner), why, sizeof(why)) ||
	    strcmp(owner, n->name) || ovn_chassis(n, chassis, why, sizeof(why)))
		return false;
	ovn_db_arg(n->ovn_nb, nb);
	snprintf(key, sizeof(key), "external_ids:vmnet-up-%s", chassis);
	return !ovn_run(get, out, sizeof(out), why, sizeof(why)) &&
	       !strcmp(out, "\"true\"");
}

static void run_or_die(const struct conf_network *n, const char *const *argv,
		       char *out, size_t size)
{
	char why[256];

	if (ovn_run(argv, out, size, why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
}

/* With "address": OVN's subnet (dynamic addresses, the router's excluded)
 * and native DHCP, the router option naming that address. */
static void up_dhcp(const struct conf_network *n, const char *nb)
{
	char addr[INANY_STRLEN], net[INANY_STRLEN + 4], sub[80], excl[80],
	     uuid[64], why[256], mac[18], cidr[80], ext[CONF_OVN_NAME_MAX + 40],
	     o_router[80], o_server[80], o_mac[40], o_mtu[32];
	struct inany_range r;
	const char *set_ls[] = {
		OVN_NBCTL, nb, "--timeout=10", "set", "Logical_Switch",
		n->ovn_switch, sub, excl, NULL,
	};
	const char *create[] = {
		OVN_NBCTL, nb, "--timeout=10", "create", "DHCP_Options", cidr,
		ext, NULL,
	};
	const char *set_opt[] = {
		OVN_NBCTL, nb, "--timeout=10", "set", "DHCP_Options", uuid,
		"options:lease_time=3600", o_router, o_server, o_mac, o_mtu,
		NULL,
	};

	inany_str(&n->address.addr, addr);
	inany_prefix_range(&n->address, &r);
	inany_str(&r.lo, net);
	snprintf(sub, sizeof(sub), "other_config:subnet=%s/%u", net,
		 n->address.len);
	snprintf(excl, sizeof(excl), "other_config:exclude_ips=%s", addr);
	snprintf(cidr, sizeof(cidr), "cidr=%s/%u", net, n->address.len);
	snprintf(ext, sizeof(ext), "external_ids:vmnet-switch=%s",
		 n->ovn_switch);
	ovn_server_mac(n, mac);
	snprintf(o_router, sizeof(o_router), "options:router=%s", addr);
	snprintf(o_server, sizeof(o_server), "options:server_id=%s", addr);
	snprintf(o_mac, sizeof(o_mac), "options:server_mac=\"%s\"", mac);
	snprintf(o_mtu, sizeof(o_mtu), "options:mtu=%u", n->mtu);
	run_or_die(n, set_ls, NULL, 0);
	if (ovn_dhcp_uuid(n, uuid, sizeof(uuid), why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
	if (!uuid[0])
		run_or_die(n, create, uuid, sizeof(uuid));
	run_or_die(n, set_opt, NULL, 0);
}

/**
 * ovn_up() - bring OVN network @n up, or repair it: its logical switch
 * (made, or checked to be vmnet's for this network), its subnet and
 * DHCP options; the integration bridge must exist
 */
void ovn_up(struct ctl *c, const struct conf_network *n)
{
	char nb[OVN_DB_ARG_MAX], db[OVN_DB_ARG_MAX], owner[64], why[256], ext[64],
	     mine[OVN_ID_MAX + 48];
	const char *br[] = {
		OVN_VSCTL, db, "--timeout=10", "br-exists", n->bridge, NULL,
	};
	const char *add[] = {
		OVN_NBCTL, nb, "--timeout=10", "--may-exist", "ls-add",
		n->ovn_switch, "--", "set", "Logical_Switch", n->ovn_switch,
		ext, mine, NULL,
	};
	char chassis[OVN_ID_MAX + 1];
	int rc;

	(void)c;
	ovn_db_arg(n->ovn_nb, nb);
	ovn_db_arg(n->ovn_ovsdb, db);
	if (ovn_chassis(n, chassis, why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
	if (ovn_run(br, NULL, 0, why, sizeof(why)))
		ctl_die("%s: integration bridge %s does not exist in %s",
			n->name, n->bridge, n->ovn_ovsdb);
	rc = switch_owner(n, owner, sizeof(owner), why, sizeof(why));
	if (rc && rc != -ENOENT)
		ctl_die("%s: %s", n->name, why);
	if (!rc && strcmp(owner, n->name))
		ctl_die("%s: logical switch %s exists and is not this "
			"network's (external_ids:vmnet-network is '%s'); vmnet "
			"does not take a switch over", n->name, n->ovn_switch,
			owner);
	snprintf(ext, sizeof(ext), "external_ids:vmnet-network=%s", n->name);
	snprintf(mine, sizeof(mine), "external_ids:vmnet-up-%s=true", chassis);
	run_or_die(n, add, NULL, 0);
	if (n->has_address)
		up_dhcp(n, nb);
	if (n->lan_block)
		ovn_lan_up(n, chassis);
}

/* This chassis's taps of @n: refused without @force, else each unbound
 * and detached under its user's lock. */
static void down_taps(struct ctl *c, const struct conf_network *n,
		      bool force)
{
	size_t i, taps = 0;
	char why[256];

	ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		struct rec rec;

		taps += ctl_tap_of(&c->links[i], n->name, &rec);
	}
	if (taps && !force)
		ctl_die("%s: %zu tap%s still attached; detach them or use "
			"--force", n->name, taps, taps == 1 ? " is" : "s are");
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct taps_stats st = { 0 };
		const char *step;
		struct lock lk;
		struct rec rec;

		if (!ctl_tap_of(t, n->name, &rec))
			continue;
		if (!taps_lock(c, &lk, rec.uid, t->name, &st))
			ctl_die("%s: a vmnet run of uid %u holds its lock; "
				"try again", n->name, (unsigned)rec.uid);
		if (ovn_unbind(n, t->name, t->ifindex, why, sizeof(why)))
			ctl_die("%s: %s: %s", n->name, t->name, why);
		if (attach_release_restore(c->sk, t, &rec, &step))
			ctl_die("%s: %s: %s", n->name, t->name, step);
		slots_del(c->nft, rec.uid, t->ifindex);
		lock_release(&lk);
		printf("%s: detached %s\n", n->name, t->name);
	}
}

/* Whether lsp-list's lines @list name a port other than vmnet's router
 * port @rp ("(NAME)"). */
static bool other_port(const char *list, const char *rp)
{
	const char *l;

	for (l = list; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : "") {
		const char *end = strchr(l, '\n');
		size_t len = end ? (size_t)(end - l) : strlen(l);

		if (len && !(len >= strlen(rp) &&
			     !strncmp(l + len - strlen(rp), rp, strlen(rp))))
			return true;
	}
	return false;
}

/**
 * ovn_down() - take OVN network @n down on this chassis: its taps
 * unbound and detached (with @force; else refused while there are any),
 * its left-overs removed; the logical switch and its DHCP options go
 * when no port of any chassis is left on it
 */
void ovn_down(struct ctl *c, const struct conf_network *n, bool force)
{
	static char ports[8192];
	char nb[OVN_DB_ARG_MAX], uuid[64], why[256], cond[96],
	     chassis[OVN_ID_MAX + 1], key[OVN_ID_MAX + 16], ext[1024],
	     rp[CONF_OVN_NAME_MAX + 16];
	const char *lp[] = {
		OVN_NBCTL, nb, "--timeout=10", "lsp-list", n->ovn_switch, NULL,
	};
	const char *leave[] = {
		OVN_NBCTL, nb, "--timeout=10", "--if-exists", "remove",
		"Logical_Switch", n->ovn_switch, "external_ids", key, NULL,
	};
	const char *lext[] = {
		OVN_NBCTL, nb, "--timeout=10", "--bare",
		"--columns=external_ids", "find", "Logical_Switch", cond, NULL,
	};
	const char *del[] = {
		OVN_NBCTL, nb, "--timeout=10", "--if-exists", "ls-del",
		n->ovn_switch, NULL,
	};
	const char *ddel[] = {
		OVN_NBCTL, nb, "--timeout=10", "dhcp-options-del", uuid, NULL,
	};
	ovn_db_arg(n->ovn_nb, nb);
	down_taps(c, n, force);
	ovn_gc(c, n);
	if (ovn_chassis(n, chassis, why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
	snprintf(key, sizeof(key), "vmnet-up-%s", chassis);
	snprintf(cond, sizeof(cond), "name=%s", n->ovn_switch);
	run_or_die(n, leave, NULL, 0);
	run_or_die(n, lext, ext, sizeof(ext));
	run_or_die(n, lp, ports, sizeof(ports));
	snprintf(rp, sizeof(rp), "(%s-vmnet-rp)", n->ovn_switch);
	if (strstr(ext, "vmnet-up-") || other_port(ports, rp)) {
		printf("%s: down on this chassis (logical switch %s stays: "
		       "other chassis have it up)\n", n->name, n->ovn_switch);
		return;
	}
	if (n->lan_block)
		ovn_lan_down(n);
	if (n->has_address && !ovn_dhcp_uuid(n, uuid, sizeof(uuid), why,
					  sizeof(why)) && uuid[0])
		run_or_die(n, ddel, NULL, 0);
	run_or_die(n, del, NULL, 0);
	printf("%s: down (logical switch %s deleted)\n", n->name,
	       n->ovn_switch);
}

/**
 * ovn_verify() - what OVN holds for OVN network @n against vmnet's
 * promise, one problem each: every tap of this chassis recorded for @n
 * bound to its logical port, whose addresses and port security hold the
 * VM to the record's MAC (and address)
 * @c:	the run (links read)
 * @n:	an OVN network that is up
 * @p:	result
 *
 * Return: 0
 */
int ovn_verify(struct ctl *c, const struct conf_network *n,
	       struct fw_problems *p)
{
	size_t i;

	if (n->lan_block)
		ovn_lan_check(n, p);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		char mac[18], ip[INANY_STRLEN], want[80];
		struct ovn_port op;
		struct rec rec;

		if (!ctl_tap_of(t, n->name, &rec) || !rec.has_fw ||
		    rec.fw != CONF_FW_OVN)
			continue;
		if (ovn_port_read(n, t, &op)) {
			fw_problem(p, "cannot read OVS or OVN for tap %s",
				   t->name);
			continue;
		}
		val_mac_str(rec.mac, mac);
		inany_str(&rec.ip, ip);
		snprintf(want, sizeof(want), "%s%s%s", mac,
			 rec.has_ip ? " " : "", rec.has_ip ? ip : "");
		if (!op.bound)
			fw_problem(p, "tap %s is not bound to logical port %s",
				   t->name, op.lsp);
		else if (!op.addresses[0])
			fw_problem(p, "logical port %s of tap %s is missing",
				   op.lsp, t->name);
		else if (strncmp(op.security, want, strlen(want)) ||
			 (op.security[strlen(want)] &&
			  (rec.has_ip || !n->has_address)))
			fw_problem(p, "logical port %s's port security is "
				   "'%s', not '%s'", op.lsp, op.security,
				   want);
		else if (!op.up)
			fw_problem(p, "logical port %s is not up in OVN",
				   op.lsp);
	}
	return 0;
}
