// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * job.c - one unit of a vmnetd pass, run in a child process: the taps'
 * records, or one network. The child is vmnetctl's code ("up", "gc"),
 * run under the administrators' lock; a failure (a check that dies) ends
 * only that child, and the parent logs what it printed, line by line:
 * standard output at LOG_NOTICE (what was repaired), standard error at
 * LOG_ERR.
 *
 * A child outlives a vmnetd that is killed: it ignores SIGPIPE, finishes
 * its job and releases the lock the next vmnetd's first job waits for.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cfgfile.h"
#include "engine.h"
#include "job.h"
#include "names.h"
#include "ovn.h"

#define JOB_TIMEOUT_MS (120 * 1000)
#define SELF "vmnetd: "
#define STUCK_FD 3		/* the child's: what its repair did not fix */

/* Bring @n up (or repair it), then check again: a repair that leaves
 * something wrong would repeat with every event it causes. */
static int repair(struct ctl *c, const struct conf_network *n)
{
	struct fw_problems p;

	ctl_up_one(c, n);
	ctl_verify(c, n, &p);
	if (!p.n)
		return c->ncontended ? JOB_RETRY : JOB_REPAIRED;
	fflush(stdout);
	ctl_warn("%s: still wrong after the repair: %s", n->name, p.text[0]);
	dprintf(STUCK_FD, "%s", p.text[0]);
	return JOB_STUCK;
}

/* Whether this chassis is @n's gateway chassis: the one whose vmnetd
 * keeps the router and ACLs of lan = block (shared by every chassis:
 * two repairing them at once would each replace what the other wrote). */
static bool gateway_here(const struct conf_network *n)
{
	char id[OVN_ID_MAX + 1], why[256];

	return !ovn_chassis(n, id, why, sizeof(why)) &&
	       !strcmp(id, n->ovn_gw_chassis);
}

/* An OVN network: its switch, and this chassis's bindings whose tap is
 * gone (ovn.c). */
static int job_ovn(struct ctl *c, const struct conf_network *n)
{
	struct fw_problems p = { 0 };

	ctl_open(c);
	ctl_admin_lock();
	if (ctl_kept_down(n->name))
		return JOB_CLEAN;
	if (!ovn_is_up(n)) {
		printf("%s: its logical switch is missing: bringing it up\n",
		       n->name);
		ctl_up_one(c, n);
		return JOB_REPAIRED;
	}
	if (n->lan_block && gateway_here(n) && ovn_lan_check(n, &p)) {
		printf("%s: %s: repairing\n", n->name, p.text[0]);
		ctl_up_one(c, n);
		return JOB_REPAIRED;
	}
	return ovn_gc(c, n) ? JOB_REPAIRED : JOB_CLEAN;
}

/* Network @name: brought up when it is not, repaired when "check" finds
 * anything wrong (not asked when only users' taps changed: @taps_only),
 * else its taps' elements synchronised. */
static int job_net(struct ctl *c, const char *name, const char *stuck,
		   bool taps_only)
{
	const struct conf_network *n;
	struct taps_stats st = { 0 };
	struct fw_problems p;
	struct fw_net fn;
	int present;

	n = conf_find(&c->conf, name);
	if (!n)
		return JOB_CLEAN;	/* no longer configured */
	if (mode_of(n)->port == PORT_OVN)
		return job_ovn(c, n);
	fw_net_of(n, &fn);
	ctl_open(c);
	ctl_admin_lock();
	if (ctl_kept_down(name))
		return JOB_CLEAN;
	present = fw_present(c->nft, n);
	if (!fw_guarded(&fn) && present != 1)
		return JOB_CLEAN;	/* unguarded bridged: nothing to keep */
	ctl_read_links(c);
	if (!ctl_net_is_up(c, n)) {
		printf("%s: is not up: bringing it up\n", name);
		return repair(c, n);
	}
	if (!present) {		/* "nft flush ruleset": no need to look */
		printf("%s: its nf_tables state is gone: repairing\n", name);
		return repair(c, n);
	}
	if (!taps_only) {
		ctl_verify(c, n, &p);
		if (p.n == 1 && stuck[0] && !strcmp(p.text[0], stuck))
			return JOB_KNOWN;	/* a repair would not fix it */
		if (p.n) {
			printf("%s: %s%s: repairing\n", name, p.text[0],
			       p.n > 1 ? " (and more)" : "");
			return repair(c, n);
		}
	}
	if (!fw_guarded(&fn))
		return JOB_CLEAN;
	/* (the links read above, and again by any check: nothing since
	 * changed them) */
	taps_sync(c, n, ctl_bridge_of(c, n), true, &st);
	names_keep(c, n);	/* a tap gone, a lease ended, an IPv6 claim */
	if (st.removed)
		printf("%s: removed the elements of %u tap%s that %s gone\n",
		       name, st.removed, st.removed == 1 ? "" : "s",
		       st.removed == 1 ? "is" : "are");
	if (st.restored)
		printf("%s: restored the elements of %u attached tap%s\n", name,
		       st.restored, st.restored == 1 ? "" : "s");
	if (st.litter)
		printf("%s: removed %u left-over element%s\n", name, st.litter,
		       st.litter == 1 ? "" : "s");
	ctl_leases_keep(c, n);
	if (st.skipped)
		return JOB_RETRY;
	return st.removed || st.restored || st.litter || st.adopted ||
	       st.released ? JOB_REPAIRED : JOB_CLEAN;
}

