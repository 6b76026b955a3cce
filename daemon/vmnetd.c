// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmnetd.c - the reconciler (see vmnetd(8)): keeps every configured
 * network's kernel state what "vmnetctl up" makes it, while the host
 * changes.
 *
 * It waits for netlink events (events.c), lets a burst settle (SETTLE_MS
 * after the last event, at most BURST_MS after the first), then runs a
 * pass: each network not kept down, then the taps' records, one child
 * job each (job.c), in order. Its own repairs cause events and so one
 * more pass, which finds nothing to do and causes none. Events only of
 * users' taps (attach, detach, QEMU's exit) bring a lighter pass (no
 * network's state is verified), at most one per TAPS_EVERY_MS: users can
 * cause them as fast as they like, and nothing in them is urgent (the
 * elements of a tap that is gone are keyed by an ifindex nobody reuses,
 * and the port guard drops what a port without elements sends).
 *
 * What it holds in memory is only what makes it wait: per network, when
 * to retry after a failure, the last error (logged once) and what its
 * last repair could not fix (left alone until the retry, so that a repair
 * that cannot hold does not repeat with every event it causes).
 * Everything it acts on is read again from the kernel and from
 * /run/vmnetd (what "vmnetctl down" keeps down) in each job, so a SIGKILL
 * loses nothing and a restart's first pass reconciles from scratch.
 */
#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libmnl/libmnl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <syslog.h>
#include <systemd/sd-daemon.h>
#include <time.h>
#include <unistd.h>

#include "cfgfile.h"
#include "events.h"
#include "job.h"
#include "mode.h"
#include "ovnreq.h"
#include "ovnmon.h"
#include "ovnsrv.h"
#include "rundir.h"

#define SETTLE_MS 5
#define BURST_MS 50
#define TAPS_EVERY_MS 500	/* users' taps: at most one pass per ... */
#define COALESCE_US 5000
/* wlan: how often the LAN's leases are copied where a flush cannot reach
 * them (engine/leases.c), when no event brought a pass sooner */
#define KEEP_EVERY_MS 30000
#define RETRY_MIN_MS 1000
#define RETRY_MAX_MS 30000

struct net_wait {
	unsigned delay_ms;	/* the current retry delay, 0 if none */
	long long retry_at;	/* when to try again (0: no retry due) */
	struct job_lines lines;	/* the last error, what a repair left wrong */
};

struct vmnetd {
	struct job_ctx job;
	struct conf conf;
	struct acl acl;
	struct ev ev;
	struct ev_names names;
	struct ovnsrv ovn;		/* the request socket */
	pid_t server;			/* the process serving it */
	struct ovnmon mon;		/* OVN's northbound changes */
	struct net_wait wait[CONF_MAX_NETWORKS];
	struct job_lines records;
	int sfd;
	bool dirty;			/* EV_INFRA since the last pass */
	long long first_ms, last_ms;
	bool taps_dirty;		/* EV_TAPS since the last pass */
	long long taps_ms;		/* the first of them */
	long long pass_ms;		/* when the last pass started */
	bool keeps;			/* a wlan network is configured */
	unsigned long events, passes, repairs;
	long long mon_due;		/* a monitor to start again, or -1 */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsyslog(LOG_ERR, fmt, ap);
	va_end(ap);
	exit(1);
}

/* The configuration (for the networks' names and interfaces): read
 * aside, and taken only whole. */
static int load(struct vmnetd *d, bool fatal)
{
	static struct conf conf;
	struct vm_err err;
	struct acl acl;
	size_t i;

	if (cfg_load(d->job.conf_path, d->job.acl_path, &conf, &acl, &err)) {
		acl_free(&acl);
		if (fatal)
			die("%s", err.msg);
		syslog(LOG_ERR, "%s (keeping the configuration loaded before)",
		       err.msg);
		return -1;
	}
	acl_free(&d->acl);
	d->acl = acl;
	d->conf = conf;
	memset(d->wait, 0, sizeof(d->wait));
	d->names.n = 0;
	d->keeps = false;
	for (i = 0; i < d->conf.n; i++) {
		const struct conf_network *n = &d->conf.nets[i];
		char (*w)[VAL_IFNAME_MAX + 1] = d->names.name + d->names.n;

		/* wlan: the leases' copy; isolated: the names of the IPv6
		 * addresses VMs claimed since (no event says so) */
		d->keeps |= mode_of(n)->lan_leases ||
			    (mode_of(n)->runs_dnsmasq && n->has_dhcp);
		snprintf(w[0], sizeof(w[0]), "%s", n->bridge);
		snprintf(w[1], sizeof(w[1]), "%s", n->uplink);
		conf_wlan_veth(n, w[2], w[3]);
		d->names.n += 4;
	}
	return 0;
}

/*
 * The single-instance lock (a file only root can open: see rundir.c),
 * then the pid file, which everyone may read and nobody locks. "vmnetctl
 * status" believes the pid only while it is a live vmnetd.
 */
static int pid_file(void)
{
	char buf[32], tmp[] = VMNETD_PID_FILE ".XXXXXX";
	int fd, lk, rc = rundir_own(VMNETD_RUN_DIR);
	ssize_t n;

	if (rc)
		die("%s: %s", VMNETD_RUN_DIR, rundir_strerror(rc));
	lk = rundir_lock(VMNETD_LOCK_FILE, false);
	if (lk == -EWOULDBLOCK) {
		fd = open(VMNETD_PID_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
		buf[n > 0 ? n : 0] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		die("already running (pid %s)", buf[0] ? buf : "unknown");
	}
	if (lk < 0)
		die("cannot lock %s: %s", VMNETD_LOCK_FILE, strerror(-lk));
	fd = mkstemp(tmp);
	snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (fd < 0 || fchmod(fd, 0644) || write(fd, buf, strlen(buf)) < 0 ||
	    close(fd) || rename(tmp, VMNETD_PID_FILE)) {
		if (fd >= 0)
			unlink(tmp);
		die("cannot write %s: %m", VMNETD_PID_FILE);
	}
	return lk;
}

/* Only what the passes and dnsmasq's start need, bounding set included
 * (dnsmasq, run by root, gets the bounding set). CAP_PERFMON: the second
 * line's tc programs call conntrack's BPF functions (lanbpf.bpf.c), which
 * the kernel's verifier takes only with it. */
static void drop_caps(void)
{
	capng_clear(CAPNG_SELECT_BOTH);
	if (capng_updatev(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED |
			  CAPNG_BOUNDING_SET, CAP_NET_ADMIN, CAP_NET_RAW,
			  CAP_NET_BIND_SERVICE, CAP_SETUID, CAP_SETGID,
			  CAP_CHOWN, CAP_KILL, CAP_BPF, CAP_PERFMON, -1) ||
	    capng_apply(CAPNG_SELECT_BOTH))
		die("cannot drop capabilities");
	/* libcap-ng only logs a bounding set it could not drop (without
	 * CAP_SETPCAP): check it. */
	capng_get_caps_process();
	if (capng_have_capability(CAPNG_BOUNDING_SET, CAP_SYS_ADMIN) ||
	    capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP))
		die("cannot drop capabilities (the bounding set needs "
		    "CAP_SETPCAP to be dropped)");
}

/* What "vmnetctl status" shows: the time and the first line. */
static void last_repair(const char *line)
{
	char tmp[] = VMNETD_LAST_FILE ".XXXXXX";
	FILE *f;
	int fd = mkstemp(tmp);

	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		syslog(LOG_ERR, "cannot write %s: %m", VMNETD_LAST_FILE);
		if (fd >= 0)
			close(fd);
		return;
	}
	fprintf(f, "%lld %s\n", (long long)time(NULL), line);
	if (fchmod(fd, 0644) || fclose(f) || rename(tmp, VMNETD_LAST_FILE)) {
		syslog(LOG_ERR, "cannot write %s: %m", VMNETD_LAST_FILE);
		unlink(tmp);
	}
}

