// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * names.c - the names of an isolated network's VMs. A VM is NAME.DOMAIN
 * (vmnet.conf's domain, NETWORK.internal by default) to the host, through
 * the NSS module (nss/), and NAME or NAME.DOMAIN to the network's VMs,
 * through its dnsmasq. Both read one file, names.d/hosts, that only this
 * code writes; dnsmasq itself gives no names (dhcp-ignore-names).
 *
 * - NAME is the one the ACL rule that allows the VM pins (name=), or else
 *   the one its DHCP client sent: dnsmasq runs vmnet-dhcp-event for each
 *   lease event, which keeps it (names.wish, with the MAC and the uid of
 *   the port that asked) and calls names_event().
 * - A name an ACL rule pins is only for the VMs that rule allows. The
 *   host's own name and "localhost", "wpad" and "isatap" (which every
 *   resolver or browser trusts: CERT VU#598349) are no VM's.
 * - A VM that holds a name keeps it: first come, first served. Among new
 *   claims pinned ones come first, then the lower ifindex.
 * - A name points only at addresses its VM holds: the leases the port
 *   guard holds its MAC to (leases_NET) and its configured address. Each
 *   line carries its tap's ifindex and the lease's end, so the resolver
 *   drops it when the tap is gone or the lease ran out, even before the
 *   next pass writes the file again.
 *
 * The per-network lock (names.lock, root's) serialises dnsmasq's events,
 * vmnetctl and vmnetd.
 */
#include "names.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dnsconf.h"
#include "fw/leases.h"
#include "fw/vmscan.h"
#include "grow.h"
#include "run.h"

#define WISH_LINE 96		/* "MAC UID NAME\n" */

static const char *const fixed_reserved[] = { "localhost", "wpad",
					      "isatap" };

struct wish {
	uint8_t mac[6];
	uid_t uid;
	char name[VAL_HOSTLABEL_MAX + 1];
};

struct lease4 {
	uint8_t mac[6];
	union inany ip;
	uint64_t ms_left;
};

/* What one pass reads, and what it decides. */
struct names_in {
	struct fw_vm_scan scan;
	struct lease4 *leases;
	size_t nleases, cap;
	struct wish *wishes;	/* NAMES_MAX */
	size_t nwishes;
	struct names_entry *cur;	/* the file as it is */
	size_t ncur;
	char host[VAL_HOSTLABEL_MAX + 1];
	bool pins;		/* an ACL rule of the network pins a name */
	names_log_fn log;	/* why the VM of MAC @focus gets no name */
	void *ctx;
	const uint8_t *focus;
};

struct cand {
	const struct fw_vm_state *st;
	const char *name;
	int rank;		/* 0 pinned and held, 1 pinned, 2 held, 3 */
};

/* "MAC UID NAME" lines: the names VMs asked for. */
static void wishes_read(const struct conf_network *n, struct names_in *in)
{
	static char buf[NAMES_MAX * WISH_LINE];
	char path[128], *line, *save = NULL, *w[3], *ws;
	unsigned long uid;
	struct wish *x;
	int i;

	in->nwishes = 0;
	if (dns_path(n, NAMES_WISH_FILE, path, sizeof(path)) ||
	    ctl_read_file(path, buf, sizeof(buf)) <= 0)
		return;
	for (line = strtok_r(buf, "\n", &save);
	     line && in->nwishes < NAMES_MAX;
	     line = strtok_r(NULL, "\n", &save)) {
		x = &in->wishes[in->nwishes];
		for (i = 0, ws = NULL; i < 3; i++)
			w[i] = strtok_r(i ? NULL : line, " ", &ws);
		if (w[2] && !val_mac(w[0], x->mac) &&
		    !val_uint(w[1], 0, UINT_MAX - 1, &uid) &&
		    !val_hostlabel(w[2], x->name)) {
			x->uid = (uid_t)uid;
			in->nwishes++;
		}
	}
}

static void wishes_write(const struct conf_network *n,
			 const struct names_in *in)
{
	static char buf[NAMES_MAX * WISH_LINE];
	char path[128], mac[18];
	size_t i, len = 0;

	for (i = 0; i < in->nwishes; i++) {
		val_mac_str(in->wishes[i].mac, mac);
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"%s %u %s\n", mac,
					(unsigned)in->wishes[i].uid,
					in->wishes[i].name);
	}
	dns_path(n, NAMES_WISH_FILE, path, sizeof(path));
	if (!ctl_file_same(path, buf, len))
		ctl_file_put(path, buf, len, 0600);
}

static int lease_cb(const uint8_t mac[6], const union inany *ip,
		    uint64_t ms_left, void *arg)
{
	struct names_in *in = arg;
	struct lease4 *l;

	l = grow(in->leases, in->nleases, &in->cap, sizeof(*l), 64);
	if (!l)
		return -ENOMEM;
	in->leases = l;
	l = &in->leases[in->nleases++];
	memcpy(l->mac, mac, 6);
	l->ip = *ip;
	l->ms_left = ms_left;
	return 0;
}

/* The port that holds @mac, or NULL. */
static const struct fw_vm_state *port_of(const struct names_in *in,
					 const uint8_t mac[6])
{
	size_t i;

	for (i = 0; i < in->scan.n; i++)
		if (in->scan.v[i].registered && in->scan.v[i].has_mac &&
		    !memcmp(in->scan.v[i].mac, mac, 6))
			return &in->scan.v[i];
	return NULL;
}

static bool has_lease(const struct names_in *in, const uint8_t mac[6])
{
	size_t i;

	for (i = 0; i < in->nleases; i++)
		if (!memcmp(in->leases[i].mac, mac, 6) && in->leases[i].ms_left)
			return true;
	return false;
}

/* The name the ACL rule that allows port @st pins, or NULL. */
static const char *pinned(struct ctl *c, const struct conf_network *n,
			  const struct names_in *in,
			  const struct fw_vm_state *st)
{
	static const struct acl_resolver res = {
		.user = run_resolve_user, .group = run_resolve_group,
	};
	struct acl_request req = { .network = n->name, .has_mac = true };
	struct acl_decision d;
	struct acl_ident who;
	struct vm_err err;
	struct passwd *pw;
	gid_t *g;
	int ng = 0, rc;

	if (!in->pins || !st->has_uid || !st->uid ||
	    !(pw = getpwuid(st->uid)))
		return NULL;
	getgrouplist(pw->pw_name, pw->pw_gid, NULL, &ng);
	g = calloc((size_t)ng + 1, sizeof(*g));
	if (!g || getgrouplist(pw->pw_name, pw->pw_gid, g, &ng) < 0) {
		free(g);
		return NULL;
	}
	who = (struct acl_ident){ st->uid, g, (size_t)ng, pw->pw_name };
	memcpy(req.mac, st->mac, 6);
	rc = acl_decide(&c->acl, &c->conf, &who, &res, &req, &d, &err);
	free(g);
	return !rc && d.allow && d.rule && d.rule->name[0] ? d.rule->name
							    : NULL;
}

/* Whether an ACL rule for @n pins @name (to whomever it allows; NULL:
 * any name). */
static bool acl_pins(const struct acl *a, const struct conf_network *n,
		     const char *name)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->rules[i].verb == ACL_ALLOW && a->rules[i].name[0] &&
		    (!name || !strcmp(a->rules[i].name, name)) &&
		    (!strcmp(a->rules[i].network, "*") ||
		     !strcmp(a->rules[i].network, n->name)))
			return true;
	return false;
}

