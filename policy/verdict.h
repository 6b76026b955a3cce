/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * verdict.h - the decisions the programs take on what they read from the
 * kernel: whose a link is by its record, who may detach it, whether a tap
 * may be attached and to which bridge, which network --br names, when a
 * record is stale. Pure functions of their arguments, unit-tested in
 * tests/unit/test_verdict.c; the programs read the facts and act on the
 * verdict, and never decide these themselves.
 */
#ifndef VMNET_VERDICT_H
#define VMNET_VERDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "conf.h"
#include "err.h"
#include "record.h"

/* What a link's alias says about it. */
enum rec_state {
	REC_NONE,	/* no vmnet record: not vmnet's */
	REC_NOT_TAP,	/* a record on something that is not a tap: never
			 * acted on (only a tap can be vmnet's) */
	REC_DAMAGED,	/* vmnet's magic, but it does not parse */
	REC_TAP,	/* a tap with a valid record */
};

enum rec_state rec_state_of(bool is_tap, const char *alias, struct rec *out);
bool rec_tap_of(bool is_tap, const char *alias, const char *network,
		struct rec *out);
bool rec_may_detach(const struct rec *rec, uid_t caller);
bool may_detach(uid_t owner, uid_t caller);

/* What vmnet-ifup and vmnet-helper read of the tap again under the lock. */
struct attach_facts {
	const char *proven;	/* the name the fd proof was made on */
	const char *name;	/* its name now */
	const char *alias;
	int master;		/* ifindex of its master, 0: none */
	bool has_mac;
	unsigned max_taps;	/* the ACL's limit, 0: none */
	unsigned taps;		/* the user's recorded taps (if max_taps) */
};

enum attach_verdict {
	ATTACH_OK,
	ATTACH_RENAMED,		/* renamed since the proof */
	ATTACH_RECORDED,	/* already carries a vmnet record */
	ATTACH_ENSLAVED,	/* already a port of some device */
	ATTACH_NO_MAC,
	ATTACH_QUOTA,		/* max-taps reached */
};

enum attach_verdict attach_verdict(const struct attach_facts *f);

/* The network's bridge, as read before the attach. */
enum bridge_verdict {
	BRIDGE_OK,
	BRIDGE_NOT_BRIDGE,	/* the name is some other kind of device */
	BRIDGE_VMNETS,		/* a bridged network on a bridge vmnetctl made
				 * (for an isolated or wlan network) */
};

enum bridge_verdict bridge_verdict(const struct conf_network *n,
				   const char *kind, const char *alias);

bool helper_orphan(const struct rec *rec, bool persist, bool open);
const char *stale_why(const struct conf_network *n, int br_ifindex,
		      int master);

/* A port's registration (the comment of its ports_NET element): who
 * attached it and under which name. */
#define PORT_COMMENT_MAX 48
int port_comment_format(uid_t uid, const char *name, char *buf, size_t size);
bool port_comment_parse(const char *s, uid_t *uid, char *name,
			size_t name_size);

const struct conf_network *resolve_br(struct conf *conf, const char *br,
				      bool compat, const char *env_network,
				      struct vm_err *err);

#endif
