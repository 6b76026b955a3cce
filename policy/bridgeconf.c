// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bridgeconf.c - parser and decision for qemu-bridge-helper's bridge.conf.
 *
 * qemu-bridge-helper's own shortcomings are not reproduced: an error in an
 * included file is fatal here (it ignored them: fail open), and a bridge
 * name longer than 15 bytes is an error instead of being truncated (the
 * 2019 ACL bypass, CVE-2019-13164). Decision as in qemu-bridge-helper:
 * root always, a matching deny wins, then a matching allow, else deny.
 */
#include "bridgeconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "lines.h"

struct bc_parser {
	struct inc_reader rd;	/* first: bc_text() gets it back */
	struct bc *bc;
	struct vm_err *err;
};

static int add_rule(struct bc_parser *p, struct lines *l, unsigned file,
		    bool deny, const char *name)
{
	struct bc *bc = p->bc;
	struct bc_rule *r;
	char esc[64];

	if (strcmp(name, "all") && !val_ifname(name)) {
		val_escape(name, esc, sizeof(esc));
		return err_at(p->err, l->file, l->lineno,
			      "invalid bridge name '%s' (1-15 of A-Z a-z 0-9 "
			      "_ . -; never truncated)", esc);
	}
	if (bc->n == ACL_MAX_RULES)
		return err_at(p->err, l->file, l->lineno, "more than %d rules",
			      ACL_MAX_RULES);
	r = grow(bc->rules, bc->n, &bc->cap, sizeof(*bc->rules), 16);
	if (!r)
		return err_at(p->err, l->file, l->lineno, "out of memory");
	bc->rules = r;
	r = &bc->rules[bc->n++];
	memset(r, 0, sizeof(*r));
	r->deny = deny;
	r->all = !strcmp(name, "all");
	if (!r->all && VAL_COPY(r->bridge, name))
		return err_at(p->err, l->file, l->lineno, "bridge name too "
			      "long");
	r->file = file;
	r->line = l->lineno;
	return 0;
}

static int bc_text(struct inc_reader *rd, unsigned file, const char *text,
		   size_t len)
{
	struct bc_parser *p = (struct bc_parser *)rd;
	char *line, *w[LINES_MAX_WORDS];
	struct lines *l;
	int rc, nw;

	l = malloc(sizeof(*l));
	if (!l)
		return err_set(p->err, "out of memory");
	lines_init(l, p->bc->files.names[file], text, len);
	while ((rc = lines_next(l, &line, p->err)) > 0) {
		rc = lines_split(l, line, w, &nw, p->err);
		if (rc)
			break;
		if (nw != 2) {
			rc = err_at(p->err, l->file, l->lineno,
				    "expected 'allow NAME|all', 'deny NAME|all' "
				    "or 'include /PATH'");
		} else if (!strcmp(w[0], "allow") || !strcmp(w[0], "deny")) {
			rc = add_rule(p, l, file, w[0][0] == 'd', w[1]);
		} else if (!strcmp(w[0], "include")) {
			if (!inc_path_ok(w[1]))
				rc = err_at(p->err, l->file, l->lineno,
					    "include path must be absolute with "
					    "no '.' or '..' parts");
			else
				rc = inc_read(&p->rd, w[1], l->file,
					      l->lineno);
		} else {
			char esc[64];

			val_escape(w[0], esc, sizeof(esc));
			rc = err_at(p->err, l->file, l->lineno,
				    "unknown verb '%s' (want allow, deny or "
				    "include)", esc);
		}
		if (rc)
			break;
	}
	free(l);
	return rc < 0 ? rc : 0;
}

/**
 * bc_parse() - read a bridge.conf and its includes
 * @path:	top file
 * @loader:	reads files with ownership checks
 * @bc:		result; release with bc_free() whatever the return value
 * @err:	"file:line: message" on error
 *
 * Return: 0 or -EINVAL
 */
int bc_parse(const char *path, const struct acl_loader *loader, struct bc *bc,
	     struct vm_err *err)
{
	struct bc_parser p = {
		.rd = { .loader = loader, .files = &bc->files, .what = "files",
			.parse = bc_text, .err = err },
		.bc = bc, .err = err,
	};

	memset(bc, 0, sizeof(*bc));
	return inc_read(&p.rd, path, NULL, 0);
}

/**
 * bc_free() - release what bc_parse() allocated
 * @bc:	rules
 */
void bc_free(struct bc *bc)
{
	inc_files_free(&bc->files);
	free(bc->rules);
	memset(bc, 0, sizeof(*bc));
}

/**
 * bc_decide() - may @uid attach to @net's bridge under bridge.conf rules
 * @bc:		rules
 * @net:	the network (its bridge name is what the rules name)
 * @uid:	caller; root is always allowed
 * @out:	verdict with a reason; no options (bridge.conf has none)
 */
void bc_decide(const struct bc *bc, const struct conf_network *net,
	       uid_t uid, struct acl_decision *out)
{
	const struct bc_rule *allow = NULL;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->net = net;
	if (uid == 0) {
		out->allow = true;
		snprintf(out->why, sizeof(out->why), "root");
		return;
	}
	for (i = 0; i < bc->n; i++) {
		const struct bc_rule *r = &bc->rules[i];

		if (!r->all && strcmp(r->bridge, net->bridge))
			continue;
		if (r->deny) {
			snprintf(out->why, sizeof(out->why),
				 "bridge %s is denied by %s:%u", net->bridge,
				 bc->files.names[r->file], r->line);
			return;
		}
		if (!allow)
			allow = r;
	}
	if (!allow) {
		snprintf(out->why, sizeof(out->why),
			 "bridge %s is not allowed by %s", net->bridge,
			 bc->files.n ? bc->files.names[0] : BC_DEFAULT_PATH);
		return;
	}
	out->allow = true;
	snprintf(out->why, sizeof(out->why), "allowed by %s:%u",
		 bc->files.names[allow->file], allow->line);
}
