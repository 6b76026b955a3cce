// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmnetctl - administration of vmnet networks (see vmnetctl(8)).
 *
 * Runs as root (not setuid). It reads the same configuration through the
 * same checks as the privileged helpers, so "vmnetctl check" reports
 * exactly what vmnet-ifup would refuse. State is read from the kernel: tap
 * records (aliases) and bridges; nothing is kept in files.
 */
#include <errno.h>
#include <getopt.h>
#include <linux/if_tun.h>
#include <netlink/errno.h>
#include <pwd.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acl.h"
#include "attach.h"
#include "cfgfile.h"
#include "conf.h"
#include "dnsconf.h"
#include "dnsmasq.h"
#include "fw.h"
#include "lan.h"
#include "link.h"
#include "record.h"
#include "run.h"

#define BRIDGE_TAG "vmnet1-bridge net="
#define MAX_LINKS 65536

struct ctl {
	const char *conf_path;
	const char *acl_path;
	struct conf conf;
	struct acl acl;
	struct nl_sock *sk;
	struct link_info *links;
	size_t nlinks, cap;
};

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs("vmnetctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void usage(FILE *f)
{
	fputs("usage: vmnetctl [--config PATH] [--acl PATH] COMMAND\n"
	      "  check                   validate vmnet.conf and the ACL\n"
	      "  up NETWORK|--all        bring networks up\n"
	      "  down NETWORK|--all [--force]\n"
	      "                          take networks down\n"
	      "  status [--json]         networks and attached taps\n"
	      "  print NETWORK           the equivalent ip commands\n"
	      "  gc                      remove vmnet state of detached taps\n"
	      "  --version               print the version\n", f);
}

static void load(struct ctl *c)
{
	struct vm_err err;

	if (cfg_load(c->conf_path, c->acl_path, &c->conf, &c->acl, &err))
		die("%s", err.msg);
}

static void need_root(void)
{
	if (geteuid() != 0)
		die("this command must be run as root");
}

static int collect_cb(const struct link_info *l, void *arg)
{
	struct ctl *c = arg;

	if (c->nlinks == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct link_info *n;

		if (cap > MAX_LINKS)
			return -NLE_RANGE;
		n = realloc(c->links, cap * sizeof(*n));
		if (!n)
			return -NLE_NOMEM;
		c->links = n;
		c->cap = cap;
	}
	c->links[c->nlinks++] = *l;
	return 0;
}

static void open_sock(struct ctl *c)
{
	int rc;

	if (c->sk)
		return;
	rc = link_open(&c->sk);
	if (rc < 0)
		die("cannot open rtnetlink: %s", nl_geterror(rc));
}

static void read_links(struct ctl *c)
{
	int rc;

	open_sock(c);
	c->nlinks = 0;
	rc = link_dump(c->sk, collect_cb, c);
	if (rc < 0)
		die("cannot list links: %s", nl_geterror(rc));
}

static const struct link_info *find_link(const struct ctl *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nlinks; i++) {
		if (!strcmp(c->links[i].name, name))
			return &c->links[i];
	}
	return NULL;
}

static bool is_our_bridge(const struct link_info *l,
			  const struct conf_network *n)
{
	char tag[64];

	snprintf(tag, sizeof(tag), BRIDGE_TAG "%s", n->name);
	return !strcmp(l->kind, "bridge") && !strcmp(l->alias, tag);
}

/* ---- check --------------------------------------------------------- */

static int check_names(const struct ctl *c)
{
	int errors = 0;
	size_t i;

	for (i = 0; i < c->acl.n; i++) {
		const struct acl_rule *r = &c->acl.rules[i];
		bool known = true;

		if (r->who_kind == ACL_WHO_USER)
			known = getpwnam(r->who) != NULL;
		else if (r->who_kind == ACL_WHO_GROUP)
			known = getgrnam(r->who) != NULL;
		if (known)
			continue;
		fprintf(stderr, "%s:%u: %s: no such %s '%s'%s\n",
			acl_rule_file(&c->acl, r), r->line,
			r->verb == ACL_DENY ? "error" : "warning",
			r->who_kind == ACL_WHO_GROUP ? "group" : "user", r->who,
			r->verb == ACL_DENY ?
				" (a deny rule that cannot be resolved "
				"refuses everyone)" :
				" (rule never matches)");
		if (r->verb == ACL_DENY)
			errors++;
	}
	return errors;
}

static int cmd_check(struct ctl *c)
{
	load(c);
	if (check_names(c))
		return 1;
	printf("ok: %zu network%s%s, %zu ACL rule%s in %zu file%s\n",
	       c->conf.n, c->conf.n == 1 ? "" : "s",
	       c->conf.embedded ? " (embedded default)" : "", c->acl.n,
	       c->acl.n == 1 ? "" : "s", c->acl.files.n,
	       c->acl.files.n == 1 ? "" : "s");
	return 0;
}

/* ---- up / down ----------------------------------------------------- */

