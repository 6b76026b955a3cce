// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * acl.c - ACL parser and decision.
 *
 * Fail closed everywhere: any syntax error, unreadable include, include
 * cycle or excessive nesting makes the whole ACL invalid, and an invalid ACL
 * allows nobody but root. A deny rule whose user or group cannot be
 * resolved is an error too (an unreachable directory must not turn a deny
 * into an allow); an allow rule whose name cannot be resolved simply does
 * not match.
 *
 * Decision order: root is always allowed; otherwise any matching deny wins;
 * otherwise the first matching allow (in file order, includes expanded in
 * place) grants the network and carries its options; otherwise deny.
 */
#include "acl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lines.h"

struct acl_parser {
	struct inc_reader rd;	/* first: parse_text() gets it back */
	const struct conf *conf;
	struct acl *acl;
	struct vm_err *err;
};

static bool valid_user_name(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		char c = s[i];

		if (i >= ACL_NAME_MAX)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-' || (c == '$' && !s[i + 1])))
			return false;
	}
	return i > 0 && s[0] != '-';
}

static int perr(struct acl_parser *p, struct lines *l, const char *msg,
		const char *arg)
{
	char esc[64];

	if (!arg)
		return err_at(p->err, l->file, l->lineno, "%s", msg);
	val_escape(arg, esc, sizeof(esc));
	return err_at(p->err, l->file, l->lineno, "%s '%s'", msg, esc);
}

static int parse_option(struct acl_parser *p, struct lines *l,
			struct acl_rule *r, char *opt)
{
	char *eq = strchr(opt, '=');
	unsigned long v;

	if (!eq)
		return perr(p, l, "option must be name=value:", opt);
	*eq++ = '\0';
	if (!strcmp(opt, "max-taps")) {
		if (r->max_taps)
			return perr(p, l, "repeated option", opt);
		if (val_uint(eq, 1, ACL_MAX_TAPS_LIMIT, &v))
			return perr(p, l, "max-taps must be a number from 1 to "
				       "4096, not", eq);
		r->max_taps = (unsigned)v;
	} else if (!strcmp(opt, "ip")) {
		if (r->has_ip)
			return perr(p, l, "repeated option", opt);
		if (val_ipv4_range(eq, &r->ip_lo, &r->ip_hi))
			return perr(p, l, "ip must be an address, first-last "
				       "range or prefix, not", eq);
		r->has_ip = true;
	} else if (!strcmp(opt, "mac")) {
		if (r->has_mac)
			return perr(p, l, "repeated option", opt);
		int rc = val_macprefix(eq, &r->mac);

		if (rc == -ERANGE) {
			char esc[64];

			val_escape(eq, esc, sizeof(esc));
			return err_at(p->err, l->file, l->lineno,
				      "mac prefix '%s' has bits set past /%u "
				      "(clear them, or use a longer prefix)",
				      esc, r->mac.bits);
		}
		if (rc)
			return perr(p, l, "mac must be xx:xx:xx:xx:xx:xx or "
				       "xx:xx:xx:xx:xx:xx/bits, not", eq);
		if (r->mac.mac[0] & 1)
			return perr(p, l, "mac prefix is multicast:", eq);
		r->has_mac = true;
	} else {
		return perr(p, l, "unknown option (want max-taps, ip or mac):",
			    opt);
	}
	return 0;
}

static int add_rule(struct acl_parser *p, struct lines *l, unsigned file,
		    char **w, int nw)
{
	struct acl *a = p->acl;
	struct acl_rule *r;
	int i;

	if (nw < 3)
		return perr(p, l, "expected 'allow|deny WHO NETWORK "
			       "[options]'", NULL);
	if (a->n == ACL_MAX_RULES)
		return perr(p, l, "more than 4096 rules", NULL);
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		struct acl_rule *nr = realloc(a->rules, cap * sizeof(*nr));

		if (!nr)
			return perr(p, l, "out of memory", NULL);
		a->rules = nr;
		a->cap = cap;
	}
	r = &a->rules[a->n];
	memset(r, 0, sizeof(*r));
	r->verb = strcmp(w[0], "allow") ? ACL_DENY : ACL_ALLOW;
	r->file = file;
	r->line = l->lineno;
	if (!strcmp(w[1], "*")) {
		r->who_kind = ACL_WHO_ANY;
	} else if (w[1][0] == '@') {
		if (!valid_user_name(w[1] + 1))
			return perr(p, l, "invalid group name:", w[1]);
		r->who_kind = ACL_WHO_GROUP;
		if (VAL_COPY(r->who, w[1] + 1))
			return perr(p, l, "group name too long:", w[1]);
	} else {
		if (!valid_user_name(w[1]))
			return perr(p, l, "invalid user name:", w[1]);
		r->who_kind = ACL_WHO_USER;
		if (VAL_COPY(r->who, w[1]))
			return perr(p, l, "user name too long:", w[1]);
	}
	if (strcmp(w[2], "*")) {
		if (!val_netname(w[2]))
			return perr(p, l, "invalid network name:", w[2]);
		if (p->conf && !conf_find(p->conf, w[2]))
			return perr(p, l, "no such network in vmnet.conf:",
				    w[2]);
	}
	if (VAL_COPY(r->network, w[2]))
		return perr(p, l, "network name too long:", w[2]);
	if (r->verb == ACL_DENY && nw > 3)
		return perr(p, l, "deny takes no options:", w[3]);
	for (i = 3; i < nw; i++) {
		if (parse_option(p, l, r, w[i]))
			return -EINVAL;
	}
	a->n++;
	return 0;
}

