// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * checkas.c - "vmnetctl check --as USER [NETWORK] [--mac MAC] [--ip
 * ADDRESS] [--ip6 ADDRESS]": the ACL's decision for USER as vmnet-ifup would take it now
 * (as "doas -C" answers for doas.conf): allowed or refused and why, with
 * the rule's file:line, what the rule pins, the limits, and the user's
 * taps that count toward max-taps. Exit status 0 allowed, 1 refused.
 *
 * The decision is policy/'s own (acl_decide()), with the names resolved
 * as vmnet-ifup resolves them. Only the caller's groups differ: these are
 * the group database's, a fresh login's; a running session may hold
 * others (newgrp, a group added since it logged in), and vmnet-ifup
 * decides on the caller's own.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "attach.h"
#include "cmds.h"
#include "run.h"

#define AS_MAX_GROUPS 256

struct as_args {
	const char *user, *network, *mac, *ip, *ip6;
};

struct as_user {
	uid_t uid;
	gid_t gids[AS_MAX_GROUPS];	/* the primary group first */
	size_t ngids;
	char name[64];
};

static const char *esc(const char *s, char buf[64])
{
	val_escape(s, buf, 64);
	return buf;
}

static void parse_args(int argc, char **argv, struct as_args *a)
{
	char e[64];
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		const char **slot = !strcmp(argv[i], "--as")  ? &a->user :
				    !strcmp(argv[i], "--mac") ? &a->mac :
				    !strcmp(argv[i], "--ip")  ? &a->ip :
				    !strcmp(argv[i], "--ip6") ? &a->ip6 :
								NULL;

		if (slot && (*slot || i + 1 >= argc))
			ctl_die("check: %s takes one value, once", argv[i]);
		if (slot)
			*slot = argv[++i];
		else if (argv[i][0] == '-' || a->network)
			ctl_die("check: unexpected argument '%s' (usage: "
				"check --as USER [NETWORK] [--mac MAC] [--ip "
				"ADDRESS] [--ip6 ADDRESS])", esc(argv[i], e));
		else
			a->network = argv[i];
	}
	if (!a->user)
		ctl_die("check: a network, --mac, --ip and --ip6 go with --as "
			"USER");
}

/* @who as vmnet-ifup would see them after a fresh login. */
static void as_user(const char *who, struct as_user *u)
{
	struct passwd *pw = getpwnam(who);
	gid_t g[AS_MAX_GROUPS];
	int n = AS_MAX_GROUPS, i;
	char e[64];

	if (!pw)
		ctl_die("check: no such user '%s'", esc(who, e));
	u->uid = pw->pw_uid;
	snprintf(u->name, sizeof(u->name), "%s", pw->pw_name);
	u->gids[0] = pw->pw_gid;
	u->ngids = 1;
	if (getgrouplist(pw->pw_name, pw->pw_gid, g, &n) < 0)
		ctl_die("check: %s is in more than %d groups", u->name,
			AS_MAX_GROUPS);
	for (i = 0; i < n; i++)
		if (g[i] != pw->pw_gid)
			u->gids[u->ngids++] = g[i];
}

/* The request, as VMNET_NETWORK, VMNET_MAC and VMNET_IP would make it. */
static void request_of(const struct as_args *a, struct acl_request *req)
{
	char e[64];

	memset(req, 0, sizeof(*req));
	req->network = a->network;
	if (a->mac && (val_mac(a->mac, req->mac) || !val_mac_unicast(req->mac)))
		ctl_die("check: '%s' is not a unicast MAC address like "
			"52:54:00:12:34:56", esc(a->mac, e));
	req->has_mac = a->mac != NULL;
	if (a->ip && (inany_parse(a->ip, &req->ip) || !inany_is_v4(&req->ip)))
		ctl_die("check: '%s' is not an IPv4 address", esc(a->ip, e));
	req->has_ip = a->ip != NULL;
	if (a->ip6 && (inany_parse(a->ip6, &req->ip6) ||
		       inany_is_v4(&req->ip6) || !inany_is_v6_global(&req->ip6)))
		ctl_die("check: '%s' is not a global or unique local IPv6 "
			"address", esc(a->ip6, e));
	req->has_ip6 = a->ip6 != NULL;
}

/* The user's taps that count toward max-taps, one line each; how many. */
static unsigned print_taps(struct ctl *c, uid_t uid)
{
	char mac[18], ip[INANY_STRLEN];
	unsigned n = 0;
	size_t i;

	ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *l = &c->links[i];
		struct rec rec;

		if (!attach_counts_for(l, uid, &rec))
			continue;
		snprintf(mac, sizeof(mac), "-");
		snprintf(ip, sizeof(ip), "-");
		if (rec.has_mac)
			val_mac_str(rec.mac, mac);
		if (rec.has_ip)
			inany_str(&rec.ip, ip);
		printf("  tap %s: network %s, MAC %s, address %s", l->name,
		       rec.network, mac, ip);
		if (rec.has_ip6) {
			inany_str(&rec.ip6, ip);
			printf(", IPv6 address %s", ip);
		}
		printf("%s\n", rec.via == REC_VIA_HELPER ?
		       " (created by vmnet-helper)" : "");
		n++;
	}
	return n;
}

/* What an allowed request gets: pins, limits. */
static void print_grant(const struct acl_request *req,
			const struct acl_decision *d)
{
	char mac[18], ip[INANY_STRLEN];

	if (d->has_mac && !req->has_mac) {
		val_mac_str(d->mac, mac);
		printf("  the rule pins MAC %s\n", mac);
	}
	if (d->has_ip && !req->has_ip) {
		inany_str(&d->ip, ip);
		printf("  the rule pins address %s\n", ip);
	}
	if (d->has_ip6 && !req->has_ip6) {
		inany_str(&d->ip6, ip);
		printf("  the rule pins IPv6 address %s\n", ip);
	}
	if (d->max_taps)
		printf("  max-taps: %u\n", d->max_taps);
	else
		printf("  max-taps: no limit\n");
	printf("  max-conns: %u\n", d->max_conns);
}

/**
 * ctl_check_as() - "check --as USER ...": see above
 * @c:		the run
 * @argc:	arguments after "check"
 * @argv:	them
 *
 * Return: 0 allowed, 1 refused (dies on bad arguments)
 */
int ctl_check_as(struct ctl *c, int argc, char **argv)
{
	static const struct acl_resolver res = {
		.user = run_resolve_user, .group = run_resolve_group,
	};
	struct acl_decision d;
	struct acl_request req;
	struct acl_ident who;
	struct as_args a;
	struct as_user u;
	struct vm_err err;
	unsigned taps;

	parse_args(argc, argv, &a);
	ctl_load(c);
	as_user(a.user, &u);
	request_of(&a, &req);
	who = (struct acl_ident){ u.uid, u.gids, u.ngids, u.name };
	if (acl_decide(&c->acl, &c->conf, &who, &res, &req, &d, &err))
		ctl_die("check: %s", err.msg);
	if (!d.allow) {
		printf("refused: %s: %s\n", u.name, d.why);
		print_taps(c, u.uid);
		return 1;
	}
	printf("allowed: %s on network '%s': %s\n", u.name, d.net->name,
	       d.why);
	print_grant(&req, &d);
	taps = print_taps(c, u.uid);
	if (acl_quota_full(&c->acl, &d, u.name, taps, d.why, sizeof(d.why))) {
		printf("refused for now: %s\n", d.why);
		return 1;
	}
	return 0;
}
