// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * acldecide.c - the ACL's decision: may this caller attach to this
 * network, with this MAC and address (acl.h).
 *
 * Decision order: root is always allowed; otherwise any matching deny wins;
 * otherwise the first matching allow (in file order, includes expanded in
 * place) grants the network and carries its options; otherwise deny.
 *
 * Fail closed: a deny rule whose user or group cannot be resolved is an
 * error (an unreachable directory must not turn a deny into an allow); an
 * allow rule whose name cannot be resolved simply does not match.
 */
#include "acl.h"
#include "mode.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* 1: matches, 0: does not, -1: name cannot be resolved */
static int who_matches(const struct acl_rule *r, const struct acl_ident *who,
		       const struct acl_resolver *res)
{
	uid_t uid;
	gid_t gid;
	size_t i;

	switch (r->who_kind) {
	case ACL_WHO_ANY:
		return 1;
	case ACL_WHO_USER:
		if (res->user(res->ctx, r->who, &uid))
			return -1;
		return uid == who->uid;
	case ACL_WHO_GROUP:
		if (res->group(res->ctx, r->who, &gid))
			return -1;
		for (i = 0; i < who->ngids; i++) {
			if (who->gids[i] == gid)
				return 1;
		}
		return 0;
	}
	return 0;
}

static void who_str(const struct acl_ident *who, char *buf, size_t n)
{
	if (who->name)
		snprintf(buf, n, "user %s", who->name);
	else
		snprintf(buf, n, "uid %u", (unsigned)who->uid);
}

/* Network-level checks that apply to everyone, root included. */
static int check_request_net(const struct conf_network *net,
			     const struct acl_request *req,
			     struct acl_decision *out)
{
	char ip[INANY_STRLEN];

	if (req->has_mac && !val_mac_unicast(req->mac)) {
		snprintf(out->why, sizeof(out->why),
			 "VMNET_MAC must be a unicast, non-zero address");
		return 0;
	}
	if (req->has_ip6 && !conf_net_ipv6(net)) {
		snprintf(out->why, sizeof(out->why),
			 "VMNET_IP6: network '%s' carries no IPv6 "
			 "(address6 = none)", net->name);
		return 0;
	}
	if (req->has_ip6 && net->address6_mode == CONF_V6_SET &&
	    (!inany_prefix_contains(&net->address6, &req->ip6) ||
	     inany_equal(&req->ip6, &net->address6.addr))) {
		inany_str(&req->ip6, ip);
		snprintf(out->why, sizeof(out->why),
			 "VMNET_IP6 %s is not a usable address of network "
			 "'%s'", ip, net->name);
		return 0;
	}
	if (req->has_ip && net->has_address) {
		struct inany_range sub;

		inany_prefix_range(&net->address, &sub);
		inany_str(&req->ip, ip);
		if (!inany_prefix_contains(&net->address, &req->ip) ||
		    inany_equal(&req->ip, &sub.lo) ||
		    inany_equal(&req->ip, &sub.hi) ||
		    inany_equal(&req->ip, &net->address.addr)) {
			snprintf(out->why, sizeof(out->why),
				 "VMNET_IP %s is not a usable address of "
				 "network '%s'", ip, net->name);
			return 0;
		}
	}
	return 1;
}

/* wlan maps the VM's address to its MAC: an address needs a MAC. */
static int check_wlan_pair(const struct conf_network *net,
			   struct acl_decision *out)
{
	if (!mode_of(net)->ip_needs_mac || !out->has_ip || out->has_mac)
		return 1;
	snprintf(out->why, sizeof(out->why),
		 "VMNET_IP needs VMNET_MAC on network '%s' (wlan mode maps "
		 "the address to the VM's MAC)", net->name);
	return 0;
}

/*
 * What the request leaves out and the rule allows exactly one of (a /48
 * mac=, a single ip=) is decided by the rule: vmnet-ifup applies it as if
 * given. The pinned address must still suit the network.
 */
