// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * run.c - theory of operation of vmnet's privileged programs.
 *
 *   1. run_start():   refuse argc < 1; fds 0-2 open; find the inherited
 *                     tun fd for argv[1]; close every other fd; umask 022;
 *                     read VMNET_* strictly; clearenv().
 *   2. run_drop_to_caller(): the caller's real uid/gid and groups plus
 *                     CAP_NET_ADMIN only; no-new-privs; not dumpable.
 *   3. run_load_config(): vmnet.conf and the ACL, through their fds.
 *   4. run_prove_tap(): the interface is a tap and the caller owns it
 *                     (an inherited fd attached to that very device in
 *                     this network namespace, else tun owner/group).
 *   5. the program's own work (decide, apply; roll back on failure).
 *   6. run_finish() / run_fail(): drop every capability, then log to
 *      syslog (LOG_AUTHPRIV), print, exit.
 *
 * Must never: act on an interface that is not a tap, act by name after
 * checking (we keep the ifindex), trust the environment beyond VMNET_*,
 * or exit 0 with anything half-applied.
 */
#include "run.h"

#include <errno.h>
#include <grp.h>
#include <linux/if_tun.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "cfgfile.h"
#include "lock.h"
#include "nft.h"
#include "proc.h"
#include "tun.h"

extern char **environ;

#define VMNET_CONF CONF_DEFAULT_PATH
#define VMNET_ACL ACL_DEFAULT_PATH

static bool drop_and_report(struct run *r, int prio, const char *verdict,
			    const char *msg)
{
	char why[128];
	bool dropped = !privs_drop_all(why, sizeof(why));

	if (!dropped)
		fprintf(stderr, "%s: %s\n", r->prog, why);
	syslog(LOG_AUTHPRIV | prio,
	       "uid=%u pid=%d tap=%s network=%s verdict=%s: %s",
	       (unsigned)r->id.uid, (int)getpid(), r->subject,
	       r->network ? r->network : "-", verdict, msg);
	return dropped;
}

/* The nf_tables connection's close, last: by a child of no capabilities
 * (nft_close_detached()), or here if the capabilities could not go. */
static void close_nft(struct run *r, bool dropped)
{
	fflush(NULL);
	if (dropped)
		nft_close_detached(r->nft);
	else
		nft_close(r->nft);
	r->nft = NULL;
}

/* Restore what this run changed, if anything. */
static void rollback(struct run *r)
{
	char why[160];

	if (undo_run(&r->undo, r->sk, r->nft, why, sizeof(why)))
		fprintf(stderr, "%s: %s: rollback: %s\n", r->prog, r->subject,
			why);
}

/**
 * run_fail() - refuse: undo this run's changes, drop capabilities, log,
 * print one line and exit 1
 * @r:		run
 * @fmt:	printf format of the reason
 */
void run_fail(struct run *r, const char *fmt, ...)
{
	char msg[512];
	bool dropped;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rollback(r);
	lock_release(&r->lock);
	dropped = drop_and_report(r, LOG_WARNING, "deny", msg);
	fprintf(stderr, "%s: %s: %s\n", r->prog, r->subject, msg);
	close_nft(r, dropped);
	exit(1);
}

static void __attribute__((noreturn)) finish(struct run *r, const char *note,
					    const char *msg)
{
	bool dropped;

	lock_release(&r->lock);
	link_close(r->sk);
	r->sk = NULL;
	dropped = drop_and_report(r, LOG_NOTICE, "allow", msg);
	if (note)
		fprintf(stderr, "%s: %s: %s\n", r->prog, r->subject, note);
	close_nft(r, dropped);
	exit(0);
}

/**
 * run_finish_note() - success: drop capabilities, log, exit 0
 * @r:		run
 * @note:	one line for the caller, printed once nothing is held, or NULL
 *		(run_finish())
 * @fmt:	printf format of what was done (logged, not printed)
 */
void run_finish_note(struct run *r, const char *note, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	finish(r, note, msg);
}

/**
 * run_tap_vanished() - whether the interface does not exist (and no tun
 * fd was passed for it): vmnet-ifdown's case when libvirt deleted the tap
 * before running its downscript
 */
bool run_tap_vanished(struct run *r)
{
	struct link_info l;
	int rc;

	if (r->tun_fd >= 0)
		return false;
	if (!r->sk) {
		rc = link_open(&r->sk);
		if (rc < 0)
			run_fail(r, "cannot open rtnetlink: %s", strerror(-rc));
	}
	return link_get(r->sk, 0, r->ifname, &l) == -ENODEV;
}

static void __attribute__((noreturn)) usage_exit(const struct run *r, int status)
{
	fprintf(status ? stderr : stdout, "usage: %s\n", r->usage);
	exit(status);
}

