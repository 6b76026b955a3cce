// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * acl.c - the ACL parser (the decision is in acldecide.c).
 *
 * Fail closed everywhere: any syntax error, unreadable include, include
 * cycle or excessive nesting makes the whole ACL invalid, and an invalid ACL
 * allows nobody but root.
 */
#include "acl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
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

/* ip=RANGE (IPv4) or ip6=RANGE (global or unique local IPv6). */
static int range_option(struct acl_parser *p, struct lines *l,
			struct acl_rule *r, const char *opt, const char *eq)
{
	bool v6 = opt[2] == '6';
	bool *has = v6 ? &r->has_ip6 : &r->has_ip;
	struct inany_range *range = v6 ? &r->ip6 : &r->ip;

	if (*has)
		return perr(p, l, "repeated option", opt);
	if (inany_range_parse(eq, range) || inany_is_v4(&range->lo) == v6 ||
	    (v6 && (!inany_is_v6_global(&range->lo) ||
		    !inany_is_v6_global(&range->hi))))
		return perr(p, l, v6 ? "ip6 must be a global or unique local "
				       "IPv6 address, first-last range or "
				       "prefix, not" :
				       "ip must be an address, first-last "
				       "range or prefix, not", eq);
	*has = true;
	return 0;
}

/* name=LABEL: the name of the VMs the rule allows (names.c) */
static int name_option(struct acl_parser *p, struct lines *l,
		       struct acl_rule *r, const char *opt, const char *eq)
{
	if (r->name[0])
		return perr(p, l, "repeated option", opt);
	if (val_hostlabel(eq, r->name))
		return perr(p, l, "name must be 1 to 63 letters, digits and "
			       "hyphens, not", eq);
	return 0;
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
	} else if (!strcmp(opt, "max-conns")) {
		if (r->max_conns)
			return perr(p, l, "repeated option", opt);
		if (val_uint(eq, 1, ACL_MAX_CONNS_LIMIT, &v))
			return perr(p, l, "max-conns must be a number from 1 "
				       "to 1048576, not", eq);
		r->max_conns = (unsigned)v;
	} else if (!strcmp(opt, "rate")) {
		if (r->rate)
			return perr(p, l, "repeated option", opt);
		if (val_rate(eq, &v))
			return perr(p, l, "rate must be a number and kbit, mbit "
				       "or gbit, from 64kbit to 100gbit, not",
				    eq);
		r->rate = (unsigned)v;
	} else if (!strcmp(opt, "name")) {
		return name_option(p, l, r, opt, eq);
	} else if (!strcmp(opt, "ip") || !strcmp(opt, "ip6")) {
		return range_option(p, l, r, opt, eq);
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
		return perr(p, l, "unknown option (want max-taps, max-conns, "
			       "rate, name, ip, ip6 or mac):", opt);
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
	r = grow(a->rules, a->n, &a->cap, sizeof(*a->rules), 16);
	if (!r)
		return perr(p, l, "out of memory", NULL);
	a->rules = r;
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