static void pin(const struct acl_rule *allow, struct acl_decision *out)
{
	if (allow->has_mac && allow->mac.bits == 48 && !out->has_mac) {
		out->has_mac = true;
		memcpy(out->mac, allow->mac.mac, 6);
	}
	if (allow->has_ip && inany_equal(&allow->ip.lo, &allow->ip.hi) &&
	    !out->has_ip) {
		out->has_ip = true;
		out->ip = allow->ip.lo;
	}
	if (allow->has_ip6 && inany_equal(&allow->ip6.lo, &allow->ip6.hi) &&
	    !out->has_ip6 && conf_net_ipv6(out->net)) {
		out->has_ip6 = true;
		out->ip6 = allow->ip6.lo;
	}
}

/*
 * A MAC or address an allow rule pins (mac=.../48, one ip=) belongs to
 * the users that rule matches: nobody else may take it, or they would get
 * the pinned VM's static lease and traffic. Return 1 with the reason in
 * @out (or with @err set) when @out's MAC or address is someone else's.
 */
static int pinned_elsewhere(const struct acl *acl,
			    const struct conf_network *net,
			    const struct acl_ident *who,
			    const struct acl_resolver *res,
			    struct acl_decision *out, struct vm_err *err)
{
	char text[INANY_STRLEN];
	size_t i;

	err->msg[0] = '\0';
	for (i = 0; i < acl->n; i++) {
		const struct acl_rule *r = &acl->rules[i];
		bool mac, ip, ip6;
		int m;

		if (r->verb != ACL_ALLOW ||
		    (strcmp(r->network, "*") && strcmp(r->network, net->name)))
			continue;
		mac = r->has_mac && r->mac.bits == 48 && out->has_mac &&
		      !memcmp(r->mac.mac, out->mac, 6);
		ip = r->has_ip && inany_equal(&r->ip.lo, &r->ip.hi) &&
		     out->has_ip && inany_equal(&r->ip.lo, &out->ip);
		ip6 = r->has_ip6 && inany_equal(&r->ip6.lo, &r->ip6.hi) &&
		      out->has_ip6 && inany_equal(&r->ip6.lo, &out->ip6);
		if (!mac && !ip && !ip6)
			continue;
		m = who_matches(r, who, res);
		if (m == 1)
			continue;	/* pinned for this caller */
		if (mac)
			val_mac_str(out->mac, text);
		else
			inany_str(ip ? &out->ip : &out->ip6, text);
		snprintf(out->why, sizeof(out->why),
			 "%s %s is pinned to other users by %s:%u",
			 mac ? "MAC" : ip ? "VMNET_IP" : "VMNET_IP6", text,
			 acl_rule_file(acl, r), r->line);
		return 1;
	}
	return 0;
}

/*
 * The rule that decides for @who on @net: a matching deny rule denies,
 * wherever it stands; else the first matching allow rule allows. *allow is NULL (and out->why says
 * why) when a deny rule matches or nothing allows.
 *
 * Return: 0, or -EINVAL (see @err) when a deny rule cannot be evaluated
 */
static int find_rule(const struct acl *acl, const struct conf_network *net,
		     const struct acl_ident *who,
		     const struct acl_resolver *res, const char *whos,
		     const struct acl_rule **allow, struct acl_decision *out,
		     struct vm_err *err)
{
	size_t i;

	*allow = NULL;
	for (i = 0; i < acl->n; i++) {
		const struct acl_rule *r = &acl->rules[i];
		int m;

		if (strcmp(r->network, "*") && strcmp(r->network, net->name))
			continue;
		m = who_matches(r, who, res);
		if (m < 0 && r->verb == ACL_DENY)
			return err_at(err, acl_rule_file(acl, r), r->line,
				      "cannot resolve %s '%s' of a deny rule; "
				      "refusing everyone",
				      r->who_kind == ACL_WHO_GROUP ? "group" :
								     "user",
				      r->who);
		if (m <= 0)
			continue;
		if (r->verb == ACL_DENY) {
			snprintf(out->why, sizeof(out->why),
				 "network '%s' is denied to %s by %s:%u",
				 net->name, whos, acl_rule_file(acl, r),
				 r->line);
			*allow = NULL;
			return 0;
		}
		if (!*allow)
			*allow = r;
	}
	if (!*allow)
		snprintf(out->why, sizeof(out->why),
			 "network '%s' is not allowed for %s (see %s)",
			 net->name, whos,
			 acl->files.n ? acl->files.names[0] : ACL_DEFAULT_PATH);
	return 0;
}

