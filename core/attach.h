/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * attach.h - attach a proven tap to a network's bridge and detach it,
 * recording the state in the tap's alias (see record.h).
 */
#ifndef VMNET_ATTACH_H
#define VMNET_ATTACH_H

#include "fw/objects.h"
#include "run.h"

void attach_tap(struct run *r, const struct acl_decision *d);
void detach_tap(struct run *r, struct rec *rec);
unsigned detach_vanished(struct run *r);
int attach_release_restore(struct nl_sock *sk, const struct link_info *t,
			   const struct rec *rec, const char **step);
bool attach_counts_for(const struct link_info *l, uid_t uid, struct rec *rec);
bool attach_fw_of(const struct rec *rec, const struct conf *conf,
		  struct fw_net *out);

#endif