/**
 * run_begin() - stage 1, first half: what must happen before anything else
 * @r:		run, zeroed by this function
 * @prog:	program name for messages
 * @usage:	one-line usage (without "usage: ")
 * @argc:	from main()
 * @argv:	from main()
 *
 * Makes sure fds 0-2 are open, refuses an empty argv, answers --version
 * and --help before any privilege is touched, opens syslog.
 */
void run_begin(struct run *r, const char *prog, const char *usage, int argc,
	       char **argv)
{
	if (proc_std_fds() < 0)
		_exit(127);
	memset(r, 0, offsetof(struct run, conf));
	r->conf.n = 0;
	r->prog = prog;
	r->usage = usage;
	r->tun_fd = -1;
	undo_init(&r->undo);
	r->id.uid = getuid();	/* for the log, until stage 2 */
	snprintf(r->subject, sizeof(r->subject), "-");
	/* Since Linux 5.18 an empty argv arrives as argv[0] == "". */
	if (argc < 1 || !argv || !argv[0] || !argv[0][0]) {
		fprintf(stderr, "%s: refusing to run without argv[0]\n", prog);
		exit(1);
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("%s %s\n", prog, VMNET_VERSION);
		exit(0);
	}
	if (argc == 2 && !strcmp(argv[1], "--help"))
		usage_exit(r, 0);
	openlog(prog, LOG_PID, LOG_AUTHPRIV);
}

/**
 * run_usage_error() - print the one-line usage to stderr and exit 1
 * @r:	run
 */
void run_usage_error(const struct run *r)
{
	usage_exit(r, 1);
}

/**
 * run_hygiene() - stage 1, second half: close every fd but @keep, umask,
 * read VMNET_* strictly, clear the environment
 * @r:		run
 * @keep:	the one inherited fd the program needs, or -1
 */
void run_hygiene(struct run *r, int keep)
{
	struct vm_err err;

	if (proc_close_fds(keep) < 0)
		run_fail(r, "cannot close inherited file descriptors: %s",
			 strerror(errno));
	umask(022);
	if (env_parse(environ, &r->env, &err))
		run_fail(r, "%s", err.msg);
	if (clearenv() != 0)
		run_fail(r, "cannot clear the environment");
}

/**
 * run_start() - stage 1 for the QEMU scripts: "PROG IFNAME"
 * @r:		run, zeroed by this function
 * @prog:	program name for messages
 * @argc:	from main()
 * @argv:	from main()
 */
void run_start(struct run *r, const char *prog, int argc, char **argv)
{
	static char usage[160];

	snprintf(usage, sizeof(usage), "%s IFNAME (called by QEMU as -netdev "
		 "tap script= or downscript=; see %s(8))", prog, prog);
	run_begin(r, prog, usage, argc, argv);
	if (argc != 2)
		run_usage_error(r);
	val_escape(argv[1], r->subject, sizeof(r->subject));
	if (!val_ifname(argv[1]))
		run_fail(r, "invalid interface name (want 1-15 of A-Z a-z "
			    "0-9 _ . -, not starting with '-')");
	if (VAL_COPY(r->ifname, argv[1]))
		run_fail(r, "invalid interface name (too long)");
	r->tun_fd = proc_find_tun_fd(r->ifname);
	run_hygiene(r, r->tun_fd);
}

/**
 * run_drop_to_caller() - stage 2: become the caller plus CAP_NET_ADMIN
 * @r:	run
 */
void run_drop_to_caller(struct run *r)
{
	char why[256];
	struct passwd *pw;

	if (privs_caller(&r->id, why, sizeof(why)))
		run_fail(r, "%s", why);
	if (privs_keep_net_admin(&r->id, why, sizeof(why)))
		run_fail(r, "%s", why);
	pw = getpwuid(r->id.uid);
	if (pw)		/* a name too long for messages leaves it empty */
		VAL_COPY(r->user, pw->pw_name);
}

/**
 * run_load_config() - stage 3: vmnet.conf and the ACL
 * @r:	run
 */
void run_load_config(struct run *r)
{
	struct vm_err err;

	if (cfg_load(VMNET_CONF, VMNET_ACL, &r->conf, &r->acl, &err))
		run_fail(r, "%s", err.msg);
}

static const char *kind_of(const struct link_info *l)
{
	if (!strcmp(l->kind, "tun"))
		return l->tun_type == IFF_TUN ? "a tun device" : "a tap";
	if (l->kind[0])
		return l->kind;
	return "a physical or loopback interface";
}

static bool in_groups(const struct run *r, gid_t g)
{
	size_t i;

	for (i = 0; i < r->id.ngids; i++) {
		if (r->id.gids[i] == g)
			return true;
	}
	return false;
}

