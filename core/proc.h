/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proc.h - process hygiene before anything else runs (DESIGN.md 5, step 1).
 */
#ifndef VMNET_PROC_H
#define VMNET_PROC_H

#include <stdbool.h>

int proc_std_fds(void);
int proc_find_tun_fd(const char *ifname);
int proc_close_fds(int keep);
bool proc_fd_is_tun(int fd);

#endif