static bool reserved(const struct names_in *in, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(fixed_reserved) / sizeof(*fixed_reserved); i++)
		if (!strcmp(fixed_reserved[i], name))
			return true;
	return !strcmp(in->host, name);
}

static void say(const struct names_in *in, const struct fw_vm_state *st,
		const char *name, const char *why)
{
	char line[256], mac[18];

	if (!in->log || !in->focus || memcmp(st->mac, in->focus, 6))
		return;
	val_mac_str(st->mac, mac);
	snprintf(line, sizeof(line), "VM %s (ifindex %d, uid %u) gets no "
		 "name '%s': %s", mac, st->ifindex, (unsigned)st->uid, name,
		 why);
	in->log(line, in->ctx);
}

/* Whether @c6 is port @ifindex's claim of an address in the network's
 * prefix (SLAAC's, privacy ones too; not its link-local one). */
static bool own6(const struct conf_network *n, const struct fw_claim6 *c6,
		 int ifindex)
{
	return c6->ifindex == ifindex && n->address6_mode != CONF_V6_NONE &&
	       inany_prefix_contains(&n->address6, &c6->ip);
}

/* Whether port @st holds an address its name could point at (a VM with
 * none holds no name: lines_of() would write none). */
static bool holds_any(const struct conf_network *n, const struct names_in *in,
		      const struct fw_vm_state *st)
{
	size_t i;

	if (st->has_ip || has_lease(in, st->mac))
		return true;
	for (i = 0; i < in->scan.n6; i++)
		if (own6(n, &in->scan.c6[i], st->ifindex))
			return true;
	return false;
}

