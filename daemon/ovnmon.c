// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ovnmon.c - vmnetd's ears on OVN. The kernel tells vmnetd of every
 * change to a bridge or a table; OVN's northbound database is not the
 * kernel, so for each northbound database an OVN network names, vmnetd
 * keeps an "ovsdb-client monitor" of its tables running and takes any
 * line it prints as an event: a deleted ACL, router or logical port is
 * repaired by the next pass as a flushed nf_tables table is. A monitor
 * that ends (the database restarted, say) is started again a second
 * later; its first lines (the database's contents) bring a pass, which
 * catches up with what changed meanwhile.
 */
#include "ovnmon.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "mode.h"
#include "ovn.h"

#define OVNMON_RETRY_MS 1000

static void spawn(struct ovnmon *o, size_t i)
{
	const char *argv[] = {
		OVN_CLIENT, "monitor", o->m[i].db, "OVN_Northbound", "ALL",
		NULL,
	};

	o->m[i].fd = ovn_spawn(argv, &o->m[i].pid);
	if (o->m[i].fd < 0)
		syslog(LOG_ERR, "cannot start a monitor of %s", o->m[i].db);
}

/**
 * ovnmon_start() - a monitor for each northbound database of @conf's OVN
 * networks
 */
void ovnmon_start(struct ovnmon *o, const struct conf *conf)
{
	size_t i, k;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < conf->n && o->n < OVNMON_MAX; i++) {
		const struct conf_network *n = &conf->nets[i];

		if (mode_of(n)->port != PORT_OVN)
			continue;
		for (k = 0; k < o->n && strcmp(o->m[k].db, n->ovn_nb); k++)
			;
		if (k < o->n)
			continue;
		memcpy(o->m[k].db, n->ovn_nb, sizeof(o->m[k].db));
		o->n++;
		spawn(o, k);
	}
}

static void end(struct ovnmon *o, size_t i, long long now)
{
	if (o->m[i].fd >= 0)
		close(o->m[i].fd);
	o->m[i].fd = -1;
	if (o->m[i].pid > 0) {
		kill(o->m[i].pid, SIGKILL);
		while (waitpid(o->m[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	o->m[i].pid = 0;
	o->m[i].retry_ms = now + OVNMON_RETRY_MS;
}

/**
 * ovnmon_stop() - end every monitor (before a reload, and at exit)
 */
void ovnmon_stop(struct ovnmon *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		end(o, i, 0);
	o->n = 0;
}

/**
 * ovnmon_poll() - the monitors' outputs, for poll(): @p gets one entry
 * per monitor (fd -1 while it is down)
 *
 * Return: how many entries
 */
size_t ovnmon_poll(const struct ovnmon *o, struct pollfd *p)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		p[i] = (struct pollfd){ .fd = o->m[i].fd, .events = POLLIN };
	return o->n;
}

/**
 * ovnmon_read() - read what the monitors printed (@p: ovnmon_poll()'s
 * entries after poll())
 *
 * Return: whether any printed something (a change)
 */
bool ovnmon_read(struct ovnmon *o, const struct pollfd *p, long long now)
{
	bool changed = false;
	char buf[4096];
	size_t i;

	for (i = 0; i < o->n; i++) {
		ssize_t r;

		if (o->m[i].fd < 0 || !p[i].revents)
			continue;
		r = read(o->m[i].fd, buf, sizeof(buf));
		if (r > 0) {
			changed = true;
		} else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
			syslog(LOG_WARNING, "the monitor of %s ended; again "
			       "in %d ms", o->m[i].db, OVNMON_RETRY_MS);
			end(o, i, now);
		}
	}
	return changed;
}

/**
 * ovnmon_due() - start the monitors whose retry is due
 *
 * Return: when the next is due (ms), or -1 for none
 */
long long ovnmon_due(struct ovnmon *o, long long now)
{
	long long next = -1;
	size_t i;

	for (i = 0; i < o->n; i++) {
		if (o->m[i].fd >= 0)
			continue;
		if (o->m[i].retry_ms <= now)
			spawn(o, i);
		else if (next < 0 || o->m[i].retry_ms < next)
			next = o->m[i].retry_ms;
	}
	return next;
}
