/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * names.h - the names of an isolated network's VMs (names.c): who gets
 * which, written where the host's resolver (nss/) and the network's
 * dnsmasq read them.
 */
#ifndef VMNET_NAMES_H
#define VMNET_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "dnsconf.h"
#include "engine.h"

/* What dnsmasq's dhcp-script was told. */
enum names_op { NAMES_ADD, NAMES_OLD, NAMES_DEL };

/* One name given: where it points, through which tap. */
struct names_entry {
	char name[VAL_HOSTLABEL_MAX + 1];
	int ifindex;
	union inany ip;
	long long expires;	/* the lease's end (s since the epoch), 0:
				 * a configured address */
};

typedef void (*names_log_fn)(const char *line, void *ctx);

int names_script(char *buf, size_t size);
int names_event(struct ctl *c, const struct conf_network *n,
		enum names_op op, const uint8_t mac[6], const char *asked,
		names_log_fn log, void *ctx);
int names_sync(struct ctl *c, const struct conf_network *n);
void names_keep(struct ctl *c, const struct conf_network *n);
ssize_t names_read(const struct conf_network *n, struct names_entry *out,
		   size_t max);
/* namesfile.c */
#define NAMES_WISH_FILE "names.wish"
#define NAMES_LOCK_FILE "names.lock"
#define NAMES_HOSTS_FILE DNS_NAMES_DIR "/hosts"
#define NAMES_MAX 4096		/* VMs' names, and names asked, per network */
#define NAMES_HOSTS_LINE 320	/* "ADDR NAME.DOMAIN NAME # vmnet N T\n" */
#define NAMES_DOMAINS_DIR DNS_RUN_DIR "/_domains"
int names_lock(const struct conf_network *n);
void names_link(const struct conf_network *n);
int names_mkdir(const struct conf_network *n);
void names_forget(const struct conf_network *n);
bool names_on(const struct conf_network *n);

#endif