/* ---- isolated networks: forwarding, firewall, dnsmasq ---------------- */

struct conn_ctx {
	int skip_ifindex;
	struct val_prefix p[LAN_MAX_RANGES];
	size_t n;
};

static int conn_cb(int ifindex, const struct val_prefix *p, void *arg)
{
	struct conn_ctx *c = arg;

	/* Loopback is never forwarded to; the network's own subnet is the
	 * bridge itself, never routed. */
	if (ifindex == c->skip_ifindex || (p->addr >> 24) == 127)
		return 0;
	if (c->n == LAN_MAX_RANGES)
		return -NLE_RANGE;
	c->p[c->n++] = *p;
	return 0;
}

/* The ranges "lan = block" rejects, as of now. */
static int lan_now(struct ctl *c, const struct conf_network *n, int br_ifindex,
		   struct lan_range *lan)
{
	static struct conn_ctx cc;
	int rc;

	cc.skip_ifindex = br_ifindex;
	cc.n = 0;
	rc = link_addr_dump(c->sk, conn_cb, &cc);
	if (rc < 0)
		die("%s: cannot list the host's addresses: %s", n->name,
		    nl_geterror(rc));
	rc = lan_ranges(n, cc.p, cc.n, lan, LAN_MAX_RANGES);
	if (rc < 0)
		die("%s: too many LAN prefixes", n->name);
	return rc;
}

static void set_forwarding(const struct conf_network *n)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_forward", "w");

	if (!f || fputs("1\n", f) == EOF || fclose(f))
		die("%s: cannot enable IPv4 forwarding "
		    "(net.ipv4.ip_forward): %s", n->name, strerror(errno));
}

/* A tap that carries a record for network @n. */
static bool tap_of(const struct link_info *t, const struct conf_network *n,
		   struct rec *rec)
{
	return !strcmp(t->kind, "tun") && rec_is_ours(t->alias) &&
	       !rec_parse(t->alias, rec) && !strcmp(rec->network, n->name);
}

struct keep_ctx {
	struct ctl *c;
	const struct conf_network *n;
};

static bool keep_tap(const char *tap, void *arg)
{
	struct keep_ctx *k = arg;
	const struct link_info *t = find_link(k->c, tap);
	struct rec rec;

	return t && tap_of(t, k->n, &rec);
}

/*
 * Per-VM elements: add those missing for taps attached to the network
 * (after "nft flush ruleset"), remove those of taps that are gone. No
 * lock: should this remove the elements a concurrent vmnet-ifup has just
 * added for a tap it is about to attach, the tap joins the bridge in the
 * network's interface group without elements, so its frames are dropped
 * (never let through) until the next "vmnetctl up" or "gc" restores them.
 */
static void repair_vms(struct ctl *c, const struct conf_network *n,
		       int br_ifindex, unsigned *added, unsigned *removed)
{
	struct keep_ctx k = { c, n };
	char what[96];
	size_t i;
	int rc;

	*added = 0;
	read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;

		if (t->master != br_ifindex || !tap_of(t, n, &rec))
			continue;
		rc = fw_vm_ensure(n, t->name, rec.has_mac ? rec.mac : NULL,
				  rec.has_ip ? &rec.ip : NULL,
				  what, sizeof(what));
		if (rc < 0)
			die("%s: %s: cannot restore anti-spoofing state (%s): %s",
			    n->name, t->name, what, strerror(-rc));
		*added += (unsigned)rc;
	}
	rc = fw_vm_gc(n, keep_tap, &k, removed, what, sizeof(what));
	if (rc)
		die("%s: cannot remove stale anti-spoofing state (%s): %s",
		    n->name, what, strerror(-rc));
}

static void up_services(struct ctl *c, const struct conf_network *n,
			const struct link_info *br)
{
	static struct lan_range lan[LAN_MAX_RANGES];
	static char text[DNS_CONF_MAX];
	unsigned added, removed;
	char what[96], err[256];
	bool started;
	int nlan, rc;

	set_forwarding(n);
	nlan = lan_now(c, n, br->ifindex, lan);
	rc = fw_net_up(n, lan, (size_t)nlan, what, sizeof(what));
	if (rc)
		die("%s: cannot install the nf_tables state%s%s: %s", n->name,
		    what[0] ? " at " : "", what, strerror(-rc));
	repair_vms(c, n, br->ifindex, &added, &removed);
	if (dns_conf(n, &c->acl, br->mtu, text, sizeof(text)))
		die("%s: dnsmasq configuration too large", n->name);
	rc = dnsmasq_up(n, text, &started, err, sizeof(err));
	if (rc)
		die("%s: %s", n->name, err);
}

/* The network's own bridge (created when missing), up. */
static void our_bridge(struct ctl *c, const struct conf_network *n,
		       struct link_info *out)
{
	struct link_delta ch = { .set_up = true, .up = true };
	struct link_info br;
	char tag[64];
	int rc;

