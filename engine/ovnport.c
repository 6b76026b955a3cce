// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ovnport.c - a tap's logical port and interface (see ovn.c): the bind
 * and unbind vmnetd serves on its request socket, and what is stale.
 */
#include "ovn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bind_args {
	char db[OVN_DB_ARG_MAX], nb[OVN_DB_ARG_MAX];
	char lsp[OVN_ID_MAX + 24], mac[18], addr[80], sec[80];
	char e_chassis[OVN_ID_MAX + 40], e_net[VAL_NETNAME_MAX + 40];
	char e_uid[48], e_ifx[48], iface_id[OVN_ID_MAX + 48];
	char dhcp[64];
};

/* The logical port, with its final addresses and port security. */
static int add_lsp(const struct conf_network *n, struct bind_args *b,
		   bool dynamic, char *why, size_t size)
{
	const char *argv[32] = {
		OVN_NBCTL, b->nb, "--timeout=10",
		"--", "lsp-add", n->ovn_switch, b->lsp,
		"--", "lsp-set-addresses", b->lsp, b->addr,
		"--", "lsp-set-port-security", b->lsp, b->sec,
		"--", "set", "Logical_Switch_Port", b->lsp, b->e_chassis,
		b->e_net, b->e_uid, b->e_ifx,
	};
	size_t k = 23;
	int rc;

	if (b->dhcp[0]) {
		argv[k++] = "--";
		argv[k++] = "lsp-set-dhcpv4-options";
		argv[k++] = b->lsp;
		argv[k++] = b->dhcp;
	}
	argv[k] = NULL;
	rc = ovn_run(argv, NULL, 0, why, size);
	if (rc == -EIO && strstr(why, "not found"))
		snprintf(why, size, "network '%s' is not up: its logical "
			 "switch %s is missing (run 'vmnetctl up %s')",
			 n->name, n->ovn_switch, n->name);
	else if (rc == -EIO && strstr(why, "already exists"))
		snprintf(why, size, "logical port %s exists already; vmnet "
			 "does not take a port over", b->lsp);
	if (rc || !dynamic)
		return rc;
	/* OVN chose the address: port security holds the VM to it. */
	{
		char out[128], ip[INANY_STRLEN];
		const char *get[] = {
			OVN_NBCTL, b->nb, "--timeout=10", "get",
			"Logical_Switch_Port", b->lsp, "dynamic_addresses", NULL,
		};
		const char *set[] = {
			OVN_NBCTL, b->nb, "--timeout=10", "lsp-set-port-security",
			b->lsp, b->sec, NULL,
		};
		union inany a;

		rc = ovn_run(get, out, sizeof(out), why, size);
		if (rc)
			return rc;
		ovn_unquote(out);
		if (strncmp(out, b->mac, 17) || out[17] != ' ' ||
		    inany_parse(out + 18, &a) || !inany_is_v4(&a)) {
			snprintf(why, size, "OVN gave logical port %s no "
				 "address (is the subnet of switch %s full?)",
				 b->lsp, n->ovn_switch);
			return -ENOSPC;
		}
		inany_str(&a, ip);
		snprintf(b->sec, sizeof(b->sec), "%s %s", b->mac, ip);
		return ovn_run(set, NULL, 0, why, size);
	}
}

/* The tap on the integration bridge, naming the logical port; refused
 * when an interface of this chassis names it already, or the tap is on
 * OVS already. */
static int add_iface(const struct conf_network *n, const char *tap,
		     struct bind_args *b, char *why, size_t size)
{
	char out[256];
	const char *find[] = {
		OVN_VSCTL, b->db, "--timeout=10", "--bare", "--columns=name",
		"find", "Interface", b->iface_id, NULL,
	};
	const char *add[] = {
		OVN_VSCTL, b->db, "--timeout=10", "--", "add-port", n->bridge,
		tap, "--", "set", "Interface", tap, b->iface_id, b->e_net,
		b->e_ifx, b->e_uid, NULL,
	};
	int rc = ovn_run(find, out, sizeof(out), why, size);

	if (rc)
		return rc;
	if (out[0]) {
		snprintf(why, size, "interface %.32s of this chassis is bound "
			 "to logical port %s already", out, b->lsp);
		return -EEXIST;
	}
	rc = ovn_run(add, NULL, 0, why, size);
	if (rc == -EIO && strstr(why, "already exists"))
		snprintf(why, size, "%s is on Open vSwitch already", tap);
	else if (rc == -EIO && strstr(why, "no bridge named"))
		snprintf(why, size, "integration bridge %s of network '%s' "
			 "does not exist", n->bridge, n->name);
	return rc;
}

static int wait_up(const struct conf_network *n, struct bind_args *b,
		   char *why, size_t size)
{
	char timeout[32];
	const char *argv[] = {
		OVN_NBCTL, b->nb, timeout, "wait-until", "Logical_Switch_Port",
		b->lsp, "up=true", NULL,
	};
	int rc;

	snprintf(timeout, sizeof(timeout), "--timeout=%d", OVN_UP_WAIT_S);
	rc = ovn_run(argv, NULL, 0, why, size);
	if (rc == -EIO || rc == -ETIMEDOUT)
		snprintf(why, size, "OVN did not install logical port %s "
			 "within %d s (is ovn-controller running on this "
			 "chassis, and ovn-northd?)", b->lsp, OVN_UP_WAIT_S);
	(void)n;
	return rc;
}

