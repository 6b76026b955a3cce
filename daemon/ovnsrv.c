// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ovnsrv.c - vmnetd's request socket for OVN networks (core/ovnreq.h;
 * the model is SECURITY.md's "Across hosts with OVN").
 *
 * Every local user may connect: that is how an unprivileged QEMU's
 * vmnet-ifup and vmnet-helper reach the databases they may not touch.
 * So the socket is read like a setuid program's input:
 *   - the caller is the socket's SO_PEERCRED and SO_PEERGROUPS, never a
 *     field of the request; one fixed-size request per connection, its
 *     magic, version, operation and ifindex checked;
 *   - a process of its own serves the socket (ovnsrv_start()), so that
 *     no request waits for vmnetd's passes nor a pass for a request;
 *     each connection is served in a child of that process, at most
 *     OVNSRV_MAX at once and OVNSRV_PER_UID per user (more are refused
 *     at once); the request must arrive within OVNSRV_RECV_S; the answer
 *     goes with MSG_DONTWAIT: no client holds up vmnetd or another
 *     client, and vmnetd holds no lock of its own for them;
 *   - the child acts only on a tap of vmnetd's own network namespace
 *     that carries an OVN record of the caller's uid (only CAP_NET_ADMIN
 *     writes an alias: the setuid program wrote it after its decision),
 *     for a network that is OVN's in vmnetd's configuration, and decides
 *     again with the ACL as loaded by vmnetd (a rule removed since the
 *     attach refuses it); an unbind may also come from root.
 * A client that went away before its answer leaves a binding whose tap
 * has its record, as a crash after an attach's commit does: its detach,
 * or vmnetd once the tap is gone, removes it.
 */
#include "ovnsrv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "acl.h"
#include "mode.h"
#include "ovn.h"
#include "ovnreq.h"
#include "run.h"

#define OVNSRV_RECV_S 2
#define OVNSRV_GROUPS_MAX NGROUPS_MAX	/* the kernel's own limit */

/**
 * ovnsrv_open() - listen on OVNREQ_SOCKET (vmnetd's run directory is
 * its own by now)
 * @s:	result
 *
 * Return: 0 or -errno
 */
int ovnsrv_open(struct ovnsrv *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int rc;

	memset(s, 0, sizeof(*s));
	memcpy(sa.sun_path, OVNREQ_SOCKET, sizeof(OVNREQ_SOCKET));
	s->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK,
		       0);
	if (s->fd < 0)
		return -errno;
	if (unlink(OVNREQ_SOCKET) && errno != ENOENT)
		goto fail;
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(OVNREQ_SOCKET, 0666) || listen(s->fd, 64))
		goto fail;
	return 0;
fail:
	rc = -errno;
	close(s->fd);
	s->fd = -1;
	return rc;
}

static void answer(int fd, int status, const char *line)
{
	struct ovnreq_answer a = { .status = status };

	snprintf(a.line, sizeof(a.line), "%s", line);
	if (send(fd, &a, sizeof(a), MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
		syslog(LOG_NOTICE, "request socket: the caller did not take "
		       "its answer: %m");
}

/* The caller as the kernel knows it: uid, gid and groups. */
struct peer {
	uid_t uid;
	gid_t gids[OVNSRV_GROUPS_MAX + 1];
	size_t ngids;
};

static int peer_of(int fd, struct peer *p)
{
	static gid_t g[OVNSRV_GROUPS_MAX];	/* (one server thread) */
	struct ucred cr;
	socklen_t len = sizeof(cr);
	size_t i;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) ||
	    len != sizeof(cr))
		return -errno;
	p->uid = cr.uid;
	p->gids[0] = cr.gid;
	p->ngids = 1;
	len = sizeof(g);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, g, &len))
		return -errno;
	for (i = 0; i < len / sizeof(gid_t); i++)
		if (g[i] != cr.gid)
			p->gids[p->ngids++] = g[i];
	return 0;
}

/* The ACL, as vmnetd loaded it, still grants what the record says. */
static bool still_granted(const struct job_ctx *x, const struct peer *p,
			  const struct rec *rec, char *why, size_t size)
{
	static struct run_names names;
	const struct acl_resolver res = {
		.user = run_resolve_user, .group = run_resolve_group,
		.ctx = &names,
	};
	const struct acl_ident who = { p->uid, p->gids, p->ngids, NULL };
	struct acl_request req = {
		.network = rec->network, .has_mac = true,
		.has_ip = rec->has_ip, .ip = rec->ip,
	};
	static struct acl_decision d;
	struct vm_err err;

	memcpy(req.mac, rec->mac, 6);
	if (acl_decide(x->acl, x->conf, &who, &res, &req, &d, &err)) {
		snprintf(why, size, "%.200s", err.msg);
		return false;
	}
	if (!d.allow)
		snprintf(why, size, "%.200s", d.why);
	return d.allow;
}

