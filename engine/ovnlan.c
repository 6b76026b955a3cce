// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ovnlan.c - "lan = block" on an OVN network: the promise of mode
 * isolated across hosts. VMs reach the internet through a logical router
 * with SNAT, and never the LAN, both ways:
 *
 *   switch SW --- port SW-vmnet-rp (router) --- router SW-vmnet-lr
 *       (address: the router's inside port)       | SNAT SUBNET -> external
 *                                                  | default route -> external-gateway
 *   switch SW-vmnet-ext --- port SW-vmnet-erp --- SW-vmnet-lrp-out (external),
 *       |                                           on gateway-chassis
 *       `-- localnet SW-vmnet-ln (network_name = physnet, which that
 *           chassis maps to its bridge of the outside network)
 *
 * and four ACLs on SW (external_ids:vmnet-network): from the VMs, IPv4 to
 * the switch's own subnet is allowed (priority 1001) and to the LAN
 * dropped (1000); to the VMs, IPv4 from the own subnet is allowed and from
 * the LAN dropped. The LAN is the private, shared-address and link-local
 * ranges, external's subnet and block-extra; the router's outside address
 * and next hop lie in it. The ACLs are stateless (allow, drop): no
 * conntrack entry per flow. The router has no IPv6, so no VM's IPv6
 * leaves the switch. Everything is written in two northbound
 * transactions, the ACLs replaced in one; each object is vmnet's by name
 * and external_ids.
 */
#include "ovn.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lan.h"

#define NAME_MAX_ (CONF_OVN_NAME_MAX + 16)
#define MATCH_MAX 2048

struct lan_names {
	char lr[NAME_MAX_], ext[NAME_MAX_], lrp_in[NAME_MAX_],
	     lrp_out[NAME_MAX_], rp[NAME_MAX_], erp[NAME_MAX_], ln[NAME_MAX_];
};

static void names_of(const struct conf_network *n, struct lan_names *x)
{
	const char *s = n->ovn_switch;

	snprintf(x->lr, sizeof(x->lr), "%s-vmnet-lr", s);
	snprintf(x->ext, sizeof(x->ext), "%s-vmnet-ext", s);
	snprintf(x->lrp_in, sizeof(x->lrp_in), "%s-vmnet-lrp-in", s);
	snprintf(x->lrp_out, sizeof(x->lrp_out), "%s-vmnet-lrp-out", s);
	snprintf(x->rp, sizeof(x->rp), "%s-vmnet-rp", s);
	snprintf(x->erp, sizeof(x->erp), "%s-vmnet-erp", s);
	snprintf(x->ln, sizeof(x->ln), "%s-vmnet-ln", s);
}

/* "A.B.C.D/LEN" of @p's network */
static void prefix_str(const struct inany_prefix *p, char *buf, size_t size)
{
	struct inany_range r;
	char a[INANY_STRLEN];

	inany_prefix_range(p, &r);
	inany_str(&r.lo, a);
	snprintf(buf, size, "%s/%u", a, p->len);
}

/* The four ACLs' matches: [0] from the VMs to the own subnet, [1] to the
 * LAN; [2] to the VMs from the own subnet, [3] from the LAN. */
static void matches(const struct conf_network *n, char m[4][MATCH_MAX])
{
	char own[64], set[MATCH_MAX - 32] = "", p[64];
	size_t i;

	prefix_str(&n->address, own, sizeof(own));
	for (i = 0; i < lan_n_fixed + 1 + n->n_block_extra; i++) {
		const struct inany_prefix *x =
			i < lan_n_fixed ? &lan_fixed[i] :
			i == lan_n_fixed ? &n->ovn_external :
			&n->block_extra[i - lan_n_fixed - 1];

		if (!inany_is_v4(&x->addr))
			continue;	/* (no IPv6 leaves the switch) */
		prefix_str(x, p, sizeof(p));
		snprintf(set + strlen(set), sizeof(set) - strlen(set), "%s%s",
			 set[0] ? ", " : "", p);
	}
	snprintf(m[0], MATCH_MAX, "ip4 && ip4.dst == %s", own);
	snprintf(m[1], MATCH_MAX, "ip4 && ip4.dst == {%s}", set);
	snprintf(m[2], MATCH_MAX, "ip4 && ip4.src == %s", own);
	snprintf(m[3], MATCH_MAX, "ip4 && ip4.src == {%s}", set);
}

static const struct {
	const char *dir, *prio, *action;
} acls[4] = {
	{ "from-lport", "1001", "allow" }, { "from-lport", "1000", "drop" },
	{ "to-lport", "1001", "allow" }, { "to-lport", "1000", "drop" },
};

/* The router, its ports, the outside switch, SNAT and the route. */
static int up_router(const struct conf_network *n, const char *nb,
		     const char *chassis, char *why, size_t size)
{
	static struct lan_names x;
	char mac_in[18], mac_out[18], in[64], out[64], own[64], ext_ip[48],
	     gw[48], ext[80], rpo[96], erpo[96], lno[96];
	const char *argv[] = {
		OVN_NBCTL, nb, "--timeout=10",
		"--", "--may-exist", "lr-add", x.lr,
		"--", "set", "Logical_Router", x.lr, ext,
		"--", "--may-exist", "lrp-add", x.lr, x.lrp_in, mac_in, in,
		"--", "--may-exist", "lsp-add", n->ovn_switch, x.rp,
		"--", "lsp-set-type", x.rp, "router",
		"--", "lsp-set-addresses", x.rp, "router",
		"--", "lsp-set-options", x.rp, rpo,
		"--", "--may-exist", "ls-add", x.ext,
		"--", "set", "Logical_Switch", x.ext, ext,
		"--", "--may-exist", "lsp-add", x.ext, x.ln,
		"--", "lsp-set-type", x.ln, "localnet",
		"--", "lsp-set-addresses", x.ln, "unknown",
		"--", "lsp-set-options", x.ln, lno,
		"--", "--may-exist", "lrp-add", x.lr, x.lrp_out, mac_out, out,
		"--", "--may-exist", "lsp-add", x.ext, x.erp,
		"--", "lsp-set-type", x.erp, "router",
		"--", "lsp-set-addresses", x.erp, "router",
		"--", "lsp-set-options", x.erp, erpo,
		"--", "lrp-set-gateway-chassis", x.lrp_out, chassis, "10",
		"--", "--may-exist", "lr-nat-add", x.lr, "snat", ext_ip, own,
		"--", "--may-exist", "lr-route-add", x.lr, "0.0.0.0/0", gw,
		NULL,
	};
	char a[INANY_STRLEN];

	names_of(n, &x);
	ovn_server_mac(n, mac_in);
	snprintf(mac_out, sizeof(mac_out), "%s", mac_in);
	mac_out[7] = 'e';	/* 02:76:6d: -> 02:76:6e: */
	inany_str(&n->address.addr, a);
	snprintf(in, sizeof(in), "%s/%u", a, n->address.len);
	inany_str(&n->ovn_external.addr, ext_ip);
	snprintf(out, sizeof(out), "%s/%u", ext_ip, n->ovn_external.len);
	inany_str(&n->ovn_ext_gw, gw);
	prefix_str(&n->address, own, sizeof(own));
	snprintf(ext, sizeof(ext), "external_ids:vmnet-network=%s", n->name);
	snprintf(rpo, sizeof(rpo), "router-port=%s", x.lrp_in);
	snprintf(erpo, sizeof(erpo), "router-port=%s", x.lrp_out);
	snprintf(lno, sizeof(lno), "network_name=%s", n->ovn_physnet);
	return ovn_run(argv, NULL, 0, why, size);
}

/* vmnet's ACLs on the switch, replaced in one transaction. */
static int up_acls(const struct conf_network *n, const char *nb, char *why,
		   size_t size)
{
	static char m[4][MATCH_MAX], quoted[4][MATCH_MAX + 16], old[4096];
	char cond[VAL_NETNAME_MAX + 40], ext[VAL_NETNAME_MAX + 40],
	     ids[4][16], dir[4][32], prio[4][32], act[4][32];
	const char *find[] = {
		OVN_NBCTL, nb, "--timeout=10", "--bare", "--columns=_uuid",
		"find", "ACL", cond, NULL,
	};
	const char *argv[160] = { OVN_NBCTL, nb, "--timeout=10" };
	size_t k = 3, i;
	char *u, *save;
	int rc;

	snprintf(cond, sizeof(cond), "external_ids:vmnet-network=%s", n->name);
	rc = ovn_run(find, old, sizeof(old), why, size);
	if (rc)
		return rc;
	for (u = strtok_r(old, "\n", &save); u && k + 6 < 90;
	     u = strtok_r(NULL, "\n", &save)) {
		const char *rm[] = { "--", "remove", "Logical_Switch",
				     n->ovn_switch, "acls", u };

		memcpy(&argv[k], rm, sizeof(rm));
		k += 6;
	}
	matches(n, m);
	snprintf(ext, sizeof(ext), "external_ids:vmnet-network=%s", n->name);
	for (i = 0; i < 4; i++) {
		snprintf(ids[i], sizeof(ids[i]), "--id=@a%zu", i);
		snprintf(dir[i], sizeof(dir[i]), "direction=%s", acls[i].dir);
		snprintf(prio[i], sizeof(prio[i]), "priority=%s", acls[i].prio);
		snprintf(act[i], sizeof(act[i]), "action=%s", acls[i].action);
		snprintf(quoted[i], sizeof(quoted[i]), "match=\"%s\"", m[i]);
		{
			const char *add[] = {
				"--", ids[i], "create", "ACL", dir[i], prio[i],
				act[i], quoted[i], ext, "--", "add",
				"Logical_Switch", n->ovn_switch, "acls",
				ids[i] + 5,
			};

			memcpy(&argv[k], add, sizeof(add));
			k += 15;
		}
	}
	argv[k] = NULL;
	return ovn_run(argv, NULL, 0, why, size);
}

/**
 * ovn_lan_up() - the topology of "lan = block" for OVN network @n, made
 * or repaired (dies on failure)
 * @n:		an OVN network with lan = block, its switch up
 * @chassis:	this chassis (for messages only: the gateway chassis is
 *		the configuration's)
 */
void ovn_lan_up(const struct conf_network *n, const char *chassis)
{
	char nb[OVN_DB_ARG_MAX], why[256];

	(void)chassis;
	ovn_db_arg(n->ovn_nb, nb);
	if (up_router(n, nb, n->ovn_gw_chassis, why, sizeof(why)) ||
	    up_acls(n, nb, why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
}

/**
 * ovn_lan_check() - what OVN holds of @n's "lan = block" against what
 * ovn_lan_up() writes: the router, and exactly its four ACLs
 * @n:	an OVN network with lan = block
 * @p:	result: one problem each (may be NULL: only count)
 *
 * Return: how many problems
 */
size_t ovn_lan_check(const struct conf_network *n, struct fw_problems *p)
{
	static char m[4][MATCH_MAX], out[8192], want[MATCH_MAX + 64];
	char nb[OVN_DB_ARG_MAX], why[256], cond[VAL_NETNAME_MAX + 40],
	     name[NAME_MAX_ + 8], lr[256];
	struct lan_names x = { 0 };
	const char *fa[] = {
		OVN_NBCTL, nb, "--timeout=10", "--format=csv", "--data=bare",
		"--no-headings", "--columns=direction,priority,action,match",
		"find", "ACL", cond, NULL,
	};
	const char *fr[] = {
		OVN_NBCTL, nb, "--timeout=10", "--bare", "--columns=name",
		"find", "Logical_Router", name, NULL,
	};
	size_t i, bad = 0, lines = 0;
	const char *l;

	names_of(n, &x);
	ovn_db_arg(n->ovn_nb, nb);
	snprintf(cond, sizeof(cond), "external_ids:vmnet-network=%s", n->name);
	snprintf(name, sizeof(name), "name=%s", x.lr);
	if (ovn_run(fr, lr, sizeof(lr), why, sizeof(why)) ||
	    ovn_run(fa, out, sizeof(out), why, sizeof(why))) {
		if (p)
			fw_problem(p, "cannot read OVN: %s", why);
		return 1;
	}
	if (!lr[0] && ++bad && p)
		fw_problem(p, "logical router %s is missing", x.lr);
	if (out[0])	/* (the tool's last newline was cut) */
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "\n");
	matches(n, m);
	for (i = 0; i < 4; i++) {
		/* csv quotes a field with commas or quotes in it */
		snprintf(want, sizeof(want), "%s,%s,%s,%s%.*s%s\n",
			 acls[i].dir, acls[i].prio, acls[i].action,
			 strchr(m[i], ',') ? "\"" : "", MATCH_MAX, m[i],
			 strchr(m[i], ',') ? "\"" : "");
		if (!strstr(out, want) && ++bad && p)
			fw_problem(p, "ACL %s %s \"%s\" is missing",
				   acls[i].dir, acls[i].prio, m[i]);
	}
	for (l = out; *l; l = strchr(l, '\n') + 1)
		lines++;
	if (lines > 4 && ++bad && p)
		fw_problem(p, "switch %s has %zu ACLs of vmnet's, not 4",
			   n->ovn_switch, lines);
	return bad;
}

/**
 * ovn_lan_down() - delete @n's router and outside switch (the ACLs go
 * with the switch)
 */
void ovn_lan_down(const struct conf_network *n)
{
	static struct lan_names x;
	char nb[OVN_DB_ARG_MAX], why[256];
	const char *argv[] = {
		OVN_NBCTL, nb, "--timeout=10", "--", "--if-exists", "lr-del",
		x.lr, "--", "--if-exists", "ls-del", x.ext, NULL,
	};

	names_of(n, &x);
	ovn_db_arg(n->ovn_nb, nb);
	if (ovn_run(argv, NULL, 0, why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
}
