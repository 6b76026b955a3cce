// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * status.c - "vmnetctl status [--json]": networks, their state and what
 * is wrong with it, the attached taps with owner, MAC and address
 * (configured, or learned by the kernel). Text and JSON come from the same
 * calls (out.c); the JSON is a stable interface (vmnetctl(8)). Exit status
 * 1 when a network that is up lacks some of its state.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "cmds.h"
#include "fw/leases.h"
#include "fw/vmscan.h"
#include "names.h"
#include "out.h"
#include "ovn.h"
#include "rundir.h"

static const char *bridge_state(const struct link_info *br)
{
	if (!br)
		return "missing";
	return (br->flags & IFF_UP) ? "up" : "down";
}

/* The network's leases, for the addresses of the taps without one. */
struct lease_list {
	struct {
		uint8_t mac[6];
		union inany ip;
	} v[FW_MAX_SEEDS];
	size_t n;
};

static int lease_cb(const uint8_t mac[6], const union inany *ip,
		    uint64_t ms_left, void *arg)
{
	struct lease_list *l = arg;

	(void)ms_left;
	if (l->n < FW_MAX_SEEDS) {
		memcpy(l->v[l->n].mac, mac, 6);
		l->v[l->n++].ip = *ip;
	}
	return 0;
}

/* The MAC and address the kernel learned for a tap whose record has
 * none ("" when nothing was learned), from the network's scan: the
 * address the DHCP server leased to its MAC, where VMs have leases. */
static void learned_of(const struct fw_vm_scan *scan,
		       const struct lease_list *leases,
		       const struct link_info *t, const struct rec *rec,
		       char mac[20], char ip[INANY_STRLEN])
{
	const struct fw_vm_state *st = fw_vm_scan_find(scan, t->ifindex);
	size_t i;

	mac[0] = ip[0] = '\0';
	if (!st)
		return;
	if (st->learns_mac && st->has_mac && !rec->has_mac)
		val_mac_str(st->mac, mac);
	if (st->learns_ip && st->has_ip && !rec->has_ip)
		inany_str(&st->ip, ip);
	for (i = 0; i < leases->n && st->has_mac && !rec->has_ip; i++)
		if (!memcmp(leases->v[i].mac, st->mac, 6))
			inany_str(&leases->v[i].ip, ip);
}

/* The IPv6 addresses of tap @t (bridged networks): the configured one
 * ("ip6") and those it claimed ("learned_ip6", marked "*"), in text on
 * a line under the tap's. */
static void ip6_rows(const struct conf_network *n,
		     const struct fw_vm_scan *scan, const struct link_info *t,
		     const struct rec *rec)
{
	char a[INANY_STRLEN];
	struct fw_net fn;
	size_t i;
	bool any = rec->has_ip6;

	fw_net_of(n, &fn);
	if (!fw_has_set(&fn, FS_CLAIMED6))
		return;
	if (rec->has_ip6)
		inany_str(&rec->ip6, a);
	out_str(OUT_JSON, "ip6", "%s", rec->has_ip6 ? a : NULL);
	if (rec->has_ip6)
		out_text("    ipv6 %s", a);
	out_arr_open("learned_ip6");
	for (i = 0; i < scan->n6; i++) {
		if (scan->c6[i].ifindex != t->ifindex ||
		    (rec->has_ip6 && inany_equal(&scan->c6[i].ip, &rec->ip6)))
			continue;
		inany_str(&scan->c6[i].ip, a);
		out_str(OUT_JSON, NULL, "%s", a);
		out_text("%s%s*", any ? " " : "    ipv6 ", a);
		any = true;
	}
	if (any)
		out_text("\n");
	out_arr_close();
}

/* The lines under tap @t's: its IPv6 addresses, its name (@dns). */
static void more_rows(const struct conf_network *n,
		      const struct fw_vm_scan *scan,
		      const struct link_info *t, const struct rec *rec,
		      const char *dns)
{
	ip6_rows(n, scan, t, rec);
	if (dns)
		out_str(OUT_ANY, "dns_name", "    name %s\n", dns);
}