/* One request, in a child; returns the status to answer with. */
static int serve(int fd, const struct peer *p, const struct job_ctx *x,
		 char *why, size_t size, char *tapname, const char **net,
		 uint32_t *op)
{
	struct timeval tv = { .tv_sec = OVNSRV_RECV_S };
	const struct conf_network *n;
	struct nl_sock *sk;
	struct link_info t;
	struct ovnreq q;
	struct rec rec;
	ssize_t len;
	int rc;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	len = recv(fd, &q, sizeof(q), MSG_TRUNC);
	if (len != (ssize_t)sizeof(q) || q.magic != OVNREQ_MAGIC ||
	    q.version != OVNREQ_VERSION ||
	    (q.op != OVNREQ_BIND && q.op != OVNREQ_UNBIND) || q.ifindex <= 0) {
		snprintf(why, size, "vmnetd: not a request it knows");
		return -EPROTO;
	}
	*op = q.op;
	rc = link_open(&sk);
	if (!rc)
		rc = link_get(sk, q.ifindex, NULL, &t);
	if (rc) {
		snprintf(why, size, "vmnetd: no interface %d here: %s",
			 q.ifindex, strerror(-rc));
		return rc;
	}
	snprintf(tapname, IFNAMSIZ, "%s", t.name);
	/* (its name goes into OVS's tools' arguments: a name vmnet-ifup
	 * would take, as every tap vmnet attached has unless root renamed
	 * it) */
	if (!val_ifname(t.name) ||
	    !rec_tap_of(link_is_tap(&t), t.alias, NULL, &rec) ||
	    !rec.has_fw || rec.fw != CONF_FW_OVN || !rec.has_mac) {
		snprintf(why, size, "vmnetd: %s is not a tap attached to an "
			 "OVN network", t.name);
		return -EPERM;
	}
	if (rec.uid != p->uid && !(q.op == OVNREQ_UNBIND && p->uid == 0)) {
		snprintf(why, size, "vmnetd: %s is not yours", t.name);
		return -EPERM;
	}
	n = conf_find(x->conf, rec.network);
	*net = n ? n->name : NULL;
	if (!n || mode_of(n)->port != PORT_OVN) {
		snprintf(why, size, "vmnetd: network '%s' is not an OVN "
			 "network in vmnetd's configuration (reload it?)",
			 rec.network);
		return -ENOENT;
	}
	if (q.op == OVNREQ_UNBIND)
		return ovn_unbind(n, t.name, t.ifindex, why, size);
	if (!still_granted(x, p, &rec, why, size))
		return -EPERM;
	return ovn_bind(n, &t, &rec, why, size);
}

static void child(struct ovnsrv *s, int fd, const struct peer *p,
		  const struct job_ctx *x)
{
	char why[256] = "", tap[IFNAMSIZ] = "-";
	const char *net = NULL;
	uint32_t op = 0;
	sigset_t none;
	int rc;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_IGN);
	close(s->fd);
	if (x->close_fd >= 0)
		close(x->close_fd);
	rc = serve(fd, p, x, why, sizeof(why), tap, &net, &op);
	answer(fd, rc, rc ? why : "bound");
	syslog(LOG_AUTHPRIV | (rc ? LOG_WARNING : LOG_INFO),
	       "request: uid=%u tap=%s network=%s op=%s verdict=%s%s%s",
	       (unsigned)p->uid, tap, net ? net : "-",
	       op == OVNREQ_BIND ? "bind" : op == OVNREQ_UNBIND ? "unbind" :
								   "-",
	       rc ? "deny" : "allow", rc ? ": " : "", rc ? why : "");
	_exit(rc ? 1 : 0);
}

/* Take the waiting connections, each into a child. */
static void accept_all(struct ovnsrv *s, const struct job_ctx *x)
{
	static struct peer p;		/* (256 KiB; one server thread) */

	for (;;) {
		size_t i, mine = 0;
		pid_t pid;
		int fd = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0)
			return;
		memset(&p, 0, sizeof(p));
		if (peer_of(fd, &p)) {
			close(fd);
			continue;
		}
		for (i = 0; i < s->n; i++)
			mine += s->uid[i] == p.uid;
		if (s->n == OVNSRV_MAX || mine >= OVNSRV_PER_UID) {
			answer(fd, -EBUSY, "vmnetd: too many requests at "
			       "once; try again");
			close(fd);
			continue;
		}
		fflush(NULL);
		pid = fork();
		if (pid == 0)
			child(s, fd, &p, x);
		close(fd);
		if (pid < 0) {
			syslog(LOG_ERR, "request socket: cannot fork: %m");
			continue;
		}
		s->pid[s->n] = pid;
		s->uid[s->n++] = p.uid;
	}
}

/* Collect the children that ended. */
static void reap(struct ovnsrv *s)
{
	size_t i = 0;

	while (i < s->n) {
		int st;

		if (waitpid(s->pid[i], &st, WNOHANG) == s->pid[i]) {
			s->pid[i] = s->pid[--s->n];
			s->uid[i] = s->uid[s->n];
		} else {
			i++;
		}
	}
}

/**
 * ovnsrv_start() - serve the socket in a process of its own, so that no
 * request waits for a pass of vmnetd's (which runs its jobs one after
 * another) and no pass waits for a request; it ends with vmnetd
 * @s:	the server, its socket open
 * @x:	what the children decide with (vmnetd's last good load, as of
 *	now: vmnetd starts another after a reload)
 *
 * Return: its pid, or -errno
 */
pid_t ovnsrv_start(struct ovnsrv *s, const struct job_ctx *x)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid)
		return pid < 0 ? -errno : pid;
	{
		struct pollfd p = { .fd = s->fd, .events = POLLIN };
		struct job_ctx mine = *x;
		sigset_t none;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(0);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_IGN);
		if (x->close_fd >= 0)
			close(x->close_fd);	/* (its number is free again) */
		mine.close_fd = -1;
		s->n = 0;
		for (;;) {
			if (poll(&p, 1, 200) > 0)
				accept_all(s, &mine);
			reap(s);
		}
	}
}
