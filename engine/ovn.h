/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ovn.h - what vmnetd and vmnetctl write to OVS and OVN for a network of
 * mode ovn (ovn.c), through Open vSwitch's own tools.
 */
#ifndef VMNET_OVN_H
#define VMNET_OVN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "engine.h"

#define OVN_VSCTL "/usr/bin/ovs-vsctl"
#define OVN_NBCTL "/usr/bin/ovn-nbctl"
#define OVN_CLIENT "/usr/bin/ovsdb-client"
/* how long vmnetd waits for OVN to install a port (northbound "up") */
#define OVN_UP_WAIT_S 30
#define OVN_ID_MAX 64
#define OVN_DB_ARG_MAX (CONF_OVN_DB_MAX + 8)

struct ovn_port {
	char lsp[OVN_ID_MAX + 24];	/* the logical port's name */
	bool bound;			/* an interface of this chassis has it */
	bool installed;			/* ovn-installed on that interface */
	bool up;			/* the northbound "up" */
	char addresses[96];		/* as OVN holds them */
	char security[96];		/* its port security */
};

/* ovn.c: the tools, and what the files share */
int ovn_run(const char *const *argv, char *out, size_t size, char *why,
	    size_t wsize);
int ovn_spawn(const char *const *argv, pid_t *pid);
const char *ovn_db_arg(const char *db, char buf[OVN_DB_ARG_MAX]);
void ovn_unquote(char *s);
void ovn_ext_get(const char *ext, const char *key, char *v, size_t size);
int ovn_dhcp_uuid(const struct conf_network *n, char *uuid, size_t size,
		  char *why, size_t wsize);
void ovn_server_mac(const struct conf_network *n, char buf[18]);
int ovn_chassis(const struct conf_network *n, char id[OVN_ID_MAX + 1],
		char *why, size_t size);
void ovn_port_name(const char *chassis, int ifindex, char *buf, size_t size);
int ovn_bind(const struct conf_network *n, const struct link_info *tap,
	     const struct rec *rec, char *why, size_t size);
int ovn_unbind(const struct conf_network *n, const char *tap, int ifindex,
	       char *why, size_t size);
unsigned ovn_gc(struct ctl *c, const struct conf_network *n);
void ovn_up(struct ctl *c, const struct conf_network *n);
bool ovn_is_up(const struct conf_network *n);
void ovn_down(struct ctl *c, const struct conf_network *n, bool force);
int ovn_port_read(const struct conf_network *n, const struct link_info *tap,
		  struct ovn_port *p);
void ovn_print(const struct conf_network *n);
int ovn_verify(struct ctl *c, const struct conf_network *n,
	       struct fw_problems *p);
/* ovnlan.c: lan = block */
void ovn_lan_up(const struct conf_network *n, const char *chassis);
size_t ovn_lan_check(const struct conf_network *n, struct fw_problems *p);
void ovn_lan_down(const struct conf_network *n);

#endif