static void tap_row(const struct conf_network *n,
		    const struct fw_vm_scan *scan,
		    const struct lease_list *leases, const struct link_info *t,
		    const struct rec *rec, bool attached, bool *learned,
		    const struct ovn_port *op, const char *dns)
{
	char user[64], mac[20] = "", ip[INANY_STRLEN] = "", lmac[20];
	char lip[INANY_STRLEN], tmac[24], tip[INANY_STRLEN + 2];

	if (rec->via == REC_VIA_ADOPTED)
		snprintf(user, sizeof(user), "(adopted)");
	else
		ctl_user(rec->uid, user, sizeof(user));
	if (rec->has_mac)
		val_mac_str(rec->mac, mac);
	if (rec->has_ip)
		inany_str(&rec->ip, ip);
	learned_of(scan, leases, t, rec, lmac, lip);
	if (op && !rec->has_ip && strchr(op->security, ' '))	/* OVN's */
		snprintf(lip, sizeof(lip), "%s", strchr(op->security, ' ') + 1);
	snprintf(tmac, sizeof(tmac), "%s%s", lmac[0] ? lmac : mac[0] ? mac : "-",
		 lmac[0] ? "*" : "");
	snprintf(tip, sizeof(tip), "%s%s", lip[0] ? lip : ip[0] ? ip : "-",
		 lip[0] ? "*" : "");
	*learned |= lmac[0] || lip[0];
	out_obj_open(NULL);
	out_str(OUT_ANY, "name", "  %-15s", t->name);
	if (rec->via == REC_VIA_ADOPTED)
		out_str(OUT_JSON, "uid", "%s", NULL);	/* unknown */
	else
		out_uint(OUT_JSON, "uid", "%lu", rec->uid);
	out_str(OUT_JSON, "via", "%s", rec_via_name(rec->via));
	out_str(OUT_ANY, "user", " %-12s", user);
	out_str(OUT_TEXT, NULL, " %-12s", n->name);
	out_str(OUT_TEXT, NULL, " %-17s", tmac);
	out_str(OUT_TEXT, NULL, " %-15s", tip);
	out_str(OUT_JSON, "mac", "%s", rec->has_mac ? mac : NULL);
	out_str(OUT_JSON, "ip", "%s", rec->has_ip ? ip : NULL);
	out_str(OUT_JSON, "learned_mac", "%s", lmac[0] ? lmac : NULL);
	out_str(OUT_JSON, "learned_ip", "%s", lip[0] ? lip : NULL);
	out_bool(OUT_JSON, "attached", "%s", attached);
	out_text(" %s", mode_of(n)->port == PORT_OVN && !op ?
		 "unknown (OVS and OVN: root only)" :
		 op && !attached ? "not bound (run vmnetctl gc)" :
		 attached ? "attached" : "stale (run vmnetctl gc)");
	if (rec->rate) {
		char r[24];

		val_rate_str(rec->rate, r, sizeof(r));
		out_uint(OUT_JSON, "rate_kbit", "%lu", rec->rate);
		out_text(", %s each way", r);
	}
	out_text("\n");
	if (op) {
		out_str(OUT_ANY, "logical_port", "    logical port %s", op->lsp);
		out_bool(OUT_JSON, "ovn_installed", "%s", op->installed);
		out_bool(OUT_JSON, "ovn_up", "%s", op->up);
		out_str(OUT_JSON, "port_security", "%s", op->security);
		out_text(": %s, %s, port security '%s'\n",
			 op->installed ? "installed on this chassis" :
					 "not installed on this chassis",
			 op->up ? "up" : "not up", op->security);
	}
	more_rows(n, scan, t, rec, dns);
	out_obj_close();
}

/* Tap @t's name, as names.d/hosts gives it (NULL: none). */
static const char *dns_of(const struct conf_network *n,
			  const struct names_entry *e, size_t ne,
			  const struct link_info *t, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < ne; i++)
		if (e[i].ifindex == t->ifindex) {
			snprintf(buf, size, "%s.%s", e[i].name, n->domain);
			return buf;
		}
	return NULL;
}