/* Port @st's claim: its pinned name, or the one it asked for, if it may
 * have it. */
static bool claim(struct ctl *c, const struct conf_network *n,
		  const struct names_in *in, const struct fw_vm_state *st,
		  struct cand *out)
{
	const char *name = pinned(c, n, in, st);
	bool pin = name != NULL;
	size_t i;

	for (i = 0; !name && i < in->nwishes; i++)
		if (!memcmp(in->wishes[i].mac, st->mac, 6) &&
		    in->wishes[i].uid == st->uid)
			name = in->wishes[i].name;
	if (!name)
		return false;
	if (reserved(in, name)) {
		say(in, st, name, "the host's, or reserved");
		return false;
	}
	if (!pin && acl_pins(&c->acl, n, name)) {
		say(in, st, name, "an ACL rule pins it to other VMs");
		return false;
	}
	out->st = st;
	out->name = name;
	out->rank = pin ? 1 : 3;
	for (i = 0; i < in->ncur; i++)
		if (in->cur[i].ifindex == st->ifindex &&
		    !strcmp(in->cur[i].name, name))
			out->rank--;	/* held: it keeps it */
	return true;
}

static int by_rank(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank - y->rank;
	return x->st->ifindex - y->st->ifindex;
}

static int by_name(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* The lines of port @k's name: one per address it holds. */
static size_t lines_of(const struct conf_network *n,
		       const struct names_in *in, const struct cand *k,
		       char *buf, size_t size)
{
	long long now = (long long)time(NULL);
	char a[INANY_STRLEN];
	size_t i, len = 0;
	bool listed = false;

	for (i = 0; i < in->nleases && size - len > NAMES_HOSTS_LINE; i++) {
		const struct lease4 *l = &in->leases[i];

		if (memcmp(l->mac, k->st->mac, 6) || !l->ms_left)
			continue;
		listed |= k->st->has_ip && inany_equal(&l->ip, &k->st->ip);
		inany_str(&l->ip, a);
		len += (size_t)snprintf(buf + len, size - len,
					"%s %s.%s %s # vmnet %d %lld\n", a,
					k->name, n->domain, k->name,
					k->st->ifindex,
					now + (long long)(l->ms_left / 1000));
	}
	if (k->st->has_ip && !listed && size - len > NAMES_HOSTS_LINE) {
		inany_str(&k->st->ip, a);
		len += (size_t)snprintf(buf + len, size - len,
					"%s %s.%s %s # vmnet %d 0\n", a,
					k->name, n->domain, k->name,
					k->st->ifindex);
	}
	/* IPv6: its claims, each until it would expire unused */
	for (i = 0; i < in->scan.n6 && size - len > NAMES_HOSTS_LINE; i++) {
		const struct fw_claim6 *c6 = &in->scan.c6[i];

		if (!own6(n, c6, k->st->ifindex))
			continue;
		inany_str(&c6->ip, a);
		len += (size_t)snprintf(buf + len, size - len,
					"%s %s.%s %s # vmnet %d %lld\n", a,
					k->name, n->domain, k->name,
					k->st->ifindex, c6->ms_left ? now +
					(long long)(c6->ms_left / 1000) : 0);
	}
	return len;
}

/* The file's text, into *@text (malloc'd), and its length. */
static size_t compose(struct ctl *c, const struct conf_network *n,
		      const struct names_in *in, char **text)
{
	struct cand *k = calloc(in->scan.n + 1, sizeof(*k));
	size_t i, j, nk = 0, size, len;
	char *buf;

	size = 256 + (in->scan.n + in->nleases + in->scan.n6 + 1) *
		     NAMES_HOSTS_LINE;
	buf = malloc(size);
	if (!k || !buf)
		ctl_die("out of memory");
	for (i = 0; i < in->scan.n; i++) {
		const struct fw_vm_state *st = &in->scan.v[i];

		if (st->registered && st->has_mac && st->has_uid &&
		    holds_any(n, in, st) && claim(c, n, in, st, &k[nk]))
			nk++;
	}
	qsort(k, nk, sizeof(*k), by_rank);
	for (i = j = 0; i < nk; i++) {
		size_t t;

		for (t = 0; t < j && strcmp(k[t].name, k[i].name); t++)
			;
		if (t < j)
			say(in, k[i].st, k[i].name, "another VM holds it");
		else
			k[j++] = k[i];
	}
	qsort(k, j, sizeof(*k), by_name);
	len = (size_t)snprintf(buf, size, "# The names of network %s's VMs, "
			       "written by vmnet (vmnet.conf(5)): do not "
			       "edit.\n", n->name);
	for (i = 0; i < j; i++)
		len += lines_of(n, in, &k[i], buf + len, size - len);
	free(k);
	*text = buf;
	return len;
}

/* Wishes only of MACs that a port or a lease still holds. */
static void wishes_prune(struct names_in *in)
{
	size_t i, j;

	for (i = j = 0; i < in->nwishes; i++)
		if (port_of(in, in->wishes[i].mac) ||
		    has_lease(in, in->wishes[i].mac))
			in->wishes[j++] = in->wishes[i];
	in->nwishes = j;
}

static int names_load(struct ctl *c, const struct conf_network *n,
		      struct names_in *in)
{
	static struct names_entry cur[NAMES_MAX];
	static struct wish wishes[NAMES_MAX];
	char host[HOST_NAME_MAX + 1] = "", *dot;
	struct fw_net fn;
	ssize_t k;
	int rc;

	memset(in, 0, sizeof(*in));
	in->wishes = wishes;
	in->cur = cur;
	fw_net_of(n, &fn);
	rc = fw_vm_scan(c->nft, &fn, &in->scan);
	if (!rc)
		rc = fw_vm_scan_claims6(c->nft, &fn, &in->scan);
	if (!rc)
		rc = fw_leases_each(c->nft, &fn, lease_cb, in);
	if (rc)
		return rc;
	wishes_read(n, in);
	in->pins = acl_pins(&c->acl, n, NULL);
	k = names_read(n, cur, NAMES_MAX);
	in->ncur = k > 0 ? (size_t)k : 0;
	gethostname(host, sizeof(host) - 1);
	dot = strchr(host, '.');
	if (dot)
		*dot = '\0';
	if (val_hostlabel(host, in->host))
		in->host[0] = '\0';
	return 0;
}

static void names_unload(struct names_in *in)
{
	fw_vm_scan_free(&in->scan);
	free(in->leases);
}

/* Write the names file from @in (when it changed). */
static void names_write(struct ctl *c, const struct conf_network *n,
			const struct names_in *in)
{
	char path[128], *text;
	size_t len = compose(c, n, in, &text);
	int rc = names_mkdir(n);

	if (rc)
		ctl_warn("%s: cannot create its names' directory: %s",
			 n->name, strerror(-rc));
	dns_path(n, NAMES_HOSTS_FILE, path, sizeof(path));
	if (!ctl_file_same(path, text, len))
		ctl_file_put(path, text, len, 0644);
	names_link(n);
	free(text);
}

/* What a lease event changes in the names asked for, before a pass. */
struct names_ev {
	enum names_op op;
	const uint8_t *mac;
	const char *asked;	/* NULL: none */
};

/* The VM of @ev->mac asks for @ev->asked now (or, for a "del" or an
 * "add" without a name, for nothing); an "old" without a name (dnsmasq's
 * start: it keeps none) leaves what it asked before. */
static void apply_event(struct names_in *in, const struct names_ev *ev)
{
	const struct fw_vm_state *st = port_of(in, ev->mac);
	struct wish *w;
	size_t i, j;

	if (ev->op == NAMES_OLD && !ev->asked)
		return;
	for (i = j = 0; i < in->nwishes; i++)
		if (memcmp(in->wishes[i].mac, ev->mac, 6))
			in->wishes[j++] = in->wishes[i];
	in->nwishes = j;
	if (!ev->asked || ev->op == NAMES_DEL || !st ||
	    in->nwishes == NAMES_MAX)
		return;
	w = &in->wishes[in->nwishes];
	memcpy(w->mac, ev->mac, 6);
	w->uid = st->uid;
	if (!val_hostlabel(ev->asked, w->name))
		in->nwishes++;
	else if (in->log)
		in->log("a VM asked for a name that is not one DNS label of "
			"letters, digits and hyphens: none given", in->ctx);
}

/* Under the network's names lock: read what holds, apply @ev (NULL:
 * none), write the names asked for and the names file. */
static int names_pass(struct ctl *c, const struct conf_network *n,
		      const struct names_ev *ev, names_log_fn log, void *ctx)
{
	struct names_in in;
	int fd, rc;

	fd = names_lock(n);
	if (fd < 0)
		return fd;
	rc = names_load(c, n, &in);
	if (!rc) {
		in.log = log;
		in.ctx = ctx;
		in.focus = ev ? ev->mac : NULL;
		if (ev)
			apply_event(&in, ev);
		wishes_prune(&in);
		wishes_write(n, &in);
		names_write(c, n, &in);
	}
	names_unload(&in);
	close(fd);
	return rc;
}

/**
 * names_event() - what dnsmasq's dhcp-script says: the VM of @mac got or
 * renewed a lease (@op NAMES_ADD or NAMES_OLD), asking for the name
 * @asked (NULL: none), or its lease ended (NAMES_DEL); then the file is
 * written again
 * @log:	where to say why that VM gets no name (with @ctx)
 *
 * Return: 0, -ENOENT for a network without names or not up, or -errno
 */
int names_event(struct ctl *c, const struct conf_network *n,
		enum names_op op, const uint8_t mac[6], const char *asked,
		names_log_fn log, void *ctx)
{
	const struct names_ev ev = { op, mac, asked };

	return names_on(n) ? names_pass(c, n, &ev, log, ctx) : -ENOENT;
}

/**
 * names_sync() - write network @n's names file again from what holds
 * now (taps gone, leases ended, the ACL changed)
 *
 * Return: 0 (also for a network without names or not up) or -errno
 */
int names_sync(struct ctl *c, const struct conf_network *n)
{
	return names_on(n) ? names_pass(c, n, NULL, NULL, NULL) : 0;
}

/* names_sync(), saying why it failed: for the passes that go on */
void names_keep(struct ctl *c, const struct conf_network *n)
{
	int rc = names_sync(c, n);

	if (rc)
		ctl_warn("%s: cannot write its VMs' names: %s", n->name,
			 strerror(-rc));
}
