/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmds.h - vmnetctl's commands, the command-line front end of the
 * administrator's engine (engine.h).
 */
#ifndef VMNET_CMDS_H
#define VMNET_CMDS_H

#include "engine.h"

/* hostcheck.c, firewalld.c: what "check" and "status" say of the host */
int ctl_host_diagnose(struct ctl *c);
int ctl_firewalld_zoneless(struct ctl *c, const char *ifname);

/* the commands */
int cmd_check(struct ctl *c, int argc, char **argv);
int ctl_check_as(struct ctl *c, int argc, char **argv);
int cmd_up(struct ctl *c, int argc, char **argv);
int cmd_down(struct ctl *c, int argc, char **argv);
int cmd_status(struct ctl *c, int argc, char **argv);
int cmd_print(struct ctl *c, int argc, char **argv);
int cmd_gc(struct ctl *c, int argc, char **argv);

#endif