	snprintf(tag, sizeof(tag), BRIDGE_TAG "%s", n->name);
	rc = link_get(c->sk, 0, n->bridge, &br);
	if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV) {
		rc = link_bridge_add(c->sk, n->bridge, tag);
		if (rc < 0)
			die("%s: cannot create bridge %s: %s", n->name,
			    n->bridge, nl_geterror(rc));
		rc = link_get(c->sk, 0, n->bridge, &br);
	}
	if (rc < 0)
		die("%s: cannot read %s: %s", n->name, n->bridge,
		    nl_geterror(rc));
	if (!is_our_bridge(&br, n))
		die("%s: %s exists and was not created by vmnet; remove it or "
		    "choose another bridge name", n->name, n->bridge);
	rc = link_apply(c->sk, br.ifindex, &ch);
	if (rc < 0)
		die("%s: cannot bring %s up: %s", n->name, n->bridge,
		    nl_geterror(rc));
	*out = br;
}

static int up_isolated(struct ctl *c, const struct conf_network *n)
{
	struct link_info br;
	int rc;

	our_bridge(c, n, &br);
	rc = link_addr_has(c->sk, br.ifindex, &n->address);
	if (rc == 0)
		rc = link_addr_add(c->sk, br.ifindex, &n->address);
	if (rc < 0)
		die("%s: cannot set the address of %s: %s", n->name, n->bridge,
		    nl_geterror(rc));
	up_services(c, n, &br);
	return 0;
}

/* ---- wlan networks: MAC translation toward a Wi-Fi station ------------ */

#define VETH_TAG "vmnet1-veth net="

struct host_ctx {
	int ifindex[2];
	struct fw_wlan *w;
	struct val_prefix conn[LAN_MAX_RANGES];
	size_t nconn;
};

static int hostip_add(struct fw_wlan *w, uint32_t ip)
{
	size_t i;

	for (i = 0; i < w->nhostips; i++)
		if (w->hostips[i] == ip)
			return 0;
	if (w->nhostips == FW_WLAN_MAX_HOSTIPS)
		return -NLE_RANGE;
	w->hostips[w->nhostips++] = ip;
	return 0;
}

/* The host's addresses on the uplink side, their subnets' network and
 * broadcast addresses: no VM may use them. */
static int host_addr_cb(int ifindex, const struct val_prefix *p, void *arg)
{
	struct host_ctx *h = arg;
	uint32_t m = val_mask(p->len);
	int rc;

	if (ifindex != h->ifindex[0] && ifindex != h->ifindex[1])
		return 0;
	if (h->nconn == LAN_MAX_RANGES)
		return -NLE_RANGE;
	h->conn[h->nconn++] = *p;
	rc = hostip_add(h->w, p->addr);
	if (!rc && p->len < 31)
		rc = hostip_add(h->w, p->addr & m);
	if (!rc && p->len < 31)
		rc = hostip_add(h->w, (p->addr & m) | ~m);
	return rc;
}

static int gw_cb(uint32_t gw, void *arg)
{
	return hostip_add(arg, gw);
}

/* What fw_wlan_up() needs of the host, as of now. */
static void wlan_host(struct ctl *c, const struct conf_network *n,
		      const struct link_info *up, int br_ifindex,
		      struct fw_wlan *w)
{
	static struct host_ctx h;
	int rc;

	memset(&h, 0, sizeof(h));
	h.ifindex[0] = up->ifindex;
	h.ifindex[1] = n->method == CONF_METHOD_4ADDR ? br_ifindex : -1;
	h.w = w;
	w->uplink_ifindex = up->ifindex;
	memcpy(w->uplink_mac, up->mac, 6);
	rc = link_addr_dump(c->sk, host_addr_cb, &h);
	if (!rc)
		rc = link_gateways(c->sk, gw_cb, w);
	if (rc < 0)
		die("%s: cannot read the host's addresses and routes: %s",
		    n->name, nl_geterror(rc));
	if (!h.nconn)
		die("%s: %s has no IPv4 address; connect it, then run "
		    "'vmnetctl up %s' again", n->name,
		    n->method == CONF_METHOD_4ADDR ? n->bridge : n->uplink,
		    n->name);
	rc = lan_subnets(h.conn, h.nconn, w->subnets, LAN_MAX_RANGES);
	if (rc < 0)
		die("%s: too many subnets on the uplink", n->name);
	w->nsubnets = (size_t)rc;
}

static void no_ipv6(const char *ifname)
{
	char path[96];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/disable_ipv6",
		 ifname);
	f = fopen(path, "w");
	if (!f) {
		if (errno == ENOENT)
			return;		/* no IPv6 on this host */
		die("cannot write %s: %s", path, strerror(errno));
	}
	if (fputs("1\n", f) == EOF || fclose(f))
		die("cannot write %s: %s", path, strerror(errno));
}

static bool is_our_veth(const struct link_info *l,
			const struct conf_network *n)
{
	char tag[64];

	snprintf(tag, sizeof(tag), VETH_TAG "%s", n->name);
	return !strcmp(l->kind, "veth") && !strcmp(l->alias, tag);
}