static void wait_more(struct net_wait *w, long long now)
{
	w->delay_ms = w->delay_ms ? w->delay_ms * 2 : RETRY_MIN_MS;
	if (w->delay_ms > RETRY_MAX_MS)
		w->delay_ms = RETRY_MAX_MS;
	w->retry_at = now + w->delay_ms;
}

/* Account for network @i's job. */
static void after_job(struct vmnetd *d, size_t i, int rc)
{
	struct net_wait *w = &d->wait[i];

	if (rc == JOB_KNOWN)
		return;		/* nothing done; the retry stays due */
	if (rc == JOB_REPAIRED || rc == JOB_STUCK) {
		d->repairs++;
		last_repair(w->lines.first[0] ? w->lines.first :
						d->conf.nets[i].name);
	}
	if (rc == JOB_CLEAN || rc == JOB_REPAIRED) {
		w->delay_ms = 0;
		w->retry_at = 0;
		return;
	}
	wait_more(w, now_ms());
	if (rc == JOB_STUCK)
		syslog(LOG_WARNING, "%s: left as it is until the next try in "
		       "%u ms", d->conf.nets[i].name, w->delay_ms);
}

/*
 * A pass: every network (@due_only: only those whose retry is due),
 * then the taps' records. A retry repairs everything again; other jobs leave
 * alone what the last repair could not fix, when that is all they find.
 */
