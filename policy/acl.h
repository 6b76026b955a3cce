/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * acl.h - /etc/vmnet/acl: who may attach to which network (vmnet.acl(5)),
 * and the decision "may this caller attach to network N with MAC M and IP
 * I". Pure code: files are read through a loader supplied by the caller
 * and names resolved through a resolver, so tests can supply both.
 */
#ifndef VMNET_ACL_H
#define VMNET_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "conf.h"
#include "err.h"
#include "include.h"
#include "inany.h"
#include "validate.h"

#define ACL_DEFAULT_PATH "/etc/vmnet/acl"
#define ACL_MAX_RULES 4096
#define ACL_NAME_MAX 32
#define ACL_MAX_TAPS_LIMIT 4096
/* max-conns: how many connections a VM may hold in the host's conntrack
 * table (isolated networks, whose traffic the host routes) */
#define ACL_MAX_CONNS_LIMIT 1048576
#define ACL_DEFAULT_CONNS 4096

enum acl_verb { ACL_ALLOW, ACL_DENY };
enum acl_who { ACL_WHO_USER, ACL_WHO_GROUP, ACL_WHO_ANY };

struct acl_rule {
	enum acl_verb verb;
	enum acl_who who_kind;
	char who[ACL_NAME_MAX + 1];		/* without the '@' */
	char network[VAL_NETNAME_MAX + 1];	/* "*" for any */
	unsigned max_taps;			/* 0: no limit */
	unsigned max_conns;			/* 0: ACL_DEFAULT_CONNS */
	unsigned rate;				/* kbit/s each way, 0: none */
	char name[VAL_HOSTLABEL_MAX + 1];	/* the VMs' name, "": none */
	bool has_ip;
	struct inany_range ip;
	bool has_ip6;
	struct inany_range ip6;
	bool has_mac;
	struct val_macprefix mac;
	unsigned file;				/* index into acl.files */
	unsigned line;
};

struct acl {
	struct acl_rule *rules;
	size_t n, cap;
	struct inc_files files;		/* an empty table: no ACL file */
};

struct acl_resolver {
	/* Return 0 and the id, or -ENOENT when the name does not exist. */
	int (*user)(void *ctx, const char *name, uid_t *uid);
	int (*group)(void *ctx, const char *name, gid_t *gid);
	void *ctx;
};

/* The caller, as the kernel reports it. */
struct acl_ident {
	uid_t uid;
	const gid_t *gids;	/* real gid first, then supplementary */
	size_t ngids;
	const char *name;	/* for messages; may be NULL */
};

struct acl_request {
	const char *network;	/* NULL: the first network granted */
	bool has_mac;
	uint8_t mac[6];
	bool has_ip;
	union inany ip;
	bool has_ip6;
	union inany ip6;
};

struct acl_decision {
	bool allow;
	const struct conf_network *net;	/* the network decided on */
	const struct acl_rule *rule;	/* allow rule used; NULL for root */
	unsigned max_taps;		/* 0: no limit */
	unsigned max_conns;		/* the VM's connection limit */
	unsigned rate;			/* kbit/s each way, 0: none */
	/* The MAC and IP of the request, or, when the request leaves them
	 * out, the single ones the allow rule pins (mac=.../48, one ip=,
	 * one ip6=). */
	bool has_mac;
	uint8_t mac[6];
	bool has_ip;
	union inany ip;
	bool has_ip6;		/* (networks that carry IPv6) */
	union inany ip6;
	char why[320];			/* reason, for messages and the log */
};

int acl_parse(const char *path, const struct acl_loader *loader,
	      const struct conf *conf, struct acl *acl, struct vm_err *err);
void acl_free(struct acl *acl);
int acl_decide(const struct acl *acl, const struct conf *conf,
	       const struct acl_ident *who, const struct acl_resolver *res,
	       const struct acl_request *req, struct acl_decision *out,
	       struct vm_err *err);
const char *acl_rule_file(const struct acl *acl, const struct acl_rule *r);
bool acl_quota_full(const struct acl *acl, const struct acl_decision *d,
		    const char *who, unsigned taps, char *why, size_t size);

#endif
