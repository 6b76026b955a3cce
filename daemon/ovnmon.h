/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ovnmon.h - what vmnetd hears of OVN's northbound database (ovnmon.c).
 */
#ifndef VMNETD_OVNMON_H
#define VMNETD_OVNMON_H

#include <poll.h>
#include <stdbool.h>
#include <sys/types.h>

#include "conf.h"

#define OVNMON_MAX 8

struct ovnmon {
	struct {
		char db[CONF_OVN_DB_MAX + 1];
		int fd;			/* its output, -1 while it is down */
		pid_t pid;
		long long retry_ms;	/* when to start it again */
	} m[OVNMON_MAX];
	size_t n;
};

void ovnmon_start(struct ovnmon *o, const struct conf *conf);
void ovnmon_stop(struct ovnmon *o);
size_t ovnmon_poll(const struct ovnmon *o, struct pollfd *p);
bool ovnmon_read(struct ovnmon *o, const struct pollfd *p, long long now);
long long ovnmon_due(struct ovnmon *o, long long now);

#endif