static int parse_text(struct inc_reader *rd, unsigned file, const char *text,
		      size_t len)
{
	struct acl_parser *p = (struct acl_parser *)rd;
	char *line, *w[LINES_MAX_WORDS];
	struct lines *l;
	int rc, nw;

	/* The line buffer is big; keep it off the stack across recursion. */
	l = malloc(sizeof(*l));
	if (!l)
		return err_set(p->err, "%s: out of memory",
			       p->acl->files.names[file]);
	lines_init(l, p->acl->files.names[file], text, len);
	while ((rc = lines_next(l, &line, p->err)) > 0) {
		rc = lines_split(l, line, w, &nw, p->err);
		if (rc)
			break;
		if (!strcmp(w[0], "allow") || !strcmp(w[0], "deny")) {
			rc = add_rule(p, l, file, w, nw);
		} else if (!strcmp(w[0], "include")) {
			if (nw != 2)
				rc = perr(p, l, "expected 'include /PATH'",
					  NULL);
			else if (!inc_path_ok(w[1]))
				rc = perr(p, l, "include path must be absolute "
					       "with no '.' or '..' parts:",
					  w[1]);
			else
				rc = inc_read(&p->rd, w[1], l->file,
					      l->lineno);
		} else {
			rc = perr(p, l, "unknown verb (want allow, deny or "
				       "include):", w[0]);
		}
		if (rc)
			break;
	}
	free(l);
	return rc < 0 ? rc : 0;
}

/**
 * acl_parse() - read an ACL and every file it includes
 * @path:	the top file
 * @loader:	reads files (with ownership checks)
 * @conf:	networks, to reject rules naming unknown networks; may be NULL
 * @acl:	result, release with acl_free() whatever the return value
 * @err:	"file:line: message" on error
 *
 * Return: 0 or -EINVAL
 */
int acl_parse(const char *path, const struct acl_loader *loader,
	      const struct conf *conf, struct acl *acl, struct vm_err *err)
{
	struct acl_parser p = {
		.rd = { .loader = loader, .files = &acl->files,
			.what = "ACL files", .parse = parse_text, .err = err },
		.conf = conf, .acl = acl, .err = err,
	};

	memset(acl, 0, sizeof(*acl));
	return inc_read(&p.rd, path, NULL, 0);
}

/**
 * acl_free() - release what acl_parse() allocated
 * @acl:	ACL
 */
void acl_free(struct acl *acl)
{
	inc_files_free(&acl->files);
	free(acl->rules);
	memset(acl, 0, sizeof(*acl));
}

/**
 * acl_rule_file() - the file a rule comes from
 * @acl:	ACL
 * @r:		one of its rules
 *
 * Return: path
 */