/**
 * run_bind_tun_fd() - read the interface that tun fd @fd is attached to
 * into r->tap, proving that it is the very device behind the fd
 * @r:		run, with r->sk open and r->ifname set
 * @fd:		an open /dev/net/tun fd
 *
 * The fd must be attached to a tap in the network namespace vmnet acts
 * in (the namespace of r->sk), and r->ifname, looked up there, must be
 * that device: the same name and MAC as the fd reports. A tap of the same
 * name in another namespace (anyone can make one with unshare -Urn) never
 * stands for the interface here.
 */
void run_bind_tun_fd(struct run *r, int fd)
{
	char name[IFNAMSIZ];
	uint8_t mac[6];
	unsigned flags;
	int rc;

	rc = tun_fd_in_netns_of(fd, link_fd(r->sk));
	if (rc < 0)
		run_fail(r, "cannot tell the network namespace of the tap "
			    "file descriptor: %s", strerror(-rc));
	if (rc == 0)
		run_fail(r, "the tap file descriptor passed in belongs to a "
			    "device in another network namespace; vmnet acts "
			    "only on interfaces of its own namespace");
	rc = tun_fd_query(fd, name, &flags, mac);
	if (rc < 0)
		run_fail(r, "cannot read the tap file descriptor: %s",
			 strerror(-rc));
	if (strcmp(name, r->ifname) || !(flags & IFF_TAP) || (flags & IFF_TUN))
		run_fail(r, "the tap file descriptor passed in is not attached "
			    "to tap %s", r->ifname);
	rc = link_get(r->sk, 0, r->ifname, &r->tap);
	if (rc < 0)
		run_fail(r, "cannot read interface: %s", strerror(-rc));
	if (!link_is_tap(&r->tap) || !r->tap.has_mac || memcmp(r->tap.mac, mac, 6))
		run_fail(r, "the tap file descriptor passed in is not attached "
			    "to interface %s of this namespace", r->ifname);
}

/**
 * run_prove_tap() - stage 4: the interface is a tap the caller owns
 * @r:	run
 *
 * Either the caller passed an open fd on the tap (QEMU keeps it open
 * across its scripts), which run_bind_tun_fd() ties to the interface, or
 * the tap's tun owner or group is the caller's.
 */
void run_prove_tap(struct run *r)
{
	int rc;

	if (!r->sk) {
		rc = link_open(&r->sk);
		if (rc < 0)
			run_fail(r, "cannot open rtnetlink: %s",
				 strerror(-rc));
	}
	if (r->tun_fd >= 0) {
		run_bind_tun_fd(r, r->tun_fd);
		return;
	}
	rc = link_get(r->sk, 0, r->ifname, &r->tap);
	if (rc == -ENODEV)
		run_fail(r, "no such interface");
	if (rc < 0)
		run_fail(r, "cannot read interface: %s", strerror(-rc));
	if (!link_is_tap(&r->tap))
		run_fail(r, "not a tap device (it is %s); vmnet only acts on "
			    "taps", kind_of(&r->tap));
	if (r->id.uid == 0)
		return;
	if (r->tap.tun_has_owner && r->tap.tun_owner == r->id.uid)
		return;
	if (r->tap.tun_has_group && in_groups(r, r->tap.tun_group))
		return;
	if (!r->tap.tun_has_owner && !r->tap.tun_has_group)
		run_fail(r, "tap has no owner and no open tap file descriptor "
			    "was inherited (create it with 'ip tuntap add "
			    "%s mode tap user NAME' or let QEMU open it)",
			 r->ifname);
	if (r->tap.tun_has_owner)
		run_fail(r, "tap belongs to uid %u, not to %s",
			 (unsigned)r->tap.tun_owner,
			 r->user[0] ? r->user : "the caller");
	run_fail(r, "tap belongs to group %u, which %s is not in",
		 (unsigned)r->tap.tun_group,
		 r->user[0] ? r->user : "the caller");
}

/**
 * run_nft() - open the run's one nfnetlink connection (once)
 * @r:	run
 */
void run_nft(struct run *r)
{
	int rc;

	if (r->nft)
		return;
	rc = nft_open(&r->nft);
	if (rc)
		run_fail(r, "cannot open nfnetlink: %s", strerror(-rc));
}

/* How long another run of the user may hold their lock, and how long a
 * run waits in all while the lock changes hands (a user starting many
 * VMs at once) */
#define LOCK_TIMEOUT_MS 10000
#define LOCK_CAP_MS 60000

/**
 * run_lock() - take user @uid's vmnet lock for the rest of the run
 * @r:		run
 * @uid:	whose taps this run changes
 */
