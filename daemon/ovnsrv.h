/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ovnsrv.h - vmnetd's request socket for OVN networks (ovnsrv.c).
 */
#ifndef VMNETD_OVNSRV_H
#define VMNETD_OVNSRV_H

#include <stddef.h>
#include <sys/types.h>

#include "job.h"

#define OVNSRV_MAX 32		/* requests served at once */
#define OVNSRV_PER_UID 4	/* of them, one user's */

struct ovnsrv {
	int fd;
	pid_t pid[OVNSRV_MAX];
	uid_t uid[OVNSRV_MAX];
	size_t n;
};

int ovnsrv_open(struct ovnsrv *s);
pid_t ovnsrv_start(struct ovnsrv *s, const struct job_ctx *x);

#endif