/*
 * The request (with the rule's pins filled in) against the restrictions
 * of the allow rule: true if it is within them, else out->why says why.
 */
static bool within_rule(const struct acl *acl, const struct conf_network *net,
			const struct acl_rule *allow, const char *whos,
			const struct acl_request *req, struct acl_decision *out)
{
	char ip[INANY_STRLEN];

	pin(allow, out);
	if (out->has_ip != req->has_ip || out->has_mac != req->has_mac) {
		struct acl_request eff = *req;

		eff.has_mac = out->has_mac;
		memcpy(eff.mac, out->mac, 6);
		eff.has_ip = out->has_ip;
		eff.ip = out->ip;
		if (!check_request_net(net, &eff, out))
			return false;
	}
	if (allow->has_mac && !out->has_mac) {
		snprintf(out->why, sizeof(out->why),
			 "network '%s' requires VMNET_MAC for %s (%s:%u "
			 "restricts MACs)", net->name, whos,
			 acl_rule_file(acl, allow), allow->line);
		return false;
	}
	if (allow->has_mac && !val_macprefix_match(&allow->mac, out->mac)) {
		snprintf(out->why, sizeof(out->why),
			 "VMNET_MAC is outside the MACs %s:%u allows for %s",
			 acl_rule_file(acl, allow), allow->line, whos);
		return false;
	}
	if (allow->has_ip && !out->has_ip && mode_of(net)->ip_needs_mac) {
		snprintf(out->why, sizeof(out->why),
			 "network '%s' requires VMNET_IP for %s (%s:%u "
			 "restricts addresses)", net->name, whos,
			 acl_rule_file(acl, allow), allow->line);
		return false;
	}
	if (allow->has_ip6 && out->has_ip6 &&
	    !inany_range_contains(&allow->ip6, &out->ip6)) {
		inany_str(&out->ip6, ip);
		snprintf(out->why, sizeof(out->why),
			 "VMNET_IP6 %s is outside the addresses %s:%u allows "
			 "for %s", ip, acl_rule_file(acl, allow), allow->line,
			 whos);
		return false;
	}
	if (allow->has_ip && out->has_ip &&
	    !inany_range_contains(&allow->ip, &out->ip)) {
		inany_str(&out->ip, ip);
		snprintf(out->why, sizeof(out->why),
			 "VMNET_IP %s is outside the addresses %s:%u allows "
			 "for %s", ip, acl_rule_file(acl, allow), allow->line,
			 whos);
		return false;
	}
	return check_wlan_pair(net, out);
}

/*
 * Decide for one network. With @grant_only, only who may use the network
 * is decided (MAC and IP are not looked at): used to pick the default
 * network before checking the request against it.
 */
static int decide_one(const struct acl *acl, const struct conf_network *net,
		      const struct acl_ident *who,
		      const struct acl_resolver *res,
		      const struct acl_request *req, bool grant_only,
		      struct acl_decision *out, struct vm_err *err)
{
	const struct acl_rule *allow;
	char whos[64];
	int rc;