/* The "taps" of network @n: every tap with a record for it. */
static void tap_rows(struct ctl *c, const struct conf_network *n,
		     const struct link_info *br, bool root, bool *learned)
{
	static struct names_entry names[NAMES_MAX];
	static struct lease_list leases;
	char dns[VAL_HOSTLABEL_MAX + VAL_DOMAIN_MAX + 2];
	struct fw_vm_scan scan;
	struct ovn_port op;
	struct fw_net fn;
	bool any = false;
	ssize_t nn;
	size_t i;

	/* what the kernel learned, one dump per set for all the taps (not
	 * readable without CAP_NET_ADMIN: then nothing learned is shown) */
	fw_net_of(n, &fn);
	memset(&scan, 0, sizeof(scan));
	leases.n = 0;
	if (root && fw_guarded(&fn)) {
		fw_vm_scan(c->nft, &fn, &scan);
		fw_vm_scan_claims6(c->nft, &fn, &scan);
		fw_leases_each(c->nft, &fn, lease_cb, &leases);
	}
	nn = names_read(n, names, NAMES_MAX);	/* (everyone's to read) */
	if (nn < 0)
		nn = 0;
	out_arr_open("taps");
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct rec rec;

		if (!ctl_tap_of(t, n->name, &rec))
			continue;
		if (!any)
			out_text("  %-15s %-12s %-12s %-17s %-15s %s\n", "TAP",
				 "USER", "NETWORK", "MAC", "IP", "STATE");
		any = true;
		if (mode_of(n)->port == PORT_OVN) {
			bool have = root && !ovn_port_read(n, t, &op);

			tap_row(n, &scan, &leases, t, &rec, have && op.bound,
				learned, have ? &op : NULL, NULL);
			continue;
		}
		tap_row(n, &scan, &leases, t, &rec,
			br && t->master == br->ifindex, learned, NULL,
			dns_of(n, names, (size_t)nn, t, dns, sizeof(dns)));
	}
	fw_vm_scan_free(&scan);
	if (!any)
		out_text("  no taps\n");
	out_arr_close();
}

/* An isolated network's IPv6: its address, and whether its VMs reach
 * the IPv6 internet (and if not, why: fwd6.c). */
static void ipv6_line(struct ctl *c, const struct conf_network *n)
{
	char addr[INANY_STRLEN + 4], why[160];
	bool inet;

	if (!net_v6(n)) {
		out_str(OUT_ANY, "no_ipv6", ", no IPv6 (%s)",
			ula6_missing(n) ? "no machine id to derive a prefix "
			"from: set address6" : n->address6_mode ==
			CONF_V6_NONE ? "address6 = none" : "the host has none");
		return;
	}
	inany_str(&n->address6.addr, addr);
	snprintf(addr + strlen(addr), sizeof(addr) - strlen(addr), "/%u",
		 n->address6.len);
	out_str(OUT_ANY, "address6", ", address6 %s", addr);
	inet = net6_internet(c, why, sizeof(why));
	out_bool(OUT_JSON, "ipv6_internet", "%s", inet);
	if (!inet)
		out_str(OUT_ANY, "ipv6_internet_why", " (no IPv6 internet: %s)",
			why);
}

static bool network(struct ctl *c, const struct conf_network *n,
		    bool *learned)
{
	bool root = geteuid() == 0, up;
	const struct link_info *br;
	struct fw_problems p;
	char addr[INANY_STRLEN + 4];
	size_t i;

	/* nf_tables answers only CAP_NET_ADMIN: others see no state check */
	memset(&p, 0, sizeof(p));
	if (root)
		ctl_verify(c, n, &p);	/* reads the links afresh */
	else
		ctl_read_links(c);
	up = root ? ctl_net_is_up(c, n) : ctl_link(c, n->bridge) != NULL;
	br = ctl_link(c, n->bridge);
	out_obj_open(NULL);
	out_str(OUT_ANY, "name", "network %s:", n->name);
	out_str(OUT_ANY, "mode", " mode %s,", conf_mode_name(n->mode));
	if (mode_of(n)->port == PORT_OVN) {
		out_str(OUT_ANY, "switch", " logical switch %s",
			n->ovn_switch);
		out_str(OUT_ANY, "bridge", " on %s", n->bridge);
	} else {
		out_str(OUT_ANY, "bridge", " bridge %s", n->bridge);
		out_str(OUT_ANY, "bridge_state", " (%s)", bridge_state(br));
	}
	if (n->has_address) {
		inany_str(&n->address.addr, addr);
		snprintf(addr + strlen(addr), sizeof(addr) - strlen(addr),
			 "/%u", n->address.len);
		out_str(OUT_ANY, "address", ", address %s", addr);
	}
	if (mode_of(n)->routed)
		ipv6_line(c, n);
	if (mode_of(n)->guard_key) {
		out_bool(OUT_JSON, "guard", "%s", n->guard);
		if (!n->guard)
			out_text(", unguarded (guard = no)");
	}
	out_str(OUT_JSON, "state", "%s", !root ? "unknown" : !up ? "down" :
					       p.n ? "broken" : "ok");
	out_text("%s\n", up ? "" : ", down");
	out_arr_open("problems");
	for (i = 0; i < p.n && i < sizeof(p.text) / sizeof(p.text[0]); i++)
		out_str(OUT_ANY, NULL, "  problem: %s\n", p.text[i]);
	if (p.n)
		out_text("  run 'vmnetctl up %s' to repair\n", n->name);
	out_arr_close();
	tap_rows(c, n, br, root, learned);
	out_obj_close();
	return p.n == 0;
}