/* Taps whose records went stale (detached, network gone). */
static int job_records(struct ctl *c)
{
	struct taps_stats st = { 0 };

	ctl_open(c);
	ctl_admin_lock();
	taps_gc_records(c, &st);
	if (st.skipped)
		return JOB_RETRY;
	return st.detached || st.deleted || st.slots || st.rates ?
	       JOB_REPAIRED : JOB_CLEAN;
}

/* The files as they are now (a job sees an edit at once); when they do
 * not load, what vmnetd loaded last (the files as they were: an edit
 * that breaks them does not stop the repairs, and the job says why it
 * repairs with that). */
static void job_load(struct ctl *c, const struct job_ctx *x)
{
	struct vm_err err;

	if (cfg_load(c->conf_path, c->acl_path, &c->conf, &c->acl, &err)) {
		acl_free(&c->acl);
		ctl_warn("%s (going on with the configuration loaded before)",
			 err.msg);
		c->conf = *x->conf;
		c->acl = *x->acl;	/* this process's copy: never freed */
	}
	ula6_resolve(&c->conf);
}

/* The pipes between a job and vmnetd: standard output, standard error,
 * and STUCK_FD (what its repair did not fix). */
enum { P_OUT, P_ERR, P_STUCK, P_N };

static void child(const struct job_ctx *x, const char *net,
		  const struct job_lines *l, int (*p)[2])
{
	static const int to[P_N] = { STDOUT_FILENO, STDERR_FILENO, STUCK_FD };
	static struct ctl c;
	sigset_t none;
	int i, rc;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_IGN);
	closelog();
	if (x->close_fd >= 0)
		close(x->close_fd);
	for (i = 0; i < P_N; i++)
		if (dup2(p[i][1], to[i]) < 0)
			_exit(JOB_FAILED);
	setvbuf(stdout, NULL, _IOLBF, 0);
	c.conf_path = x->conf_path;
	c.acl_path = x->acl_path;
	job_load(&c, x);
	rc = net ? job_net(&c, net, l->stuck, x->taps_only) :
		   job_records(&c);
	fflush(stdout);
	_exit(rc);
}

/* Log the complete lines of @b (keeping a partial one); the first line
 * is kept in @first (when empty). */
static void take_lines(struct job_buf *b, int prio, char *first,
		       size_t size, bool flush)
{
	char *s = b->text, *nl;

	while ((nl = memchr(s, '\n', b->len - (size_t)(s - b->text))) ||
	       (flush && s < b->text + b->len)) {
		size_t len = nl ? (size_t)(nl - s) :
				  b->len - (size_t)(s - b->text);

		const char *t = s;
		size_t tl = len;

		/* (vmnetctl's messages name the program: so does syslog) */
		if (tl > sizeof(SELF) - 1 && !memcmp(t, SELF, sizeof(SELF) - 1)) {
			t += sizeof(SELF) - 1;
			tl -= sizeof(SELF) - 1;
		}
		syslog(prio, "%.*s", (int)tl, t);
		if (first && !first[0])
			snprintf(first, size, "%.*s", (int)tl, t);
		s += len + (nl != NULL);
	}
	b->len -= (size_t)(s - b->text);
	memmove(b->text, s, b->len);
	if (b->len == sizeof(b->text)) {	/* a line too long: cut */
		syslog(prio, "%.*s", (int)b->len, b->text);
		b->len = 0;
	}
}