static void pass(struct vmnetd *d, bool due_only, bool taps_only)
{
	long long now = now_ms();
	size_t i;

	d->passes++;
	d->pass_ms = now;
	d->job.taps_only = taps_only;
	for (i = 0; i < d->conf.n; i++) {
		struct net_wait *w = &d->wait[i];
		bool due = w->retry_at && w->retry_at <= now;

		if (due_only && !due)
			continue;
		if (due)
			w->lines.stuck[0] = '\0';
		/* a retry looks at everything again */
		d->job.taps_only = taps_only && !due;
		after_job(d, i, job_run(&d->job, d->conf.nets[i].name,
					&w->lines));
	}
	/* the records last: the networks' repairs do not wait for them */
	if (!due_only && job_run(&d->job, NULL, &d->records) == JOB_REPAIRED) {
		d->repairs++;
		last_repair(d->records.first);
	}
	sd_notifyf(0, "STATUS=%lu passes, %lu repairs, %lu events",
		   d->passes, d->repairs, d->events);
}

/* When the pass for users' taps may run: settled, and not sooner than
 * TAPS_EVERY_MS after the last pass. */
static long long taps_due(const struct vmnetd *d)
{
	long long at = d->taps_ms + SETTLE_MS;

	if (at < d->pass_ms + TAPS_EVERY_MS)
		at = d->pass_ms + TAPS_EVERY_MS;
	return at;
}

/* The next moment something is due, or -1. */
static int timeout(const struct vmnetd *d)
{
	long long next = -1, now = now_ms();
	size_t i;

	if (d->dirty) {
		next = d->last_ms + SETTLE_MS;
		if (next > d->first_ms + BURST_MS)
			next = d->first_ms + BURST_MS;
	} else if (d->taps_dirty) {
		next = taps_due(d);
	} else if (d->keeps) {
		next = d->pass_ms + KEEP_EVERY_MS;
	}
	for (i = 0; i < d->conf.n; i++)
		if (d->wait[i].retry_at &&
		    (next < 0 || d->wait[i].retry_at < next))
			next = d->wait[i].retry_at;
	if (d->mon_due >= 0 && (next < 0 || d->mon_due < next))
		next = d->mon_due;
	if (next < 0)
		return -1;
	return next <= now ? 0 : (int)(next - now);
}