/* netdev: the veth pair between the VMs' bridge and the uplink's side. */
static void wlan_veth(struct ctl *c, const struct conf_network *n,
		      const struct link_info *br, struct fw_wlan *w)
{
	char vs[IFNAMSIZ], us[IFNAMSIZ], tag[64];
	struct link_delta up = { .set_up = true, .up = true };
	struct link_info v, u;
	int rc;

	conf_wlan_veth(n, vs, us);
	snprintf(tag, sizeof(tag), VETH_TAG "%s", n->name);
	rc = link_get(c->sk, 0, vs, &v);
	if (rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV) {
		rc = link_veth_add(c->sk, vs, us, tag);
		if (rc < 0)
			die("%s: cannot create the veth pair %s/%s: %s",
			    n->name, vs, us, nl_geterror(rc));
		rc = link_get(c->sk, 0, vs, &v);
	}
	if (rc < 0)
		die("%s: cannot read %s: %s", n->name, vs, nl_geterror(rc));
	if (!is_our_veth(&v, n))
		die("%s: %s exists and was not created by vmnet; remove it or "
		    "choose another bridge name", n->name, vs);
	rc = link_get(c->sk, 0, us, &u);
	if (rc < 0)
		die("%s: cannot read %s, the peer of %s: %s", n->name, us, vs,
		    nl_geterror(rc));
	no_ipv6(vs);
	no_ipv6(us);
	up.set_master = true;
	up.master = br->ifindex;
	rc = link_apply(c->sk, v.ifindex, &up);
	up.set_master = false;
	if (rc >= 0)
		rc = link_apply(c->sk, u.ifindex, &up);
	if (rc < 0)
		die("%s: cannot set up %s/%s: %s", n->name, vs, us,
		    nl_geterror(rc));
	w->vm_end_ifindex = u.ifindex;
}

static int up_wlan(struct ctl *c, const struct conf_network *n)
{
	static struct fw_wlan w;
	struct link_info up, br;
	unsigned added, removed;
	char what[96];
	int rc;

	memset(&w, 0, sizeof(w));
	rc = link_get(c->sk, 0, n->uplink, &up);
	if (rc < 0)
		die("%s: uplink %s: %s", n->name, n->uplink,
		    rc == -NLE_OBJ_NOTFOUND || rc == -NLE_NODEV ?
			    "no such interface" : nl_geterror(rc));
	if (!up.has_mac)
		die("%s: uplink %s has no MAC address", n->name, n->uplink);
	/* Everything is checked and read before anything is created. */
	if (n->method == CONF_METHOD_NETDEV) {
		if (up.master)
			die("%s: uplink %s is a port of another device; method "
			    "netdev never enslaves it (release it, or use "
			    "method 4addr)", n->name, n->uplink);
		wlan_host(c, n, &up, -1, &w);
		our_bridge(c, n, &br);
		no_ipv6(n->bridge);
		wlan_veth(c, n, &br, &w);
	} else {
		rc = link_get(c->sk, 0, n->bridge, &br);
		if (rc < 0 || strcmp(br.kind, "bridge"))
			die("%s: bridge %s does not exist; method 4addr uses a "
			    "bridge the administrator creates, with the uplink "
			    "as a port", n->name, n->bridge);
		if (up.master != br.ifindex)
			die("%s: uplink %s is not a port of %s; method 4addr "
			    "needs it in 4-address mode and enslaved (iw dev %s "
			    "set 4addr on; ip link set %s master %s)", n->name,
			    n->uplink, n->bridge, n->uplink, n->uplink,
			    n->bridge);
		wlan_host(c, n, &up, br.ifindex, &w);
	}
	rc = fw_wlan_up(n, &w, what, sizeof(what));
	if (rc)
		die("%s: cannot install the nf_tables state%s%s: %s", n->name,
		    what[0] ? " at " : "", what, strerror(-rc));
	repair_vms(c, n, br.ifindex, &added, &removed);
	return 0;
}

static int up_one(struct ctl *c, const struct conf_network *n)
{
	struct link_info br;
	int rc;

	switch (n->mode) {
	case CONF_ISOLATED:
		up_isolated(c, n);
		break;
	case CONF_BRIDGED:
		rc = link_get(c->sk, 0, n->bridge, &br);
		if (rc < 0)
			die("%s: bridge %s does not exist; bridged networks use "
			    "a bridge the administrator creates", n->name,
			    n->bridge);
		if (strcmp(br.kind, "bridge"))
			die("%s: %s is not a bridge", n->name, n->bridge);
		break;
	case CONF_WLAN:
		up_wlan(c, n);
		break;
	}
	printf("%s: up\n", n->name);
	return 0;
}

