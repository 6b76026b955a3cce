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

#define RUN_DEADLINE_MS ((OVN_UP_WAIT_S + 15) * 1000)

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

/**
 * ovn_spawn() - start a tool that keeps running (a monitor), its standard
 * error to /dev/null
 * @argv:	absolute path first, NULL-terminated
 * @pid:	result: its pid
 *
 * Return: the read end of its standard output (non-blocking), or -errno
 */
int ovn_spawn(const char *const *argv, pid_t *pid)
{
	int po[2], null, rc;

	if (pipe2(po, O_CLOEXEC) < 0)
		return -errno;
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	*pid = null < 0 ? -1 : fork();
	if (*pid == 0)
		child_exec(argv, po[1], null);
	rc = *pid < 0 ? -errno : 0;
	close(po[1]);
	if (null >= 0)
		close(null);
	if (rc || fcntl(po[0], F_SETFL, O_NONBLOCK) < 0) {
		close(po[0]);
		return rc ? rc : -errno;
	}
	return po[0];
}

/* "--db=..." */
const char *ovn_db_arg(const char *db, char buf[OVN_DB_ARG_MAX])
{
	snprintf(buf, OVN_DB_ARG_MAX, "--db=%s", db);
	return buf;
}

/* A tool's value without the quotes OVSDB puts around some strings. */
void ovn_unquote(char *s)
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
	/* Asked once per database and process: a job, a request, a
	 * vmnetctl run each ask it several times, and a chassis's
	 * system-id does not change under a running ovn-controller. */
	static char known_db[CONF_OVN_DB_MAX + 1], known[OVN_ID_MAX + 1];
	char db[OVN_DB_ARG_MAX], out[256] = "";
	const char *argv[] = {
		OVN_VSCTL, ovn_db_arg(n->ovn_ovsdb, db), "--timeout=5",
		"--if-exists", "get", "Open_vSwitch", ".",
		"external_ids:system-id", NULL,
	};
	int rc;

	if (known[0] && !strcmp(known_db, n->ovn_ovsdb)) {
		memcpy(id, known, sizeof(known));
		return 0;
	}
	rc = ovn_run(argv, out, sizeof(out), why, size);
	if (rc)
		return rc;
	ovn_unquote(out);
	if (!out[0] || !val_ovn_name(out)) {
		snprintf(why, size, "this host is not an OVN chassis: %s has "
			 "no usable external_ids:system-id", n->ovn_ovsdb);
		return -ENOENT;
	}
	snprintf(id, OVN_ID_MAX + 1, "%.*s", OVN_ID_MAX, out);
	memcpy(known, id, sizeof(known));
	snprintf(known_db, sizeof(known_db), "%s", n->ovn_ovsdb);
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
int ovn_dhcp_uuid(const struct conf_network *n, char *uuid, size_t size,
		  char *why, size_t wsize)
{
	char db[OVN_DB_ARG_MAX], cond[CONF_OVN_NAME_MAX + 40];
	const char *argv[] = {
		OVN_NBCTL, ovn_db_arg(n->ovn_nb, db), "--timeout=10", "--bare",
		"--columns=_uuid", "find", "DHCP_Options", cond, NULL,
	};

	snprintf(cond, sizeof(cond), "external_ids:vmnet-switch=%s",
		 n->ovn_switch);
	return ovn_run(argv, uuid, size, why, wsize);
}

/* "k=v k=v" of a bare external_ids: the value of @key, or "" */
void ovn_ext_get(const char *ext, const char *key, char *v, size_t size)
{
	size_t kl = strlen(key);
	const char *p = ext;

	v[0] = '\0';
	while (p && *p) {
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			size_t l = strcspn(p + kl + 1, " ");

			snprintf(v, size, "%.*s", (int)l, p + kl + 1);
			ovn_unquote(v);
			return;
		}
		p = strchr(p, ' ');
		if (p)
			p++;
	}
}

/* The DHCP server's MAC: locally administered, from the network's name. */
void ovn_server_mac(const struct conf_network *n, char buf[18])
{
	uint32_t h = conf_port_group(n->name);

	snprintf(buf, 18, "02:76:6d:%02x:%02x:%02x", (h >> 16) & 0xff,
		 (h >> 8) & 0xff, h & 0xff);
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
	char chassis[OVN_ID_MAX + 1], db[OVN_DB_ARG_MAX], nb[OVN_DB_ARG_MAX],
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
	ovn_db_arg(n->ovn_ovsdb, db);
	ovn_db_arg(n->ovn_nb, nb);
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
		ovn_ext_get(f1, "ovn-installed", v, sizeof(v));
		p->installed = p->bound && !strcmp(v, "true");
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
		ovn_server_mac(n, mac);
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