static void drain(struct vmnetd *d, bool nf)
{
	int rc = ev_drain(&d->ev, nf, &d->names, &d->events);

	if (rc < 0)
		die("cannot read netlink events: %s", strerror(-rc));
	if ((rc & EV_INFRA) && !d->dirty) {
		d->dirty = true;
		d->first_ms = now_ms();
	}
	if (rc & EV_INFRA)
		d->last_ms = now_ms();
	if ((rc & EV_TAPS) && !d->taps_dirty) {
		d->taps_dirty = true;
		d->taps_ms = now_ms();
	}
}

/* OVN's northbound database changed: a pass, as for the kernel's
 * events of vmnet's own state. */
static void ovn_changed(struct vmnetd *d, long long now)
{
	d->events++;
	if (!d->dirty) {
		d->dirty = true;
		d->first_ms = now;
	}
	d->last_ms = now;
}

/* The request server ended (killed for a reload, or it died): start it
 * again with the configuration loaded now. */
static void server_ended(struct vmnetd *d)
{
	if (waitpid(d->server, NULL, WNOHANG) != d->server)
		return;
	d->server = ovnsrv_start(&d->ovn, &d->job);
	if (d->server < 0)
		die("cannot start the request server: %s",
		    strerror((int)-d->server));
}

/* Returns false when vmnetd is to stop. */
static bool on_signal(struct vmnetd *d)
{
	struct signalfd_siginfo si;

	while (read(d->sfd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			syslog(LOG_NOTICE, "SIGHUP: reloading %s",
			       d->job.conf_path);
			if (!load(d, false)) {
				d->dirty = true, d->first_ms = d->last_ms = 0;
				ovnmon_stop(&d->mon);
				ovnmon_start(&d->mon, &d->conf);
				kill(d->server, SIGKILL);	/* for the new load */
			}
		} else if (si.ssi_signo == SIGCHLD) {
			server_ended(d);
		} else {
			return false;
		}
	}
	return true;
}

/*
 * After a read that brought only users' events: let the next ones gather
 * for COALESCE_US before reading again, so that a user's storm of them
 * costs one wakeup per batch, not one per message (what vmnet keeps
 * waits at most that long; the socket's buffer holds far more).
 */
static void coalesce(const struct vmnetd *d, unsigned long before)
{
	struct timespec ts = { 0, COALESCE_US * 1000 };

	if (!d->dirty && d->events - before > 1)
		nanosleep(&ts, NULL);
}

static void loop(struct vmnetd *d)
{
	struct pollfd p[3 + OVNMON_MAX] = {
		{ .fd = mnl_socket_get_fd(d->ev.rt), .events = POLLIN },
		{ .fd = mnl_socket_get_fd(d->ev.nf), .events = POLLIN },
		{ .fd = d->sfd, .events = POLLIN },
	};
	long long now;

	for (;;) {
		unsigned long before = d->events;
		size_t np = 3 + ovnmon_poll(&d->mon, p + 3);

		if (poll(p, np, timeout(d)) < 0 && errno != EINTR)
			die("poll: %m");
		now = now_ms();
		if (ovnmon_read(&d->mon, p + 3, now))
			ovn_changed(d, now);
		d->mon_due = ovnmon_due(&d->mon, now);
		drain(d, false);
		drain(d, true);
		coalesce(d, before);
		if ((p[2].revents & POLLIN) && !on_signal(d))
			return;
		now = now_ms();
		if (d->dirty && (now >= d->last_ms + SETTLE_MS ||
				 now >= d->first_ms + BURST_MS)) {
			d->dirty = d->taps_dirty = false;
			pass(d, false, false);
		} else if (!d->dirty && d->taps_dirty && now >= taps_due(d)) {
			d->taps_dirty = false;
			pass(d, false, true);
		} else if (!d->dirty && d->keeps &&
			   now >= d->pass_ms + KEEP_EVERY_MS) {
			pass(d, false, true);	/* the leases' copy */
		} else if (!d->dirty && timeout(d) == 0) {
			pass(d, true, false);
		}
	}
}

