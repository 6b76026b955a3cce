/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rundir.h - root's directories under /run: vmnet's (dnsmasq, per
 * network) and vmnetd's (the administrators' lock, what is kept down, the
 * daemon's lock, pid and last repair). Only root's programs use them;
 * what users may read (the pid, the last repair, what is kept down) is
 * never what anyone locks.
 */
#ifndef VMNET_RUNDIR_H
#define VMNET_RUNDIR_H

#define VMNETD_RUN_DIR "/run/vmnetd"
#define VMNETD_DOWN_DIR VMNETD_RUN_DIR "/down"
#define VMNETD_ADMIN_LOCK VMNETD_RUN_DIR "/admin.lock"
#define VMNETD_PID_FILE VMNETD_RUN_DIR "/vmnetd.pid"
#define VMNETD_LOCK_FILE VMNETD_RUN_DIR "/vmnetd.lock"
#define VMNETD_LAST_FILE VMNETD_RUN_DIR "/last-repair"

#include <stdbool.h>

int rundir_own(const char *path);
const char *rundir_strerror(int rc);
int rundir_lock(const char *path, bool wait);
int rundir_lock_held(const char *path);

#endif
