// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmnet-helper --use-vnet --br=NAME --fd=N - QEMU's helper= for
 * -netdev bridge (the qemu-bridge-helper protocol).
 *
 * QEMU runs it with one end of a unix stream socket as fd N and waits for
 * one byte carrying the tap's fd (SCM_RIGHTS). Stages as in core/run.c:
 * strict options, fd N checked and kept, every other fd closed; the caller
 * plus CAP_NET_ADMIN; configuration; --br resolved to a network; ACL;
 * a new tap owned by the caller, attached like vmnet-ifup does (quota,
 * MTU, MAC, record); every capability dropped; only then the fd is sent.
 * It exits 0 only after the send succeeded. There is no downscript: the
 * tap, and the record in its alias, disappear when QEMU's fd closes.
 *
 * Compatibility: when /etc/vmnet/acl does not exist but
 * /etc/qemu/bridge.conf does, its rules decide (per bridge, for every
 * user), and a bridge it names that vmnet.conf does not know is used as
 * an implicit bridged network of the same name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "attach.h"
#include "bridgeconf.h"
#include "cfgfile.h"
#include "lock.h"
#include "run.h"
#include "tun.h"
#include "verdict.h"

#define USAGE "vmnet-helper --use-vnet --br=NETWORK|BRIDGE --fd=N (called " \
	      "by QEMU as -netdev bridge,helper=; see vmnet-helper(8))"

struct opts {
	bool use_vnet;
	const char *br;
	int fd;
};

static void parse_opts(struct run *r, int argc, char **argv, struct opts *o)
{
	bool have_fd = false;
	unsigned long v;
	char esc[64];
	int i;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		val_escape(a, esc, sizeof(esc));
		if (!strcmp(a, "--use-vnet")) {
			if (o->use_vnet)
				run_fail(r, "--use-vnet given twice");
			o->use_vnet = true;
		} else if (!strncmp(a, "--br=", 5)) {
			if (o->br)
				run_fail(r, "--br given twice");
			o->br = a + 5;
			val_escape(o->br, r->subject, sizeof(r->subject));
			if (!val_ifname(o->br))
				run_fail(r, "invalid --br (want a network or "
					    "bridge name of 1-15 of A-Z a-z "
					    "0-9 _ . -)");
		} else if (!strncmp(a, "--fd=", 5)) {
			if (have_fd)
				run_fail(r, "--fd given twice");
			if (val_uint(a + 5, 0, 0x7fffffff, &v))
				run_fail(r, "invalid --fd '%s' (want a file "
					    "descriptor number)", esc + 5);
			o->fd = (int)v;
			have_fd = true;
		} else {
			run_fail(r, "unknown option '%s' (%s)", esc, USAGE);
		}
	}
	if (!o->br || !have_fd)
		run_usage_error(r);
}

static void check_socket(struct run *r, int fd)
{
	int domain = 0, type = 0;
	socklen_t len = sizeof(int);

	if (fcntl(fd, F_GETFD) < 0)
		run_fail(r, "--fd %d is not open", fd);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) < 0) {
		if (errno == ENOTSOCK)
			run_fail(r, "--fd %d is not a socket", fd);
		run_fail(r, "--fd %d: %s", fd, strerror(errno));
	}
	len = sizeof(int);
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0 ||
	    domain != AF_UNIX || type != SOCK_STREAM)
		run_fail(r, "--fd %d is not a unix stream socket", fd);
}

static int send_fd(int sock, int fd)
{
	char byte = 0, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl, .msg_controllen = sizeof(ctl),
	};
	struct cmsghdr *c;
	ssize_t n;

	memset(ctl, 0, sizeof(ctl));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n == 1 ? 0 : -errno;
}

/* Return true and the rules if bridge.conf is to be used. */
static bool load_bridge_conf(struct run *r, struct bc *bc)
{
	struct cfg_probe probe;
	struct vm_err err;

	if (r->acl.files.n)
		return false;	/* /etc/vmnet/acl exists: it alone decides */
	cfg_probe_init(&probe);
	if (!bc_parse(BC_DEFAULT_PATH, &probe.loader, bc, &err))
		return true;
	bc_free(bc);
	if (probe.top_rc == -ENOENT)
		return false;
	run_fail(r, "%s", probe.top_rc ? probe.top_why : err.msg);
}

static void decide_compat(struct run *r, const struct bc *bc,
			  const char *network, struct acl_decision *d)
{
	const struct conf_network *n = conf_find(&r->conf, network);

	r->network = network;
	bc_decide(bc, n, r->id.uid, d);
	if (!d->allow)
		run_fail(r, "%s", d->why);
}

int main(int argc, char **argv)
{
	const struct conf_network *net;
	struct acl_decision d;
	const char *network;
	struct vm_err err;
	struct bc bc;
	bool compat;
	struct opts o;
	static struct run r;
	char why[128];
	int rc, tapfd;

	run_begin(&r, "vmnet-helper", USAGE, argc, argv);
	parse_opts(&r, argc, argv, &o);
	check_socket(&r, o.fd);
	run_hygiene(&r, o.fd);
	run_drop_to_caller(&r);
	run_load_config(&r);
	compat = load_bridge_conf(&r, &bc);
	net = resolve_br(&r.conf, o.br, compat,
			 r.env.has_network ? r.env.network : NULL, &err);
	if (!net)
		run_fail(&r, "%s", err.msg);
	network = net->name;
	if (compat)
		decide_compat(&r, &bc, network, &d);
	else
		run_decide(&r, network, &d);

	rc = link_open(&r.sk);
	if (rc < 0)
		run_fail(&r, "cannot open rtnetlink: %s", strerror(-rc));
	rc = tun_create_tap(o.use_vnet, r.id.uid, r.ifname, &tapfd);
	if (rc < 0)
		run_fail(&r, "cannot create a tap: %s", strerror(-rc));
	run_bind_tun_fd(&r, tapfd);
	/* On any failure from here, exit closes tapfd and the tap is gone. */
	r.via = REC_VIA_HELPER;
	attach_tap(&r, &d);
	/* The attach is done: the lock goes before anything the caller can
	 * make wait (the send blocks while the caller does not read). */
	lock_release(&r.lock);
	snprintf(r.subject, sizeof(r.subject), "%s", r.ifname);

	if (privs_drop_all(why, sizeof(why)))
		run_fail(&r, "%s", why);
	rc = send_fd(o.fd, tapfd);
	if (rc < 0)
		run_fail(&r, "cannot send the tap to QEMU: %s", strerror(-rc));
	run_finish(&r, "created and attached to bridge %s (%s), sent to fd "
		   "%d", d.net->bridge, d.why, o.fd);
}