/* Release a tap from its bridge and restore it from its record. */
static int restore_tap(struct ctl *c, const struct link_info *t)
{
	const char *step;
	struct rec rec;
	bool ok = !rec_parse(t->alias, &rec);

	return attach_release_restore(c->sk, t, ok ? &rec : NULL, &step);
}

/* The veth end of a wlan network (method netdev) in the VMs' bridge. */
static const struct link_info *our_veth(struct ctl *c,
					const struct conf_network *n)
{
	char vs[IFNAMSIZ], us[IFNAMSIZ];
	const struct link_info *v;

	if (n->mode != CONF_WLAN || n->method != CONF_METHOD_NETDEV)
		return NULL;
	conf_wlan_veth(n, vs, us);
	v = find_link(c, vs);
	if (v && !is_our_veth(v, n))
		die("%s: %s was not created by vmnet; not removing it",
		    n->name, vs);
	return v;
}

static int down_one(struct ctl *c, const struct conf_network *n, bool force)
{
	char what[96], err[256];
	const struct link_info *br, *veth;
	bool owned = n->mode == CONF_ISOLATED ||
		     (n->mode == CONF_WLAN && n->method == CONF_METHOD_NETDEV);
	size_t i, ports = 0;
	int rc;

	if (n->mode == CONF_BRIDGED) {
		printf("%s: bridge %s belongs to the administrator; nothing "
		       "to take down\n", n->name, n->bridge);
		return 0;
	}
	read_links(c);
	br = find_link(c, n->bridge);
	veth = our_veth(c, n);
	if (br && owned && !is_our_bridge(br, n))
		die("%s: %s was not created by vmnet; not removing it",
		    n->name, n->bridge);
	for (i = 0; br && i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;

		if (t->master != br->ifindex || t == veth)
			continue;
		/* On the administrator's bridge, only vmnet's taps count. */
		ports += owned || tap_of(t, n, &rec);
	}
	if (ports && !force)
		die("%s: %zu interface%s still attached to %s; detach them or "
		    "use --force", n->name, ports, ports == 1 ? " is" : "s are",
		    n->bridge);
	if (n->mode == CONF_ISOLATED) {
		rc = dnsmasq_down(n, err, sizeof(err));
		if (rc)
			die("%s: %s", n->name, err);
	}
	rc = fw_net_down(n, what, sizeof(what));
	if (rc)
		die("%s: cannot remove the nf_tables state%s%s: %s", n->name,
		    what[0] ? " at " : "", what, strerror(-rc));
	for (i = 0; br && i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;

		if (t->master != br->ifindex || !tap_of(t, n, &rec))
			continue;
		rc = restore_tap(c, t);
		if (rc < 0)
			die("%s: cannot detach %s: %s", n->name, t->name,
			    nl_geterror(rc));
	}
	if (veth) {
		rc = link_delete(c->sk, veth->ifindex);
		if (rc < 0)
			die("%s: cannot delete %s: %s", n->name, veth->name,
			    nl_geterror(rc));
	}
	if (br && owned) {
		rc = link_delete(c->sk, br->ifindex);
		if (rc < 0)
			die("%s: cannot delete %s: %s", n->name, n->bridge,
			    nl_geterror(rc));
	}
	printf("%s: down\n", n->name);
	return 0;
}

static int cmd_updown(struct ctl *c, int argc, char **argv, bool up)
{
	bool all = false, force = false;
	const char *name = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--all"))
			all = true;
		else if (!up && !strcmp(argv[i], "--force"))
			force = true;
		else if (argv[i][0] != '-' && !name)
			name = argv[i];
		else
			die("%s: unexpected argument '%s'", up ? "up" : "down",
			    argv[i]);
	}
	if (all == !!name)
		die("%s: give one NETWORK or --all", up ? "up" : "down");
	need_root();
	load(c);
	open_sock(c);		/* down_one() reads the links it needs */
	if (name) {
		const struct conf_network *n = conf_find(&c->conf, name);

		if (!n)
			die("no network '%s' in %s", name, c->conf.embedded ?
			    CONF_EMBEDDED_NAME : c->conf_path);
		return up ? up_one(c, n) : down_one(c, n, force);
	}
	for (i = 0; i < (int)c->conf.n; i++) {
		if (up)
			up_one(c, &c->conf.nets[i]);
		else
			down_one(c, &c->conf.nets[i], force);
	}
	return 0;
}

/* ---- status -------------------------------------------------------- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

/* A JSON string, or null. */
static void json_opt(const char *s)
{
	if (s)
		json_str(s);
	else
		fputs("null", stdout);
}

static const char *user_name(uid_t uid, char *buf, size_t n)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(buf, n, "%s", pw->pw_name);
	else
		snprintf(buf, n, "%u", (unsigned)uid);
	return buf;
}

static const char *bridge_state(const struct link_info *br)
{
	if (!br)
		return "missing";
	return (br->flags & IFF_UP) ? "up" : "down";
}

/* The MAC and address the kernel learned for a tap whose record has none,
 * as text ("" when nothing was learned). */
