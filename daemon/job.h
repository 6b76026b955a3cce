/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * job.h - one job of a vmnetd pass, in a child process (job.c).
 */
#ifndef VMNETD_JOB_H
#define VMNETD_JOB_H

#include <stddef.h>

/* A job's exit status. */
enum {
	JOB_CLEAN = 0,		/* nothing to do */
	JOB_FAILED = 1,		/* a check or a write failed (logged) */
	JOB_RETRY = 2,		/* a user's lock was held: try again */
	JOB_REPAIRED = 3,	/* something was repaired (logged) */
};

struct job_ctx {
	const char *conf_path, *acl_path;
	int close_fd;		/* closed in the child (the pid file) */
};

struct job_buf {
	char text[4096];
	size_t len;
};

int job_run(const struct job_ctx *x, const char *net, char *first,
	    size_t size);

#endif
