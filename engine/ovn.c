// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ovn.c - a network of mode ovn in OVS and OVN (see SECURITY.md, "Across
 * hosts with OVN"), written with Open vSwitch's own tools: ovs-vsctl for
 * this chassis's Open_vSwitch database, ovn-nbctl for the northbound one.
 * Each runs with a fixed argument vector (values vmnet.conf's parser and
 * the tap's record checked), an empty environment and a deadline.
 *
 * What vmnet writes, and how it finds it again:
 *   - the logical switch: external_ids:vmnet-network=NETWORK ("up");
 *     with "address", OVN's subnet for dynamic addresses and one
 *     DHCP_Options row (external_ids:vmnet-switch=SWITCH);
 *   - per tap, the logical port "vmnet-CHASSIS-IFINDEX" (CHASSIS: this
 *     host's system-id) with the VM's MAC and address as its addresses
 *     and port security, external_ids vmnet-chassis, vmnet-network,
 *     vmnet-uid, vmnet-ifindex; lsp-add refuses a name that exists, so a
 *     port is never taken over;
 *   - then the tap's interface on the integration bridge, with
 *     external_ids:iface-id naming that port (and vmnet-network,
 *     vmnet-ifindex, vmnet-uid).
 * The logical port comes first: when ovn-controller sees the interface,
 * the port already has its final addresses and port security.
 *
 * What is stale (ovn_gc()): an interface or logical port of this chassis
 * whose tap, read after them, is gone or carries no OVN record of that
 * network. The setuid programs write the record before they ask for the
 * binding, so a binding in progress is never stale.
 */
#include "ovn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attach.h"
#include "lock.h"
#include "slots.h"

#define RUN_DEADLINE_MS ((OVN_UP_WAIT_S + 15) * 1000)
#define DB_ARG_MAX (CONF_OVN_DB_MAX + 8)

static long long mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Read what the tool writes on @fd into @buf (the rest is discarded). */
static bool take(int fd, char *buf, size_t size, size_t *len)
{
	char tmp[1024];
	ssize_t n = read(fd, tmp, sizeof(tmp));
	size_t k;

	if (n <= 0)
		return n == 0 || (errno != EINTR && errno != EAGAIN);
	k = (size_t)n;
	if (k > size - 1 - *len)
		k = size - 1 - *len;
	memcpy(buf + *len, tmp, k);
	*len += k;
	buf[*len] = '\0';
	return false;
}

static void child_exec(const char *const *argv, int out, int err)
{
	static char *const envp[] = { "LC_ALL=C", NULL };
	sigset_t none;
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 ||
	    dup2(err, 2) < 0)
		_exit(127);
	close_range(3, ~0U, 0);
	execve(argv[0], (char *const *)argv, envp);
	_exit(127);
}

/**
 * ovn_run() - run an OVS or OVN tool and wait for it (at most
 * RUN_DEADLINE_MS; its own --timeout comes first)
 * @argv:	absolute path first, NULL-terminated
 * @out:	result: its standard output, the last newline cut (may be
 *		NULL)
 * @size:	size of @out
 * @why:	result on failure: its first line of standard error
 * @wsize:	size of @why
 *
 * Return: 0, -EIO when it failed, -ETIMEDOUT when it was killed, or
 * -errno when it did not start
 */
int ovn_run(const char *const *argv, char *out, size_t size, char *why,
	    size_t wsize)
{
	if (out && size)
		out[0] = '\0';
	char obuf[8192] = "", ebuf[1024] = "";
	size_t olen = 0, elen = 0;
	int po[2], pe[2], st = 0, rc;
	bool odone = false, edone = false;
	long long end = mono_ms() + RUN_DEADLINE_MS;
	pid_t pid;

	if (pipe2(po, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(pe, O_CLOEXEC) < 0) {
		rc = -errno;
		close(po[0]), close(po[1]);
		return rc;
	}
	pid = fork();
	if (pid == 0)
		child_exec(argv, po[1], pe[1]);
	rc = pid < 0 ? -errno : 0;
	close(po[1]), close(pe[1]);
	while (!rc && !(odone && edone)) {
		struct pollfd p[2] = {
			{ .fd = odone ? -1 : po[0], .events = POLLIN },
			{ .fd = edone ? -1 : pe[0], .events = POLLIN },
		};
		long long left = end - mono_ms();

		if (left <= 0 || poll(p, 2, (int)left) == 0) {
			kill(pid, SIGKILL);
			rc = -ETIMEDOUT;
			break;
		}
		if (p[0].revents)
			odone = take(po[0], obuf, sizeof(obuf), &olen);
		if (p[1].revents)
			edone = take(pe[0], ebuf, sizeof(ebuf), &elen);
	}
	close(po[0]), close(pe[0]);
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	if (olen && obuf[olen - 1] == '\n')
		obuf[--olen] = '\0';
	if (out)
		snprintf(out, size, "%s", obuf);
	if (!rc && !(WIFEXITED(st) && WEXITSTATUS(st) == 0))
		rc = -EIO;
	if (rc) {
		ebuf[strcspn(ebuf, "\n")] = '\0';
		snprintf(why, wsize, "%s: %s", strrchr(argv[0], '/') + 1,
			 rc == -ETIMEDOUT ? "timed out" :
			 ebuf[0] ? ebuf : pid < 0 ? strerror(-rc) :
			 "failed");
	}
	return rc;
}

/* "--db=..." */
static const char *db_arg(const char *db, char buf[DB_ARG_MAX])
{
	snprintf(buf, DB_ARG_MAX, "--db=%s", db);
	return buf;
}

/* A tool's value without the quotes OVSDB puts around some strings. */
static void unquote(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
}

/**
 * ovn_chassis() - this host's chassis name (the Open_vSwitch database's
 * external_ids:system-id, which ovn-controller registers under)
 * @n:		the network (its "ovsdb")
 * @id:		result
 * @why:	on failure, why
 * @size:	size of @why
 *
 * Return: 0 or -errno
 */
int ovn_chassis(const struct conf_network *n, char id[OVN_ID_MAX + 1],
		char *why, size_t size)
{
	char db[DB_ARG_MAX], out[256] = "";
	const char *argv[] = {
		OVN_VSCTL, db_arg(n->ovn_ovsdb, db), "--timeout=5",
		"--if-exists", "get", "Open_vSwitch", ".",
		"external_ids:system-id", NULL,
	};
	int rc = ovn_run(argv, out, sizeof(out), why, size);

	if (rc)
		return rc;
	unquote(out);
	if (!out[0] || !val_ovn_name(out)) {
		snprintf(why, size, "this host is not an OVN chassis: %s has "
			 "no usable external_ids:system-id", n->ovn_ovsdb);
		return -ENOENT;
	}
	snprintf(id, OVN_ID_MAX + 1, "%.*s", OVN_ID_MAX, out);
	return 0;
}

/**
 * ovn_port_name() - the logical port vmnet makes for tap @ifindex
 */
void ovn_port_name(const char *chassis, int ifindex, char *buf, size_t size)
{
	snprintf(buf, size, "vmnet-%s-%d", chassis, ifindex);
}

/* The switch's DHCP options row vmnet made ("" when none). */
static int dhcp_uuid(const struct conf_network *n, char *uuid, size_t size,
		     char *why, size_t wsize)
{
	char db[DB_ARG_MAX], cond[CONF_OVN_NAME_MAX + 40];
	const char *argv[] = {
		OVN_NBCTL, db_arg(n->ovn_nb, db), "--timeout=10", "--bare",
		"--columns=_uuid", "find", "DHCP_Options", cond, NULL,
	};

	snprintf(cond, sizeof(cond), "external_ids:vmnet-switch=%s",
		 n->ovn_switch);
	return ovn_run(argv, uuid, size, why, wsize);
}

struct bind_args {
	char db[DB_ARG_MAX], nb[DB_ARG_MAX];
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
		unquote(out);
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
	db_arg(n->ovn_ovsdb, b.db);
	db_arg(n->ovn_nb, b.nb);
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
		rc = dhcp_uuid(n, b.dhcp, sizeof(b.dhcp), why, size);
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
	char chassis[OVN_ID_MAX + 1], lsp[OVN_ID_MAX + 24], db[DB_ARG_MAX],
	     nb[DB_ARG_MAX], cond[48], name[IFNAMSIZ + 8], out[128];
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
	db_arg(n->ovn_ovsdb, db);
	db_arg(n->ovn_nb, nb);
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

/* "k=v k=v" of a bare external_ids: the value of @key, or "" */
static void ext_get(const char *ext, const char *key, char *v, size_t size)
{
	size_t kl = strlen(key);
	const char *p = ext;

	v[0] = '\0';
	while (p && *p) {
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			size_t l = strcspn(p + kl + 1, " ");

			snprintf(v, size, "%.*s", (int)l, p + kl + 1);
			unquote(v);
			return;
		}
		p = strchr(p, ' ');
		if (p)
			p++;
	}
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
	static char ifaces[8192], lsps[8192];
	char chassis[OVN_ID_MAX + 1], db[DB_ARG_MAX], nb[DB_ARG_MAX],
	     cond[VAL_NETNAME_MAX + 40], cch[OVN_ID_MAX + 40], why[256],
	     prefix[OVN_ID_MAX + 8];
	const char *fi[] = {
		OVN_VSCTL, db, "--timeout=10", "--format=csv", "--data=bare",
		"--no-headings", "--columns=name,external_ids", "find",
		"Interface", cond, NULL,
	};
	const char *fl[] = {
		OVN_NBCTL, nb, "--timeout=10", "--bare", "--columns=name",
		"find", "Logical_Switch_Port", cch, cond, NULL,
	};
	unsigned removed = 0, k = 0;
	int gone[64];
	char *line, *save;

	if (ovn_chassis(n, chassis, why, sizeof(why))) {
		ctl_warn("%s: %s", n->name, why);
		return 0;
	}
	db_arg(n->ovn_ovsdb, db);
	db_arg(n->ovn_nb, nb);
	snprintf(cond, sizeof(cond), "external_ids:vmnet-network=%s", n->name);
	snprintf(cch, sizeof(cch), "external_ids:vmnet-chassis=%s", chassis);
	snprintf(prefix, sizeof(prefix), "vmnet-%s-", chassis);
	if (ovn_run(fi, ifaces, sizeof(ifaces), why, sizeof(why)) ||
	    ovn_run(fl, lsps, sizeof(lsps), why, sizeof(why))) {
		ctl_warn("%s: %s", n->name, why);
		return 0;
	}
	ctl_read_links(c);	/* after: see above */
	for (line = strtok_r(ifaces, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *ext = strchr(line, ','), ifx[16];

		if (!ext)
			continue;
		*ext++ = '\0';
		ext_get(ext, "vmnet-ifindex", ifx, sizeof(ifx));
		if (tap_holds(c, n, atoi(ifx), line))
			continue;
		if (ovn_unbind(n, line, atoi(ifx), why, sizeof(why))) {
			ctl_warn("%s: %s", n->name, why);
			continue;
		}
		printf("%s: removed interface %s and its logical port: the "
		       "tap is gone or detached\n", n->name, line);
		removed++;
		if (k < sizeof(gone) / sizeof(gone[0]))
			gone[k++] = atoi(ifx);
	}
	for (line = strtok_r(lsps, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *ldel[] = {
			OVN_NBCTL, nb, "--timeout=10", "--if-exists",
			"lsp-del", line, NULL,
		};
		int ifindex = atoi(line + strlen(prefix));
		unsigned j;

		for (j = 0; j < k && gone[j] != ifindex; j++)
			;
		if (strncmp(line, prefix, strlen(prefix)) || j < k ||
		    tap_holds(c, n, ifindex, NULL))
			continue;
		if (ovn_run(ldel, NULL, 0, why, sizeof(why))) {
			ctl_warn("%s: %s", n->name, why);
			continue;
		}
		printf("%s: removed logical port %s: its tap is gone\n",
		       n->name, line);
		removed++;
	}
	return removed;
}

/* The value of the switch's external_ids:vmnet-network ("" when none),
 * or -ENOENT when there is no such switch. */
static int switch_owner(const struct conf_network *n, char *owner,
			size_t size, char *why, size_t wsize)
{
	char nb[DB_ARG_MAX], out[128];
	const char *list[] = {
		OVN_NBCTL, nb, "--timeout=10", "--bare", "--columns=name",
		"find", "Logical_Switch", NULL, NULL,
	};
	const char *get[] = {
		OVN_NBCTL, nb, "--timeout=10", "--if-exists", "get",
		"Logical_Switch", n->ovn_switch, "external_ids:vmnet-network",
		NULL,
	};
	char cond[CONF_OVN_NAME_MAX + 8];
	int rc;

	db_arg(n->ovn_nb, nb);
	snprintf(cond, sizeof(cond), "name=%s", n->ovn_switch);
	list[7] = cond;
	rc = ovn_run(list, out, sizeof(out), why, wsize);
	if (rc)
		return rc;
	if (!out[0])
		return -ENOENT;
	rc = ovn_run(get, owner, size, why, wsize);
	unquote(owner);
	return rc;
}

/**
 * ovn_is_up() - whether network @n's logical switch exists as vmnet's
 */
bool ovn_is_up(const struct conf_network *n)
{
	char owner[64], why[256], chassis[OVN_ID_MAX + 1], key[OVN_ID_MAX + 48],
	     nb[DB_ARG_MAX], out[64];
	const char *get[] = {
		OVN_NBCTL, nb, "--timeout=10", "--if-exists", "get",
		"Logical_Switch", n->ovn_switch, key, NULL,
	};

	if (switch_owner(n, owner, sizeof(owner), why, sizeof(why)) ||
	    strcmp(owner, n->name) || ovn_chassis(n, chassis, why, sizeof(why)))
		return false;
	db_arg(n->ovn_nb, nb);
	snprintf(key, sizeof(key), "external_ids:vmnet-up-%s", chassis);
	return !ovn_run(get, out, sizeof(out), why, sizeof(why)) &&
	       !strcmp(out, "\"true\"");
}

/* The DHCP server's MAC: locally administered, from the network's name. */
static void server_mac(const struct conf_network *n, char buf[18])
{
	uint32_t h = conf_port_group(n->name);

	snprintf(buf, 18, "02:76:6d:%02x:%02x:%02x", (h >> 16) & 0xff,
		 (h >> 8) & 0xff, h & 0xff);
}

static void run_or_die(const struct conf_network *n, const char *const *argv,
		       char *out, size_t size)
{
	char why[256];

	if (ovn_run(argv, out, size, why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
}

/* With "address": OVN's subnet (dynamic addresses, the router's excluded)
 * and native DHCP, the router option naming that address. */
static void up_dhcp(const struct conf_network *n, const char *nb)
{
	char addr[INANY_STRLEN], net[INANY_STRLEN + 4], sub[80], excl[80],
	     uuid[64], why[256], mac[18], cidr[80], ext[CONF_OVN_NAME_MAX + 40],
	     o_router[80], o_server[80], o_mac[40], o_mtu[32];
	struct inany_range r;
	const char *set_ls[] = {
		OVN_NBCTL, nb, "--timeout=10", "set", "Logical_Switch",
		n->ovn_switch, sub, excl, NULL,
	};
	const char *create[] = {
		OVN_NBCTL, nb, "--timeout=10", "create", "DHCP_Options", cidr,
		ext, NULL,
	};
	const char *set_opt[] = {
		OVN_NBCTL, nb, "--timeout=10", "set", "DHCP_Options", uuid,
		"options:lease_time=3600", o_router, o_server, o_mac, o_mtu,
		NULL,
	};

	inany_str(&n->address.addr, addr);
	inany_prefix_range(&n->address, &r);
	inany_str(&r.lo, net);
	snprintf(sub, sizeof(sub), "other_config:subnet=%s/%u", net,
		 n->address.len);
	snprintf(excl, sizeof(excl), "other_config:exclude_ips=%s", addr);
	snprintf(cidr, sizeof(cidr), "cidr=%s/%u", net, n->address.len);
	snprintf(ext, sizeof(ext), "external_ids:vmnet-switch=%s",
		 n->ovn_switch);
	server_mac(n, mac);
	snprintf(o_router, sizeof(o_router), "options:router=%s", addr);
	snprintf(o_server, sizeof(o_server), "options:server_id=%s", addr);
	snprintf(o_mac, sizeof(o_mac), "options:server_mac=\"%s\"", mac);
	snprintf(o_mtu, sizeof(o_mtu), "options:mtu=%u", n->mtu);
	run_or_die(n, set_ls, NULL, 0);
	if (dhcp_uuid(n, uuid, sizeof(uuid), why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
	if (!uuid[0])
		run_or_die(n, create, uuid, sizeof(uuid));
	run_or_die(n, set_opt, NULL, 0);
}

/**
 * ovn_up() - bring OVN network @n up, or repair it: its logical switch
 * (made, or checked to be vmnet's for this network), its subnet and
 * DHCP options; the integration bridge must exist
 */
void ovn_up(struct ctl *c, const struct conf_network *n)
{
	char nb[DB_ARG_MAX], db[DB_ARG_MAX], owner[64], why[256], ext[64],
	     mine[OVN_ID_MAX + 48];
	const char *br[] = {
		OVN_VSCTL, db, "--timeout=10", "br-exists", n->bridge, NULL,
	};
	const char *add[] = {
		OVN_NBCTL, nb, "--timeout=10", "--may-exist", "ls-add",
		n->ovn_switch, "--", "set", "Logical_Switch", n->ovn_switch,
		ext, mine, NULL,
	};
	char chassis[OVN_ID_MAX + 1];
	int rc;

	(void)c;
	db_arg(n->ovn_nb, nb);
	db_arg(n->ovn_ovsdb, db);
	if (ovn_chassis(n, chassis, why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
	if (ovn_run(br, NULL, 0, why, sizeof(why)))
		ctl_die("%s: integration bridge %s does not exist in %s",
			n->name, n->bridge, n->ovn_ovsdb);
	rc = switch_owner(n, owner, sizeof(owner), why, sizeof(why));
	if (rc && rc != -ENOENT)
		ctl_die("%s: %s", n->name, why);
	if (!rc && strcmp(owner, n->name))
		ctl_die("%s: logical switch %s exists and is not this "
			"network's (external_ids:vmnet-network is '%s'); vmnet "
			"does not take a switch over", n->name, n->ovn_switch,
			owner);
	snprintf(ext, sizeof(ext), "external_ids:vmnet-network=%s", n->name);
	snprintf(mine, sizeof(mine), "external_ids:vmnet-up-%s=true", chassis);
	run_or_die(n, add, NULL, 0);
	if (n->has_address)
		up_dhcp(n, nb);
}

/**
 * ovn_down() - take OVN network @n down on this chassis: its taps
 * unbound and detached (with @force; else refused while there are any),
 * its left-overs removed; the logical switch and its DHCP options go
 * when no port of any chassis is left on it
 */
void ovn_down(struct ctl *c, const struct conf_network *n, bool force)
{
	char nb[DB_ARG_MAX], ports[256], uuid[64], why[256], cond[96],
	     chassis[OVN_ID_MAX + 1], key[OVN_ID_MAX + 16], ext[1024];
	const char *lp[] = {
		OVN_NBCTL, nb, "--timeout=10", "--bare", "--columns=ports",
		"find", "Logical_Switch", cond, NULL,
	};
	const char *leave[] = {
		OVN_NBCTL, nb, "--timeout=10", "--if-exists", "remove",
		"Logical_Switch", n->ovn_switch, "external_ids", key, NULL,
	};
	const char *lext[] = {
		OVN_NBCTL, nb, "--timeout=10", "--bare",
		"--columns=external_ids", "find", "Logical_Switch", cond, NULL,
	};
	const char *del[] = {
		OVN_NBCTL, nb, "--timeout=10", "--if-exists", "ls-del",
		n->ovn_switch, NULL,
	};
	const char *ddel[] = {
		OVN_NBCTL, nb, "--timeout=10", "dhcp-options-del", uuid, NULL,
	};
	size_t i, taps = 0;

	db_arg(n->ovn_nb, nb);
	ctl_read_links(c);
	for (i = 0; i < c->nlinks; i++) {
		struct rec rec;

		taps += ctl_tap_of(&c->links[i], n->name, &rec);
	}
	if (taps && !force)
		ctl_die("%s: %zu tap%s still attached; detach them or use "
			"--force", n->name, taps, taps == 1 ? " is" : "s are");
	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		struct taps_stats st = { 0 };
		const char *step;
		struct lock lk;
		struct rec rec;

		if (!ctl_tap_of(t, n->name, &rec))
			continue;
		if (!taps_lock(c, &lk, rec.uid, t->name, &st))
			ctl_die("%s: a vmnet run of uid %u holds its lock; "
				"try again", n->name, (unsigned)rec.uid);
		if (ovn_unbind(n, t->name, t->ifindex, why, sizeof(why)))
			ctl_die("%s: %s: %s", n->name, t->name, why);
		if (attach_release_restore(c->sk, t, &rec, &step))
			ctl_die("%s: %s: %s", n->name, t->name, step);
		slots_del(c->nft, rec.uid, t->ifindex);
		lock_release(&lk);
		printf("%s: detached %s\n", n->name, t->name);
	}
	ovn_gc(c, n);
	if (ovn_chassis(n, chassis, why, sizeof(why)))
		ctl_die("%s: %s", n->name, why);
	snprintf(key, sizeof(key), "vmnet-up-%s", chassis);
	snprintf(cond, sizeof(cond), "name=%s", n->ovn_switch);
	run_or_die(n, leave, NULL, 0);
	run_or_die(n, lp, ports, sizeof(ports));
	run_or_die(n, lext, ext, sizeof(ext));
	if (ports[0] || strstr(ext, "vmnet-up-")) {
		printf("%s: down on this chassis (logical switch %s stays: "
		       "other chassis have it up)\n", n->name, n->ovn_switch);
		return;
	}
	if (n->has_address && !dhcp_uuid(n, uuid, sizeof(uuid), why,
					  sizeof(why)) && uuid[0])
		run_or_die(n, ddel, NULL, 0);
	run_or_die(n, del, NULL, 0);
	printf("%s: down (logical switch %s deleted)\n", n->name,
	       n->ovn_switch);
}

/**
 * ovn_port_read() - what OVN holds of tap @tap's logical port
 * @n:		its OVN network
 * @tap:	the tap
 * @p:		result
 *
 * Return: 0, or -errno when OVS or OVN cannot be read
 */
int ovn_port_read(const struct conf_network *n, const struct link_info *tap,
		  struct ovn_port *p)
{
	char chassis[OVN_ID_MAX + 1], db[DB_ARG_MAX], nb[DB_ARG_MAX],
	     name[OVN_ID_MAX + 32], iid[OVN_ID_MAX + 48], out[512], why[256],
	     v[16];
	const char *fl[] = {
		OVN_NBCTL, nb, "--timeout=10", "--format=csv", "--data=bare",
		"--no-headings", "--columns=up,addresses,port_security",
		"find", "Logical_Switch_Port", name, NULL,
	};
	const char *fi[] = {
		OVN_VSCTL, db, "--timeout=10", "--format=csv", "--data=bare",
		"--no-headings", "--columns=name,external_ids", "find",
		"Interface", iid, NULL,
	};
	char *f1, *f2;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = ovn_chassis(n, chassis, why, sizeof(why));
	if (rc)
		return rc;
	db_arg(n->ovn_ovsdb, db);
	db_arg(n->ovn_nb, nb);
	ovn_port_name(chassis, tap->ifindex, p->lsp, sizeof(p->lsp));
	snprintf(name, sizeof(name), "name=%s", p->lsp);
	snprintf(iid, sizeof(iid), "external_ids:iface-id=%s", p->lsp);
	rc = ovn_run(fl, out, sizeof(out), why, sizeof(why));
	if (rc)
		return rc;
	f1 = strchr(out, ',');
	f2 = f1 ? strchr(f1 + 1, ',') : NULL;
	if (f1 && f2) {
		*f1++ = '\0';
		*f2++ = '\0';
		p->up = !strcmp(out, "true");
		snprintf(p->addresses, sizeof(p->addresses), "%s", f1);
		snprintf(p->security, sizeof(p->security), "%s", f2);
	}
	rc = ovn_run(fi, out, sizeof(out), why, sizeof(why));
	if (rc)
		return rc;
	f1 = strchr(out, ',');
	if (f1) {
		*f1++ = '\0';
		p->bound = !strcmp(out, tap->name);
		ext_get(f1, "ovn-installed", v, sizeof(v));
		p->installed = p->bound && !strcmp(v, "true");
	}
	return 0;
}

/**
 * ovn_verify() - what OVN holds for OVN network @n against vmnet's
 * promise, one problem each: every tap of this chassis recorded for @n
 * bound to its logical port, whose addresses and port security hold the
 * VM to the record's MAC (and address)
 * @c:	the run (links read)
 * @n:	an OVN network that is up
 * @p:	result
 *
 * Return: 0
 */
int ovn_verify(struct ctl *c, const struct conf_network *n,
	       struct fw_problems *p)
{
	size_t i;

	for (i = 0; i < c->nlinks; i++) {
		const struct link_info *t = &c->links[i];
		char mac[18], ip[INANY_STRLEN], want[80];
		struct ovn_port op;
		struct rec rec;

		if (!ctl_tap_of(t, n->name, &rec) || !rec.has_fw ||
		    rec.fw != CONF_FW_OVN)
			continue;
		if (ovn_port_read(n, t, &op)) {
			fw_problem(p, "cannot read OVS or OVN for tap %s",
				   t->name);
			continue;
		}
		val_mac_str(rec.mac, mac);
		inany_str(&rec.ip, ip);
		snprintf(want, sizeof(want), "%s%s%s", mac,
			 rec.has_ip ? " " : "", rec.has_ip ? ip : "");
		if (!op.bound)
			fw_problem(p, "tap %s is not bound to logical port %s",
				   t->name, op.lsp);
		else if (!op.addresses[0])
			fw_problem(p, "logical port %s of tap %s is missing",
				   op.lsp, t->name);
		else if (strncmp(op.security, want, strlen(want)) ||
			 (op.security[strlen(want)] &&
			  (rec.has_ip || !n->has_address)))
			fw_problem(p, "logical port %s's port security is "
				   "'%s', not '%s'", op.lsp, op.security,
				   want);
		else if (!op.up)
			fw_problem(p, "logical port %s is not up in OVN",
				   op.lsp);
	}
	return 0;
}

/**
 * ovn_print() - the ovs-vsctl and ovn-nbctl commands "up" and an attach
 * amount to, for review
 */
void ovn_print(const struct conf_network *n)
{
	char addr[INANY_STRLEN], mac[18];

	printf("# network %s: mode ovn, logical switch %s\n", n->name,
	       n->ovn_switch);
	printf("ovn-nbctl --db=%s --may-exist ls-add %s -- set "
	       "Logical_Switch %s external_ids:vmnet-network=%s\n",
	       n->ovn_nb, n->ovn_switch, n->ovn_switch, n->name);
	if (n->has_address) {
		struct inany_range r;
		char net[INANY_STRLEN];

		inany_str(&n->address.addr, addr);
		inany_prefix_range(&n->address, &r);
		inany_str(&r.lo, net);
		server_mac(n, mac);
		printf("ovn-nbctl --db=%s set Logical_Switch %s "
		       "other_config:subnet=%s/%u other_config:exclude_ips=%s\n",
		       n->ovn_nb, n->ovn_switch, net, n->address.len, addr);
		printf("ovn-nbctl --db=%s create DHCP_Options cidr=%s/%u "
		       "external_ids:vmnet-switch=%s\n", n->ovn_nb, net,
		       n->address.len, n->ovn_switch);
		printf("ovn-nbctl --db=%s set DHCP_Options UUID "
		       "options:lease_time=3600 options:router=%s "
		       "options:server_id=%s options:server_mac=\"%s\" "
		       "options:mtu=%u\n", n->ovn_nb, addr, addr, mac, n->mtu);
	}
	printf("# each attach (vmnetd, for the tap TAP of ifindex I with the "
	       "VM's MAC [and IP]):\n");
	printf("ovn-nbctl --db=%s lsp-add %s vmnet-CHASSIS-I -- "
	       "lsp-set-addresses vmnet-CHASSIS-I \"MAC %s\" -- "
	       "lsp-set-port-security vmnet-CHASSIS-I \"MAC [IP]\"\n",
	       n->ovn_nb, n->ovn_switch, n->has_address ? "IP|dynamic" : "[IP]");
	printf("ip link set TAP mtu %u\n", n->mtu);
	printf("ovs-vsctl --db=%s add-port %s TAP -- set Interface TAP "
	       "external_ids:iface-id=vmnet-CHASSIS-I\n", n->ovn_ovsdb,
	       n->bridge);
	printf("ovn-nbctl --db=%s wait-until Logical_Switch_Port "
	       "vmnet-CHASSIS-I up=true\n", n->ovn_nb);
}
