/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dnsmasq.h - the dnsmasq of an isolated network: started by "vmnetctl
 * up" with a generated config under /run/vmnet/NETWORK, found again
 * through its pid file and its command line, stopped by "vmnetctl down".
 */
#ifndef VMNET_DNSMASQ_H
#define VMNET_DNSMASQ_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf.h"
#include "leasefile.h"

#define DNSMASQ_PATH "/usr/sbin/dnsmasq"

pid_t dnsmasq_pid(const struct conf_network *n);
ssize_t dnsmasq_leases(const struct conf_network *n, struct lease *out,
		       size_t max);
bool dnsmasq_current(const struct conf_network *n, const char *text);
int dnsmasq_up(const struct conf_network *n, const char *text, bool *started,
	       char *err, size_t err_size);
int dnsmasq_down(const struct conf_network *n, char *err, size_t err_size);

#endif
