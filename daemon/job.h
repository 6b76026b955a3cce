/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * job.h - one job of a vmnetd pass, in a child process (job.c).
 */
#ifndef VMNETD_JOB_H
#define VMNETD_JOB_H

#include <stdbool.h>
#include <stddef.h>

struct acl;
struct conf;

/* A job's exit status. */
enum {
	JOB_CLEAN = 0,		/* nothing to do */
	JOB_FAILED = 1,		/* a check or a write failed (logged) */
	JOB_RETRY = 2,		/* a user's lock was held: try again */
	JOB_REPAIRED = 3,	/* something was repaired (logged) */
	JOB_STUCK = 4,		/* repaired, and still not right (logged) */
	JOB_KNOWN = 5,		/* only what did not hold before: left alone */
};

struct job_ctx {
	const char *conf_path, *acl_path;
	/* what vmnetd loaded last: the jobs' when the files do not load */
	const struct conf *conf;
	const struct acl *acl;
	int close_fd;		/* closed in the child (vmnetd's lock) */
	bool taps_only;		/* only users' taps changed since the last
				 * pass: the network's own state is not
				 * verified again */
};

struct job_buf {
	char text[4096];
	size_t len;
};

/* What a job printed: its first line of standard output, and of
 * standard error (kept across jobs: an error is logged once until it
 * changes); @stuck: what a repair did not fix, which the next jobs leave
 * alone when it is all they find ("" for none). */
struct job_lines {
	char first[256];
	char last_err[256];
	char stuck[160];
};

int job_run(const struct job_ctx *x, const char *net, struct job_lines *l);

#endif