static void log_errors(struct job_buf *b, struct job_lines *l)
{
	char first[256];
	size_t n = strcspn(b->text, "\n");

	if (!b->len)
		return;
	snprintf(first, sizeof(first), "%.*s", (int)(n < b->len ? n : b->len),
		 b->text);
	if (!strcmp(first, l->last_err)) {
		b->len = 0;
		return;		/* logged already */
	}
	snprintf(l->last_err, sizeof(l->last_err), "%s", first);
	take_lines(b, LOG_ERR, NULL, 0, true);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Read the child's two pipes until both close (or the job times out):
 * standard output is logged as it comes, standard error at the end, and
 * only when its first line is not the one logged last time. */
static void collect(pid_t pid, int out, int err, struct job_lines *l)
{
	static struct job_buf bo, be;
	struct pollfd p[2] = { { .fd = out, .events = POLLIN },
			       { .fd = err, .events = POLLIN } };
	long long end = now_ms() + JOB_TIMEOUT_MS;
	int i;

	bo.len = be.len = 0;
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		long long left = end - now_ms();

		if (left <= 0) {
			syslog(LOG_ERR, "a pass job took over %d s; killed",
			       JOB_TIMEOUT_MS / 1000);
			kill(pid, SIGKILL);
			break;
		}
		if (poll(p, 2, (int)left) < 0 && errno != EINTR)
			break;
		for (i = 0; i < 2; i++) {
			struct job_buf *b = i ? &be : &bo;
			ssize_t r;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			r = read(p[i].fd, b->text + b->len,
				 sizeof(b->text) - b->len);
			if (r <= 0) {
				p[i].fd = -1;
				continue;
			}
			b->len += (size_t)r;
			if (!i)
				take_lines(b, LOG_NOTICE, l->first,
					   sizeof(l->first), false);
			else if (b->len == sizeof(b->text))
				log_errors(b, l);
		}
	}
	take_lines(&bo, LOG_NOTICE, l->first, sizeof(l->first), true);
	log_errors(&be, l);
}

/* What the child's exit status @st says; @len: how much it wrote on
 * STUCK_FD (a known problem stays known while it is all there is). */
static int job_status(int st, struct job_lines *l, ssize_t len)
{
	int rc = WIFEXITED(st) ? WEXITSTATUS(st) : JOB_FAILED;

	if (rc == JOB_STUCK)
		l->stuck[len > 0 ? len : 0] = '\0';
	else if (rc != JOB_KNOWN)
		l->stuck[0] = '\0';
	if (rc == JOB_CLEAN || rc == JOB_REPAIRED || rc == JOB_RETRY)
		l->last_err[0] = '\0';
	return rc >= JOB_CLEAN && rc <= JOB_KNOWN ? rc : JOB_FAILED;
}

/**
 * job_run() - run one job in a child and wait for it
 * @net:	the network, or NULL for the taps' records
 * @l:		its first line on standard output ("" if none), the last error
 *
 * Return: what the job's exit status says (enum in job.h)
 */
int job_run(const struct job_ctx *x, const char *net, struct job_lines *l)
{
	int p[P_N][2], i, n = 0, st = -1;
	ssize_t len = 0;
	pid_t pid = -1;

	l->first[0] = '\0';
	while (n < P_N && !pipe2(p[n], O_CLOEXEC))
		n++;
	if (n == P_N) {
		fflush(NULL);
		pid = fork();
		if (pid == 0)
			child(x, net, l, p);
	}
	for (i = 0; i < n; i++)
		close(p[i][1]);
	if (pid > 0) {
		collect(pid, p[P_OUT][0], p[P_ERR][0], l);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		len = read(p[P_STUCK][0], l->stuck, sizeof(l->stuck) - 1);
	}
	for (i = 0; i < n; i++)
		close(p[i][0]);
	if (pid < 0) {
		syslog(LOG_ERR, "cannot start a job: %m");
		return JOB_FAILED;
	}
	return job_status(st, l, len);
}
