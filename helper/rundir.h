/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rundir.h - root's directories under /run: vmnet's (dnsmasq, per
 * network) and vmnetd's (the administrators' lock, what is kept down, the
 * daemon's pid and last repair). Only root's programs use them.
 */
#ifndef VMNET_RUNDIR_H
#define VMNET_RUNDIR_H

#define VMNETD_RUN_DIR "/run/vmnetd"
#define VMNETD_DOWN_DIR VMNETD_RUN_DIR "/down"
#define VMNETD_ADMIN_LOCK VMNETD_RUN_DIR "/admin.lock"
#define VMNETD_PID_FILE VMNETD_RUN_DIR "/vmnetd.pid"
#define VMNETD_LAST_FILE VMNETD_RUN_DIR "/last-repair"

int rundir_own(const char *path);
const char *rundir_strerror(int rc);

#endif