const char *acl_rule_file(const struct acl *acl, const struct acl_rule *r)
{
	return acl->files.names[r->file];
}

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
	char ip[16];

	if (req->has_mac && !val_mac_unicast(req->mac)) {
		snprintf(out->why, sizeof(out->why),
			 "VMNET_MAC must be a unicast, non-zero address");
		return 0;
	}
	if (req->has_ip && net->has_address) {
		uint32_t m = val_mask(net->address.len);
		uint32_t netaddr = net->address.addr & m;

		val_ipv4_str(req->ip, ip);
		if ((req->ip & m) != netaddr || req->ip == netaddr ||
		    req->ip == (netaddr | ~m) ||
		    req->ip == net->address.addr) {
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
	if (net->mode != CONF_WLAN || !out->has_ip || out->has_mac)
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
	if (allow->has_ip && allow->ip_lo == allow->ip_hi && !out->has_ip) {
		out->has_ip = true;
		out->ip = allow->ip_lo;
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
	char text[18];
	size_t i;

	err->msg[0] = '\0';
	for (i = 0; i < acl->n; i++) {
		const struct acl_rule *r = &acl->rules[i];
		bool mac, ip;
		int m;

		if (r->verb != ACL_ALLOW ||
		    (strcmp(r->network, "*") && strcmp(r->network, net->name)))
			continue;
		mac = r->has_mac && r->mac.bits == 48 && out->has_mac &&
		      !memcmp(r->mac.mac, out->mac, 6);
		ip = r->has_ip && r->ip_lo == r->ip_hi && out->has_ip &&
		     r->ip_lo == out->ip;
		if (!mac && !ip)
			continue;
		m = who_matches(r, who, res);
		if (m == 1)
			continue;	/* pinned for this caller */
		if (mac)
			val_mac_str(out->mac, text);
		else
			val_ipv4_str(out->ip, text);
		snprintf(out->why, sizeof(out->why),
			 "%s %s is pinned to other users by %s:%u",
			 mac ? "MAC" : "VMNET_IP", text, acl_rule_file(acl, r),
			 r->line);
		return 1;
	}
	return 0;
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
	const struct acl_rule *allow = NULL;
	char whos[64], ip[16];
	size_t i;

	memset(out, 0, sizeof(*out));
	out->net = net;
	who_str(who, whos, sizeof(whos));
	if (!grant_only && !check_request_net(net, req, out))
		return 0;
	out->has_mac = req->has_mac;
	memcpy(out->mac, req->mac, 6);
	out->has_ip = req->has_ip;
	out->ip = req->ip;
	if (who->uid == 0) {
		if (!grant_only && !check_wlan_pair(net, out))
			return 0;
		out->allow = true;
		snprintf(out->why, sizeof(out->why), "root");
		return 0;
	}
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
			return 0;
		}
		if (!allow)
			allow = r;
	}
	if (!allow) {
		snprintf(out->why, sizeof(out->why),
			 "network '%s' is not allowed for %s (see %s)",
			 net->name, whos,
			 acl->files.n ? acl->files.names[0] : ACL_DEFAULT_PATH);
		return 0;
	}
	if (grant_only)
		goto allowed;
	pin(allow, out);
	if (out->has_ip != req->has_ip || out->has_mac != req->has_mac) {
		struct acl_request eff = *req;

		eff.has_mac = out->has_mac;
		memcpy(eff.mac, out->mac, 6);
		eff.has_ip = out->has_ip;
		eff.ip = out->ip;
		if (!check_request_net(net, &eff, out))
			return 0;
	}
	if (allow->has_mac && !out->has_mac) {
		snprintf(out->why, sizeof(out->why),
			 "network '%s' requires VMNET_MAC for %s (%s:%u "
			 "restricts MACs)", net->name, whos,
			 acl_rule_file(acl, allow), allow->line);
		return 0;
	}
	if (allow->has_mac && !val_macprefix_match(&allow->mac, out->mac)) {
		snprintf(out->why, sizeof(out->why),
			 "VMNET_MAC is outside the MACs %s:%u allows for %s",
			 acl_rule_file(acl, allow), allow->line, whos);
		return 0;
	}
	if (allow->has_ip && !out->has_ip && net->mode == CONF_WLAN) {
		snprintf(out->why, sizeof(out->why),
			 "network '%s' requires VMNET_IP for %s (%s:%u "
			 "restricts addresses)", net->name, whos,
			 acl_rule_file(acl, allow), allow->line);
		return 0;
	}
	if (allow->has_ip && out->has_ip &&
	    (out->ip < allow->ip_lo || out->ip > allow->ip_hi)) {
		val_ipv4_str(out->ip, ip);
		snprintf(out->why, sizeof(out->why),
			 "VMNET_IP %s is outside the addresses %s:%u allows "
			 "for %s", ip, acl_rule_file(acl, allow), allow->line,
			 whos);
		return 0;
	}
	if (!check_wlan_pair(net, out))
		return 0;
	if (pinned_elsewhere(acl, net, who, res, out, err))
		return err->msg[0] ? -EINVAL : 0;
allowed:
	out->allow = true;
	out->rule = allow;
	out->max_taps = allow->max_taps;
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