/**
 * ovn_bind() - bind tap @tap, recorded for network @n, to a new logical
 * port, and wait until OVN installed it; undo on failure
 * @n:		an OVN network
 * @tap:	the tap, read by ifindex
 * @rec:	its record (the VM's MAC; its address, if any)
 * @why:	on failure, one line
 * @size:	its size
 *
 * Return: 0 or -errno
 */
int ovn_bind(const struct conf_network *n, const struct link_info *tap,
	     const struct rec *rec, char *why, size_t size)
{
	static struct bind_args b;
	char chassis[OVN_ID_MAX + 1], ip[INANY_STRLEN], e[256];
	bool dynamic = false;
	int rc;

	memset(&b, 0, sizeof(b));
	ovn_db_arg(n->ovn_ovsdb, b.db);
	ovn_db_arg(n->ovn_nb, b.nb);
	rc = ovn_chassis(n, chassis, why, size);
	if (rc)
		return rc;
	ovn_port_name(chassis, tap->ifindex, b.lsp, sizeof(b.lsp));
	val_mac_str(rec->mac, b.mac);
	if (rec->has_ip) {
		inany_str(&rec->ip, ip);
		snprintf(b.addr, sizeof(b.addr), "%s %s", b.mac, ip);
	} else if (n->has_address) {
		snprintf(b.addr, sizeof(b.addr), "%s dynamic", b.mac);
		dynamic = true;
	} else {
		snprintf(b.addr, sizeof(b.addr), "%s", b.mac);
	}
	snprintf(b.sec, sizeof(b.sec), "%s", rec->has_ip ? b.addr : b.mac);
	snprintf(b.e_chassis, sizeof(b.e_chassis), "external_ids:vmnet-chassis=%s",
		 chassis);
	snprintf(b.e_net, sizeof(b.e_net), "external_ids:vmnet-network=%s",
		 n->name);
	snprintf(b.e_uid, sizeof(b.e_uid), "external_ids:vmnet-uid=%u",
		 (unsigned)rec->uid);
	snprintf(b.e_ifx, sizeof(b.e_ifx), "external_ids:vmnet-ifindex=%d",
		 tap->ifindex);
	snprintf(b.iface_id, sizeof(b.iface_id), "external_ids:iface-id=%s",
		 b.lsp);
	if (n->has_address) {
		rc = ovn_dhcp_uuid(n, b.dhcp, sizeof(b.dhcp), why, size);
		if (rc)
			return rc;
	}
	rc = add_lsp(n, &b, dynamic, why, size);
	if (rc == -EIO && strstr(why, "exists already"))
		return rc;	/* not ours to remove */
	if (!rc)
		rc = add_iface(n, tap->name, &b, why, size);
	if (!rc)
		rc = wait_up(n, &b, why, size);
	if (rc && ovn_unbind(n, tap->name, tap->ifindex, e, sizeof(e)))
		snprintf(why + strlen(why), size - strlen(why),
			 "; and cannot undo the binding: %s", e);
	return rc;
}

/**
 * ovn_unbind() - take tap @tap (ifindex @ifindex) off the integration
 * bridge and delete its logical port; nothing that is not there
 *
 * Return: 0 or -errno
 */
int ovn_unbind(const struct conf_network *n, const char *tap, int ifindex,
	       char *why, size_t size)
{
	char chassis[OVN_ID_MAX + 1], lsp[OVN_ID_MAX + 24], db[OVN_DB_ARG_MAX],
	     nb[OVN_DB_ARG_MAX], cond[48], name[IFNAMSIZ + 8], out[128];
	const char *find[] = {
		OVN_VSCTL, db, "--timeout=10", "--bare", "--columns=name",
		"find", "Interface", name, cond, NULL,
	};
	const char *del[] = {
		OVN_VSCTL, db, "--timeout=10", "--if-exists", "del-port",
		n->bridge, tap, NULL,
	};
	const char *ldel[] = {
		OVN_NBCTL, nb, "--timeout=10", "--if-exists", "lsp-del", lsp,
		NULL,
	};
	int rc = ovn_chassis(n, chassis, why, size);

	if (rc)
		return rc;
	ovn_db_arg(n->ovn_ovsdb, db);
	ovn_db_arg(n->ovn_nb, nb);
	ovn_port_name(chassis, ifindex, lsp, sizeof(lsp));
	snprintf(name, sizeof(name), "name=%s", tap);
	snprintf(cond, sizeof(cond), "external_ids:vmnet-ifindex=%d", ifindex);
	rc = ovn_run(find, out, sizeof(out), why, size);
	if (!rc && out[0])
		rc = ovn_run(del, NULL, 0, why, size);
	if (!rc)
		rc = ovn_run(ldel, NULL, 0, why, size);
	return rc;
}