/* Whether process @pid is a vmnetd: its command name, and it runs as
 * root (a user may name a process of theirs vmnetd). */
static bool is_vmnetd(long pid)
{
	char path[48], buf[512] = "";
	unsigned ruid = 1;
	const char *u;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	u = strstr(buf, "\nUid:");
	return !strncmp(buf, "Name:\tvmnetd\n", 13) && u &&
	       sscanf(u, "\nUid: %u", &ruid) == 1 && ruid == 0;
}

/*
 * vmnetd's pid, if it runs: the pid file (root's, written by vmnetd)
 * names a live vmnetd and, as root, vmnetd's lock is held. Nobody can
 * make a vmnetd that is not there look running, nor hide one that is.
 */
static long daemon_pid(void)
{
	char buf[32] = "";
	struct stat st;
	long pid = 0;
	int fd = open(VMNETD_PID_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_uid == 0 &&
	    read(fd, buf, sizeof(buf) - 1) > 0)
		pid = strtol(buf, NULL, 10);
	close(fd);
	if (pid <= 0 || !is_vmnetd(pid))
		return 0;
	if (geteuid() == 0 && rundir_lock_held(VMNETD_LOCK_FILE) != 1)
		return 0;
	return pid;
}

/* Whether vmnetd runs, and the last repair it made ("TIME LINE"). */
static void daemon_status(void)
{
	char line[320] = "", when[32];
	long pid = daemon_pid();
	long long t = 0;
	FILE *f;
	int off = 0;

	out_obj_open("vmnetd");
	out_bool(OUT_JSON, "running", "%d", pid != 0);
	if (pid > 0)
		out_uint(OUT_JSON, "pid", "%lu", (unsigned long)pid);
	out_text(pid ? "vmnetd: running" : "vmnetd: not running (networks "
		 "are not kept up while the host changes; see vmnetd(8))");
	if (pid > 0)
		out_text(" (pid %ld)", pid);
	f = fopen(VMNETD_LAST_FILE, "re");
	if (f && fgets(line, sizeof(line), f) &&
	    sscanf(line, "%lld %n", &t, &off) == 1 && off > 0) {
		time_t tt = (time_t)t;
		struct tm tm;

		line[strcspn(line, "\n")] = '\0';
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S",
			 localtime_r(&tt, &tm));
		out_obj_open("last_repair");
		out_uint(OUT_JSON, "time", "%lu", (unsigned long)t);
		out_str(OUT_JSON, "what", "%s", line + off);
		out_obj_close();
		out_text(", last repair %s: %s", when, line + off);
	}
	if (f)
		fclose(f);
	out_text("\n");
	out_obj_close();
}

/* "status [--json]" */
int cmd_status(struct ctl *c, int argc, char **argv)
{
	bool learned = false, ok = true;
	size_t i;
	int k;

	for (k = 0; k < argc; k++) {
		if (!strcmp(argv[k], "--json"))
			c->json = true;
		else
			ctl_die("status: unexpected argument '%s'", argv[k]);
	}
	ctl_load(c);
	ctl_open(c);
	out_start(c->json);
	out_obj_open(NULL);
	daemon_status();
	out_arr_open("networks");
	for (i = 0; i < c->conf.n; i++)
		ok &= network(c, &c->conf.nets[i], &learned);
	out_arr_close();
	out_obj_close();
	out_end();
	if (learned)
		out_text("* learned from the VM's own frames\n");
	if (geteuid() == 0)
		ctl_host_diagnose(c);	/* on stderr, as check */
	return ok ? 0 : 1;
}