	memset(out, 0, sizeof(*out));
	out->net = net;
	who_str(who, whos, sizeof(whos));
	if (!grant_only && !check_request_net(net, req, out))
		return 0;
	out->has_mac = req->has_mac;
	memcpy(out->mac, req->mac, 6);
	out->has_ip = req->has_ip;
	out->ip = req->ip;
	out->has_ip6 = req->has_ip6;
	out->ip6 = req->ip6;
	if (who->uid == 0) {
		if (!grant_only && !check_wlan_pair(net, out))
			return 0;
		out->allow = true;
		out->max_conns = ACL_DEFAULT_CONNS;
		snprintf(out->why, sizeof(out->why), "root");
		return 0;
	}
	rc = find_rule(acl, net, who, res, whos, &allow, out, err);
	if (rc || !allow)
		return rc;
	if (!grant_only) {
		if (!within_rule(acl, net, allow, whos, req, out))
			return 0;
		if (pinned_elsewhere(acl, net, who, res, out, err))
			return err->msg[0] ? -EINVAL : 0;
	}
	out->allow = true;
	out->rule = allow;
	out->max_taps = allow->max_taps;
	out->max_conns = allow->max_conns ? allow->max_conns :
					    ACL_DEFAULT_CONNS;
	out->rate = allow->rate;
	snprintf(out->why, sizeof(out->why), "allowed by %s:%u",
		 acl_rule_file(acl, allow), allow->line);
	return 0;
}

/**
 * acl_decide() - may @who attach to the requested network
 * @acl:	parsed ACL (may have no rules: then only root is allowed)
 * @conf:	networks
 * @who:	the caller's identity from the kernel
 * @res:	resolves user and group names of the ACL
 * @req:	network (or NULL for the first granted one), MAC and IP
 * @out:	verdict, network, limits and a reason
 * @err:	set when no decision can be made safely
 *
 * Return: 0 with a verdict in @out, -EINVAL when the ACL cannot be
 * evaluated (treat as deny)
 */
int acl_decide(const struct acl *acl, const struct conf *conf,
	       const struct acl_ident *who, const struct acl_resolver *res,
	       const struct acl_request *req, struct acl_decision *out,
	       struct vm_err *err)
{
	const struct conf_network *net;
	char whos[64];
	size_t i;
	int rc;

	if (req->network) {
		net = conf_find(conf, req->network);
		if (!net) {
			char esc[64];

			memset(out, 0, sizeof(*out));
			val_escape(req->network, esc, sizeof(esc));
			snprintf(out->why, sizeof(out->why),
				 "no network '%s' in vmnet.conf", esc);
			return 0;
		}
		return decide_one(acl, net, who, res, req, false, out, err);
	}
	for (i = 0; i < conf->n; i++) {
		/* Choose by grant alone; MAC/IP are then checked on it. */
		rc = decide_one(acl, &conf->nets[i], who, res, req, true, out,
				err);
		if (rc)
			return rc;
		if (out->allow)
			return decide_one(acl, &conf->nets[i], who, res, req,
					  false, out, err);
	}
	memset(out, 0, sizeof(*out));
	who_str(who, whos, sizeof(whos));
	snprintf(out->why, sizeof(out->why),
		 "no network is allowed for %s (see %s)", whos,
		 acl->files.n ? acl->files.names[0] : ACL_DEFAULT_PATH);
	return 0;
}

/**
 * acl_quota_full() - whether an allowed attach is over its max-taps with
 * @taps already attached, and the reason in @why (as vmnet-ifup and
 * "vmnetctl check --as" say it)
 * @acl:	ACL
 * @d:		the decision (allowed)
 * @who:	the user's name, or NULL
 * @taps:	the user's taps that count
 * @why:	result, when full
 * @size:	size of @why
 *
 * Return: true when full
 */
bool acl_quota_full(const struct acl *acl, const struct acl_decision *d,
		    const char *who, unsigned taps, char *why, size_t size)
{
	if (!d->max_taps || taps < d->max_taps || !d->rule)
		return false;
	snprintf(why, size, "%s already has %u tap%s attached, the limit of "
		 "max-taps=%u (%s:%u)", who ? who : "the caller", taps,
		 taps == 1 ? "" : "s", d->max_taps,
		 acl_rule_file(acl, d->rule), d->rule->line);
	return true;
}