/*
 * vmnetd's environment, read here and nowhere else, once, at start, then
 * cleared but for what libsystemd needs: so neither vmnetd's jobs nor
 * anything they start see the rest (dnsmasq gets an explicit one).
 * JOURNAL_STREAM names standard error's device and inode when it is the
 * journal, and counts only if standard error is that stream (not a
 * child's inherited variable with its stderr redirected): then log lines
 * go there once, through syslog. NOTIFY_SOCKET is sd_notify()'s socket,
 * an absolute path or an abstract name ('@'), kept as it is. Return:
 * whether standard error is the journal.
 */
static bool take_environment(void)
{
	const char *e = getenv("JOURNAL_STREAM");
	const char *n = getenv("NOTIFY_SOCKET");
	char notify[108] = "";	/* sizeof(sun_path) */
	unsigned long long dev, ino;
	bool journal = false;
	struct stat st;

	if (e && sscanf(e, "%llu:%llu", &dev, &ino) == 2 &&
	    !fstat(STDERR_FILENO, &st))
		journal = (unsigned long long)st.st_dev == dev &&
			  (unsigned long long)st.st_ino == ino;
	if (n && (n[0] == '/' || n[0] == '@') && strlen(n) < sizeof(notify))
		memcpy(notify, n, strlen(n) + 1);
	clearenv();
	if (notify[0])
		setenv("NOTIFY_SOCKET", notify, 1);
	return journal;
}

static void usage(FILE *f)
{
	fputs("usage: vmnetd [--config PATH] [--acl PATH]\n"
	      "  keeps vmnet's networks up and their kernel state true "
	      "(see vmnetd(8))\n"
	      "  --version               print the version\n", f);
}

static void options(struct vmnetd *d, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "acl", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "c:a:hV", opts, NULL)) != -1) {
		switch (o) {
		case 'c':
			d->job.conf_path = optarg;
			break;
		case 'a':
			d->job.acl_path = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("vmnetd %s\n", VMNET_VERSION);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		usage(stderr);
		exit(2);
	}
}

static void setup(struct vmnetd *d)
{
	sigset_t set;
	int rc;

	if (geteuid() != 0)
		die("must be run as root");
	load(d, true);
	d->job.close_fd = pid_file();
	rc = ovnsrv_open(&d->ovn);
	if (rc)
		die("cannot listen on %s: %s", OVNREQ_SOCKET, strerror(-rc));
	ovnmon_start(&d->mon, &d->conf);
	d->mon_due = -1;
	d->job.conf = &d->conf;
	d->job.acl = &d->acl;
	rc = ev_open(&d->ev);
	if (rc)
		die("cannot subscribe to netlink events: %s", strerror(-rc));
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	d->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d->sfd < 0)
		die("signalfd: %m");
	drop_caps();
	/* last: it and its children keep only what vmnetd keeps */
	d->server = ovnsrv_start(&d->ovn, &d->job);
	if (d->server < 0)
		die("cannot start the request server: %s",
		    strerror((int)-d->server));
}

int main(int argc, char **argv)
{
	static struct vmnetd d = {
		.job = { .conf_path = CONF_DEFAULT_PATH,
			 .acl_path = ACL_DEFAULT_PATH },
	};

	bool journal = take_environment();

	options(&d, argc, argv);
	openlog("vmnetd", LOG_PID | (journal ? 0 : LOG_PERROR), LOG_DAEMON);
	setup(&d);
	syslog(LOG_NOTICE, "started: %zu network%s", d.conf.n,
	       d.conf.n == 1 ? "" : "s");
	pass(&d, false, false);
	sd_notify(0, "READY=1");
	loop(&d);
	sd_notify(0, "STOPPING=1");
	kill(d.server, SIGKILL);
	ovnmon_stop(&d.mon);
	syslog(LOG_NOTICE, "stopping; the networks stay up");
	ev_close(&d.ev);
	return 0;
}