/* Whether tap @ifindex exists, carries an OVN record of @n and (when
 * @name) is called @name. */
static bool tap_holds(struct ctl *c, const struct conf_network *n,
		      int ifindex, const char *name)
{
	const struct link_info *t = ctl_link_at(c, ifindex);
	struct rec rec;

	return t && (!name || !strcmp(t->name, name)) &&
	       ctl_tap_of(t, n->name, &rec) && rec.has_fw &&
	       rec.fw == CONF_FW_OVN;
}

/* What ovn_gc() found, and removed. */
struct gc_scan {
	char chassis[OVN_ID_MAX + 1], prefix[OVN_ID_MAX + 8];
	char db[OVN_DB_ARG_MAX], nb[OVN_DB_ARG_MAX];
	char ifaces[8192], lsps[8192];
	int gone[64];		/* the taps whose interface went */
	unsigned ngone, removed;
};

/* The interfaces: "NAME,k=v k=v" lines (csv, bare). */
static void gc_ifaces(struct ctl *c, const struct conf_network *n,
		      struct gc_scan *g)
{
	char *line, *save, why[256];

	for (line = strtok_r(g->ifaces, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *ext = strchr(line, ','), ifx[16];
		int ifindex;

		if (!ext)
			continue;
		*ext++ = '\0';
		ovn_ext_get(ext, "vmnet-ifindex", ifx, sizeof(ifx));
		ifindex = ctl_ifindex_of(ifx);
		if (tap_holds(c, n, ifindex, line))
			continue;
		if (ovn_unbind(n, line, ifindex, why, sizeof(why))) {
			ctl_warn("%s: %s", n->name, why);
			continue;
		}
		printf("%s: removed interface %s and its logical port: the "
		       "tap is gone or detached\n", n->name, line);
		g->removed++;
		if (g->ngone < sizeof(g->gone) / sizeof(g->gone[0]))
			g->gone[g->ngone++] = ifindex;
	}
}

/* The logical ports of this chassis, one name a line. */
static void gc_lsps(struct ctl *c, const struct conf_network *n,
		    struct gc_scan *g)
{
	size_t plen = strlen(g->prefix);
	char *line, *save, why[256];

	for (line = strtok_r(g->lsps, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *ldel[] = {
			OVN_NBCTL, g->nb, "--timeout=10", "--if-exists",
			"lsp-del", line, NULL,
		};
		int ifindex = ctl_ifindex_of(line + plen);
		unsigned j;

		for (j = 0; j < g->ngone && g->gone[j] != ifindex; j++)
			;
		if (strncmp(line, g->prefix, plen) || j < g->ngone ||
		    tap_holds(c, n, ifindex, NULL))
			continue;
		if (ovn_run(ldel, NULL, 0, why, sizeof(why))) {
			ctl_warn("%s: %s", n->name, why);
			continue;
		}
		printf("%s: removed logical port %s: its tap is gone\n",
		       n->name, line);
		g->removed++;
	}
}

/**
 * ovn_gc() - remove this chassis's interfaces and logical ports of
 * network @n whose tap is gone or no longer carries its OVN record (a
 * SIGKILLed QEMU's, a detach that did not finish)
 * @c:	the run (the links are read here, after OVS and OVN)
 * @n:	an OVN network
 *
 * Return: how many were removed (failures are printed on stderr)
 */
unsigned ovn_gc(struct ctl *c, const struct conf_network *n)
{
	static struct gc_scan g;
	char cond[VAL_NETNAME_MAX + 40], cch[OVN_ID_MAX + 40], why[256];
	const char *fi[] = {
		OVN_VSCTL, g.db, "--timeout=10", "--format=csv", "--data=bare",
		"--no-headings", "--columns=name,external_ids", "find",
		"Interface", cond, NULL,
	};
	const char *fl[] = {
		OVN_NBCTL, g.nb, "--timeout=10", "--bare", "--columns=name",
		"find", "Logical_Switch_Port", cch, cond, NULL,
	};

	memset(&g, 0, sizeof(g));
	if (ovn_chassis(n, g.chassis, why, sizeof(why))) {
		ctl_warn("%s: %s", n->name, why);
		return 0;
	}
	ovn_db_arg(n->ovn_ovsdb, g.db);
	ovn_db_arg(n->ovn_nb, g.nb);
	snprintf(cond, sizeof(cond), "external_ids:vmnet-network=%s", n->name);
	snprintf(cch, sizeof(cch), "external_ids:vmnet-chassis=%s", g.chassis);
	snprintf(g.prefix, sizeof(g.prefix), "vmnet-%s-", g.chassis);
	if (ovn_run(fi, g.ifaces, sizeof(g.ifaces), why, sizeof(why)) ||
	    ovn_run(fl, g.lsps, sizeof(g.lsps), why, sizeof(why))) {
		ctl_warn("%s: %s", n->name, why);
		return 0;
	}
	ctl_read_links(c);	/* after: see above */
	gc_ifaces(c, n, &g);
	gc_lsps(c, n, &g);
	return g.removed;
}