void run_lock(struct run *r, uid_t uid)
{
	int rc;

	if (r->lock.held)
		return;
	run_nft(r);
	rc = lock_wait(&r->lock, r->nft, uid, LOCK_TIMEOUT_MS, LOCK_CAP_MS);
	if (rc == -ETIMEDOUT)
		run_fail(r, "another vmnet run of this user held the lock for "
			    "more than %d s; try again", LOCK_TIMEOUT_MS / 1000);
	if (rc == -EBUSY)
		run_fail(r, "other vmnet runs of this user kept the lock for "
			    "%d s in turn; try again", LOCK_CAP_MS / 1000);
	if (rc)
		run_fail(r, "cannot take the vmnet lock: %s", strerror(-rc));
}

/* Answer for @name from @cache (a struct run_names, or NULL): 1 with
 * *rc and *id, or 0 (not asked yet). */
static int cached(const struct run_names *cache, bool group, const char *name,
		  int *rc, unsigned *id)
{
	size_t i;

	for (i = 0; cache && i < cache->n; i++)
		if (cache->v[i].group == group &&
		    !strcmp(cache->v[i].name, name)) {
			*rc = cache->v[i].rc;
			*id = cache->v[i].id;
			return 1;
		}
	return 0;
}

static void remember(struct run_names *cache, bool group, const char *name,
		     int rc, unsigned id)
{
	if (!cache || cache->n == RUN_NAMES_MAX ||
	    strlen(name) >= sizeof(cache->v[0].name))
		return;
	snprintf(cache->v[cache->n].name, sizeof(cache->v[0].name), "%s",
		 name);
	cache->v[cache->n].group = group;
	cache->v[cache->n].rc = rc;
	cache->v[cache->n].id = id;
	cache->n++;
}

/* @name's uid (@group: gid) from the name service, or from @cache when
 * this run asked already: 0 with *id, or -ENOENT. */
static int resolve(struct run_names *cache, bool group, const char *name,
		   unsigned *id)
{
	struct passwd *pw;
	struct group *gr;
	int rc;

	if (cached(cache, group, name, &rc, id))
		return rc;
	if (group) {
		gr = getgrnam(name);
		*id = gr ? (unsigned)gr->gr_gid : 0;
		rc = gr ? 0 : -ENOENT;
	} else {
		pw = getpwnam(name);
		*id = pw ? (unsigned)pw->pw_uid : 0;
		rc = pw ? 0 : -ENOENT;
	}
	remember(cache, group, name, rc, *id);
	return rc;
}

/**
 * run_resolve_user() - ACL resolver: user name to uid (NSS), each name
 * asked once per run
 * @ctx:	a struct run_names for the run's answers, or NULL
 * @name:	user name
 * @uid:	result
 *
 * Return: 0 or -ENOENT
 */
int run_resolve_user(void *ctx, const char *name, uid_t *uid)
{
	unsigned id;
	int rc = resolve(ctx, false, name, &id);

	if (!rc)
		*uid = (uid_t)id;
	return rc;
}

/**
 * run_resolve_group() - ACL resolver: group name to gid (NSS), each name
 * asked once per run
 * @ctx:	a struct run_names for the run's answers, or NULL
 * @name:	group name
 * @gid:	result
 *
 * Return: 0 or -ENOENT
 */
int run_resolve_group(void *ctx, const char *name, gid_t *gid)
{
	unsigned id;
	int rc = resolve(ctx, true, name, &id);

	if (!rc)
		*gid = (gid_t)id;
	return rc;
}

/**
 * run_decide() - stage 5a: the ACL decision; refuses unless allowed
 * @r:		run, after run_load_config()
 * @network:	requested network, or NULL for the first one granted
 * @d:		the decision (allowed)
 */
void run_decide(struct run *r, const char *network, struct acl_decision *d)
{
	static struct run_names names;
	const struct acl_resolver res = {
		.user = run_resolve_user, .group = run_resolve_group,
		.ctx = &names,
	};
	struct acl_ident who = {
		.uid = r->id.uid, .gids = r->id.gids, .ngids = r->id.ngids,
		.name = r->user[0] ? r->user : NULL,
	};
	struct acl_request req = {
		.network = network,
		.has_mac = r->env.has_mac, .has_ip = r->env.has_ip,
		.ip = r->env.ip, .has_ip6 = r->env.has_ip6, .ip6 = r->env.ip6,
	};
	struct vm_err err;

	memcpy(req.mac, r->env.mac, 6);
	r->network = network;
	if (acl_decide(&r->acl, &r->conf, &who, &res, &req, d, &err))
		run_fail(r, "%s", err.msg);
	if (d->net)
		r->network = d->net->name;
	if (!d->allow)
		run_fail(r, "%s", d->why);
	/* A MAC or address the rule pins counts as requested. */
	r->env.has_mac = d->has_mac;
	memcpy(r->env.mac, d->mac, 6);
	r->env.has_ip = d->has_ip;
	r->env.ip = d->ip;
	r->env.has_ip6 = d->has_ip6;
	r->env.ip6 = d->ip6;
}
