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

#include "ctl.h"
#include "job.h"

#define JOB_TIMEOUT_MS (120 * 1000)

/* Bring @n up (or repair it), then check again: a repair that leaves
 * something wrong would repeat with every event it causes. */
static int repair(struct ctl *c, const struct conf_network *n)
{
	struct fw_problems p;

	ctl_up_one(c, n);
	ctl_verify(c, n, &p);
	if (!p.n)
		return JOB_REPAIRED;
	ctl_warn("%s: still wrong after the repair: %s%s", n->name, p.text[0],
		 p.n > 1 ? " (and more)" : "");
	return JOB_STUCK;
}

/* Network @name: brought up when it is not, repaired when "check" finds
 * anything wrong, else its taps' elements synchronised. */
static int job_net(struct ctl *c, const char *name)
{
	const struct conf_network *n;
	struct taps_stats st = { 0 };
	struct fw_problems p;
	struct fw_net fn;

	ctl_load(c);
	n = conf_find(&c->conf, name);
	if (!n)
		return JOB_CLEAN;	/* no longer configured */
	fw_net_of(n, &fn);
	ctl_open(c);
	ctl_admin_lock();
	if (ctl_kept_down(name))
		return JOB_CLEAN;
	if (!fw_guarded(&fn) && fw_present(c->nft, n) != 1)
		return JOB_CLEAN;	/* unguarded bridged: nothing to keep */
	ctl_read_links(c);
	if (!ctl_net_is_up(c, n)) {
		printf("%s: is not up: bringing it up\n", name);
		return repair(c, n);
	}
	ctl_verify(c, n, &p);
	if (p.n) {
		printf("%s: %s%s: repairing\n", name, p.text[0],
		       p.n > 1 ? " (and more)" : "");
		return repair(c, n);
	}
	if (!fw_guarded(&fn))
		return JOB_CLEAN;
	taps_sync(c, n, ctl_bridge_of(c, n), &st);
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
	if (st.skipped)
		return JOB_RETRY;
	return st.removed || st.restored || st.litter || st.adopted ||
	       st.released ? JOB_REPAIRED : JOB_CLEAN;
}

/* Taps whose records went stale (detached, network gone). */
static int job_records(struct ctl *c)
{
	struct taps_stats st = { 0 };

	ctl_load(c);
	ctl_open(c);
	ctl_admin_lock();
	taps_gc_records(c, &st);
	if (st.skipped)
		return JOB_RETRY;
	return st.detached ? JOB_REPAIRED : JOB_CLEAN;
}

static void child(const struct job_ctx *x, const char *net, int out, int err)
{
	static struct ctl c;
	sigset_t none;
	int rc;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_IGN);
	closelog();
	if (x->close_fd >= 0)
		close(x->close_fd);
	if (dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0)
		_exit(JOB_FAILED);
	close(out);
	close(err);
	setvbuf(stdout, NULL, _IOLBF, 0);
	c.conf_path = x->conf_path;
	c.acl_path = x->acl_path;
	rc = net ? job_net(&c, net) : job_records(&c);
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

		syslog(prio, "%.*s", (int)len, s);
		if (first && !first[0])
			snprintf(first, size, "%.*s", (int)len, s);
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

/**
 * job_run() - run one job in a child and wait for it
 * @net:	the network, or NULL for the taps' records
 * @l:		its first line on standard output ("" if none), the last error
 *
 * Return: JOB_CLEAN, JOB_REPAIRED, JOB_STUCK, JOB_RETRY or JOB_FAILED
 */
int job_run(const struct job_ctx *x, const char *net, struct job_lines *l)
{
	int out[2], err[2], st;
	pid_t pid;

	l->first[0] = '\0';
	if (pipe2(out, O_CLOEXEC))
		return JOB_FAILED;
	if (pipe2(err, O_CLOEXEC)) {
		close(out[0]);
		close(out[1]);
		return JOB_FAILED;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		close(out[0]);
		close(err[0]);
		child(x, net, out[1], err[1]);
	}
	close(out[1]);
	close(err[1]);
	if (pid > 0)
		collect(pid, out[0], err[0], l);
	close(out[0]);
	close(err[0]);
	if (pid < 0) {
		syslog(LOG_ERR, "cannot fork: %m");
		return JOB_FAILED;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return JOB_FAILED;
	if (!WIFEXITED(st))
		return JOB_FAILED;
	switch (WEXITSTATUS(st)) {
	case JOB_CLEAN:
	case JOB_REPAIRED:
	case JOB_RETRY:
	case JOB_STUCK:
		if (WEXITSTATUS(st) != JOB_STUCK)
			l->last_err[0] = '\0';
		return WEXITSTATUS(st);
	default:
		return JOB_FAILED;
	}
}