static void learned_of(const struct conf_network *n, const char *tap,
		       const struct rec *rec, char mac[20], char ip[20])
{
	uint8_t m[6];
	uint32_t a;
	bool has_m, has_a;

	mac[0] = ip[0] = '\0';
	if (n->mode == CONF_BRIDGED ||
	    fw_vm_learned(n, tap, m, &has_m, &a, &has_a))
		return;
	if (has_m && !rec->has_mac)
		val_mac_str(m, mac);
	if (has_a && !rec->has_ip)
		val_ipv4_str(a, ip);
}

static int cmd_status(struct ctl *c, int argc, char **argv)
{
	bool json = false, any_learned = false;
	size_t i, j;
	int k;

	for (k = 0; k < argc; k++) {
		if (!strcmp(argv[k], "--json"))
			json = true;
		else
			die("status: unexpected argument '%s'", argv[k]);
	}
	load(c);
	read_links(c);
	if (json)
		printf("{\"networks\":[");
	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *n = &c->conf.nets[i];
		const struct link_info *br = find_link(c, n->bridge);
		char addr[16];
		bool first = true;

		if (json) {
			printf("%s{\"name\":", i ? "," : "");
			json_str(n->name);
			printf(",\"mode\":\"%s\",\"bridge\":",
			       conf_mode_name(n->mode));
			json_str(n->bridge);
			printf(",\"bridge_state\":\"%s\",\"taps\":[",
			       bridge_state(br));
		} else {
			printf("network %s: mode %s, bridge %s (%s)", n->name,
			       conf_mode_name(n->mode), n->bridge,
			       bridge_state(br));
			if (n->has_address) {
				val_ipv4_str(n->address.addr, addr);
				printf(", address %s/%u", addr,
				       n->address.len);
			}
			printf("\n");
		}
		for (j = 0; j < c->nlinks; j++) {
			const struct link_info *t = &c->links[j];
			char user[64], mac[20] = "-", ip[20] = "-";
			char lmac[20], lip[20];
			struct rec rec;
			bool attached;

			if (!rec_is_ours(t->alias) || rec_parse(t->alias, &rec) ||
			    strcmp(rec.network, n->name))
				continue;
			attached = br && t->master == br->ifindex;
			user_name(rec.uid, user, sizeof(user));
			if (rec.has_mac)
				val_mac_str(rec.mac, mac);
			if (rec.has_ip)
				val_ipv4_str(rec.ip, ip);
			learned_of(n, t->name, &rec, lmac, lip);
			if (!json && lmac[0]) {
				snprintf(mac, sizeof(mac), "%s*", lmac);
				any_learned = true;
			}
			if (!json && lip[0]) {
				snprintf(ip, sizeof(ip), "%s*", lip);
				any_learned = true;
			}
			if (json) {
				printf("%s{\"name\":", first ? "" : ",");
				json_str(t->name);
				printf(",\"uid\":%u,\"user\":", (unsigned)rec.uid);
				json_str(user);
				printf(",\"mac\":");
				json_opt(rec.has_mac ? mac : NULL);
				printf(",\"ip\":");
				json_opt(rec.has_ip ? ip : NULL);
				printf(",\"learned_mac\":");
				json_opt(lmac[0] ? lmac : NULL);
				printf(",\"learned_ip\":");
				json_opt(lip[0] ? lip : NULL);
				printf(",\"attached\":%s}",
				       attached ? "true" : "false");
			} else {
				if (first)
					printf("  %-15s %-12s %-12s %-17s %-15s "
					       "%s\n", "TAP", "USER", "NETWORK",
					       "MAC", "IP", "STATE");
				printf("  %-15s %-12s %-12s %-17s %-15s %s\n",
				       t->name, user, n->name, mac, ip,
				       attached ? "attached" :
						  "stale (run vmnetctl gc)");
			}
			first = false;
		}
		if (json)
			printf("]}");
		else if (first)
			printf("  no taps\n");
	}
	if (json)
		printf("]}\n");
	else if (any_learned)
		printf("* learned from the VM's own frames\n");
	return 0;
}

/* ---- print --------------------------------------------------------- */

static int print_wlan(struct ctl *c, const struct conf_network *n)
{
	static struct fw_wlan w;
	struct link_info up, br, u;
	char vs[IFNAMSIZ], us[IFNAMSIZ], mac[18];
	bool a4 = n->method == CONF_METHOD_4ADDR;

	open_sock(c);
	memset(&w, 0, sizeof(w));
	if (link_get(c->sk, 0, n->uplink, &up) < 0 || !up.has_mac)
		die("%s: uplink %s does not exist (print needs its MAC and "
		    "addresses)", n->name, n->uplink);
	if (link_get(c->sk, 0, n->bridge, &br) < 0)
		br.ifindex = -1;
	wlan_host(c, n, &up, br.ifindex, &w);
	val_mac_str(up.mac, mac);
	if (a4) {
		printf("# bridge %s, with the uplink %s as a port in 4-address "
		       "mode, belongs to the\n# administrator:\n"
		       "#   iw dev %s set 4addr on\n"
		       "#   ip link set %s master %s\n", n->bridge, n->uplink,
		       n->uplink, n->uplink, n->bridge);
	} else {
		conf_wlan_veth(n, vs, us);
		if (link_get(c->sk, 0, us, &u) == 0)
			w.vm_end_ifindex = u.ifindex;
		printf("ip link add %s type bridge\n"
		       "ip link set %s alias '" BRIDGE_TAG "%s'\n"
		       "ip link add %s type veth peer name %s\n"
		       "ip link set %s alias '" VETH_TAG "%s'\n"
		       "sysctl -w net.ipv6.conf.%s.disable_ipv6=1 "
		       "net.ipv6.conf.%s.disable_ipv6=1 "
		       "net.ipv6.conf.%s.disable_ipv6=1\n"
		       "ip link set %s master %s up\n"
		       "ip link set %s up\n"
		       "ip link set %s up\n", n->bridge, n->bridge, n->name,
		       vs, us, vs, n->name, n->bridge, vs, us, vs, n->bridge,
		       us, n->bridge);
	}
	printf("# subnet_%s and hostips_%s: the addresses of %s as of now "
	       "(run 'vmnetctl up %s'\n# again when it joins another "
	       "network), its gateways\n", n->name, n->name,
	       a4 ? n->bridge : n->uplink, n->name);
	printf("nft -f - <<'EOF'\n");
	fw_wlan_print(stdout, n, &w);
	printf("EOF\n");
	printf("# per tap, vmnet-ifup first adds its elements:\n"
	       "#   nft add element bridge vmnet ports_%s { \"TAP\" }\n"
	       "#   nft add element bridge vmnet pairs_%s { \"TAP\" . MAC }\n"
	       "#   with VMNET_IP (and VMNET_MAC):\n"
	       "#     nft add element bridge vmnet tapip_%s { \"TAP\" : IP }\n"
	       "#     nft add element bridge vmnet tapset_%s { \"TAP\" . IP }\n"
	       "#     nft add element bridge vmnet claimed_%s { IP }\n"
	       "#     nft add element %s vmnet ip4mac_%s { IP : MAC }\n"
	       "#   without: nft add element bridge vmnet iplearn_%s "
	       "{ \"TAP\" } (the first address it uses)\n"
	       "# then attaches the tap in one netlink message:\n"
	       "#   ip link set TAP address fe:XX:XX:XX:XX:XX mtu <mtu of %s> "
	       "group %u alias '<record>' master %s up\n",
	       n->name, n->name, n->name, n->name, n->name,
	       a4 ? "bridge" : "netdev", n->name, n->name, n->bridge,
	       (unsigned)conf_port_group(n->name), n->bridge);
	if (a4)
		printf("# The classic ebtables recipe, which this replaces, "
		       "with one rule pair per VM:\n"
		       "#   ebtables -t nat -A POSTROUTING -o %s -j snat "
		       "--to-src %s --snat-arp --snat-target ACCEPT\n"
		       "#   per VM with address IP and MAC MAC:\n"
		       "#   ebtables -t nat -A PREROUTING -i %s -p IPv4 "
		       "--ip-dst IP -j dnat --to-dst MAC --dnat-target ACCEPT\n"
		       "#   ebtables -t nat -A PREROUTING -i %s -p ARP "
		       "--arp-ip-dst IP -j dnat --to-dst MAC --dnat-target "
		       "ACCEPT\n", n->uplink, mac, n->uplink, n->uplink);
	return 0;
}

static int cmd_print(struct ctl *c, int argc, char **argv)
{
	static struct lan_range lan[LAN_MAX_RANGES];
	static char text[DNS_CONF_MAX];
	const struct conf_network *n;
	struct link_info br;
	char addr[16], dir[128], conf[128];
	unsigned mtu = 1500;
	int nlan;

	if (argc != 1)
		die("print: give one NETWORK");
	load(c);
	n = conf_find(&c->conf, argv[0]);
	if (!n)
		die("no network '%s'", argv[0]);
	printf("# vmnet network %s, mode %s: what 'vmnetctl up %s' does, as "
	       "commands\n", n->name, conf_mode_name(n->mode), n->name);
	if (n->mode == CONF_WLAN)
		return print_wlan(c, n);
	if (n->mode != CONF_ISOLATED) {
		printf("# bridge %s is created by the administrator\n"
		       "# per tap, vmnet-ifup sends one netlink message:\n"
		       "#   ip link set TAP address fe:XX:XX:XX:XX:XX mtu "
		       "<mtu of %s> alias '<record>' master %s up\n",
		       n->bridge, n->bridge, n->bridge);
		return 0;
	}
	open_sock(c);
	br.ifindex = 0;
	if (link_get(c->sk, 0, n->bridge, &br) == 0)
		mtu = br.mtu;
	else
		br.ifindex = 0;
	nlan = lan_now(c, n, br.ifindex, lan);
	val_ipv4_str(n->address.addr, addr);
	printf("ip link add %s type bridge\n"
	       "ip link set %s alias '" BRIDGE_TAG "%s'\n"
	       "ip address add %s/%u dev %s\n"
	       "ip link set %s up\n"
	       "sysctl -w net.ipv4.ip_forward=1\n",
	       n->bridge, n->bridge, n->name, addr, n->address.len,
	       n->bridge, n->bridge);
	if (n->lan_block)
		printf("# lan = block: the LAN ranges below are the private, "
		       "shared and link-local\n# ranges, this host's "
		       "subnets as of now, and block-extra\n");
	printf("nft -f - <<'EOF'\n");
	fw_net_print(stdout, n, lan, (size_t)nlan);
	printf("EOF\n");
	dns_path(n, NULL, dir, sizeof(dir));
	dns_path(n, "dnsmasq.conf", conf, sizeof(conf));
	if (dns_conf(n, &c->acl, mtu, text, sizeof(text)))
		die("%s: dnsmasq configuration too large", n->name);
	printf("mkdir -p -m 0755 %s\n"
	       "cat > %s <<'EOF'\n%sEOF\n"
	       "%s --conf-file=%s\n", dir, conf, text, DNSMASQ_PATH, conf);
	printf("# per tap, vmnet-ifup first adds its anti-spoofing elements:\n"
	       "#   nft add element bridge vmnet ports_%s { \"TAP\" }\n"
	       "#   nft add element bridge vmnet pairs_%s { \"TAP\" . MAC }\n"
	       "#   (without a known MAC: nft add element bridge vmnet "
	       "learn_%s { \"TAP\" })\n"
	       "# then attaches the tap in one netlink message:\n"
	       "#   ip link set TAP address fe:XX:XX:XX:XX:XX mtu <mtu of %s> "
	       "alias '<record>' master %s up\n",
	       n->name, n->name, n->name, n->bridge, n->bridge);
	return 0;
}

static int cmd_gc(struct ctl *c)
{
	size_t i, fixed = 0;

	need_root();
	load(c);
	read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		const struct conf_network *n;
		const struct link_info *br;
		const char *why = NULL;
		struct rec rec;
		int rc;

		if (!rec_is_ours(t->alias))
			continue;
		if (strcmp(t->kind, "tun"))
			why = "not a tap";
		else if (rec_parse(t->alias, &rec))
			why = "damaged record";
		else if (!(n = conf_find(&c->conf, rec.network)))
			why = "network no longer configured";
		else if (!(br = find_link(c, n->bridge)) ||
			 t->master != br->ifindex)
			why = "not attached to its network's bridge";
		if (!why)
			continue;
		rc = restore_tap(c, t);
		if (rc < 0)
			die("gc: %s: %s", t->name, nl_geterror(rc));
		printf("gc: %s: removed vmnet state (%s)\n", t->name, why);
		fixed++;
	}
	for (i = 0; i < c->conf.n; i++) {
		const struct conf_network *n = &c->conf.nets[i];
		const struct link_info *br;
		unsigned added, removed;

		if (n->mode == CONF_BRIDGED || !fw_net_present(n))
			continue;
		br = find_link(c, n->bridge);
		repair_vms(c, n, br ? br->ifindex : -1, &added, &removed);
		if (added)
			printf("gc: %s: restored the anti-spoofing state of %u "
			       "attached tap%s\n", n->name, added,
			       added == 1 ? "" : "s");
		if (removed)
			printf("gc: %s: removed the anti-spoofing state of %u "
			       "tap%s that %s gone\n", n->name, removed,
			       removed == 1 ? "" : "s",
			       removed == 1 ? "is" : "are");
		fixed += removed;
	}
	printf("gc: %zu stale tap%s cleaned\n", fixed, fixed == 1 ? "" : "s");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "acl", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c = {
		.conf_path = CONF_DEFAULT_PATH, .acl_path = ACL_DEFAULT_PATH,
	};
	const char *cmd;
	int o;

	while ((o = getopt_long(argc, argv, "+c:a:hV", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			c.conf_path = optarg;
			break;
		case 'a':
			c.acl_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("vmnetctl %s\n", VMNET_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	cmd = argv[optind++];
	argc -= optind;
	argv += optind;
	if (!strcmp(cmd, "check") && argc == 0)
		return cmd_check(&c);
	if (!strcmp(cmd, "up"))
		return cmd_updown(&c, argc, argv, true);
	if (!strcmp(cmd, "down"))
		return cmd_updown(&c, argc, argv, false);
	if (!strcmp(cmd, "status"))
		return cmd_status(&c, argc, argv);
	if (!strcmp(cmd, "print"))
		return cmd_print(&c, argc, argv);
	if (!strcmp(cmd, "gc") && argc == 0)
		return cmd_gc(&c);
	die("unknown command or arguments: %s (see vmnetctl --help)", cmd);
}
