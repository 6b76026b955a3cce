/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * run.h - the stages every privileged vmnet program goes through, in the
 * order of DESIGN.md section 5. Each stage either succeeds or ends the
 * process through run_fail(), which undoes what this run did, drops every
 * capability, logs the refusal and prints one line.
 */
#ifndef VMNET_RUN_H
#define VMNET_RUN_H

#include <net/if.h>
#include <stdbool.h>

#include "acl.h"
#include "conf.h"
#include "env.h"
#include "link.h"
#include "lock.h"
#include "privs.h"
#include "record.h"
#include "undo.h"

struct nft_conn;

struct run {
	const char *prog;		/* "vmnet-ifup" */
	const char *usage;		/* one line, without "usage: " */
	char subject[80];		/* tap name, escaped, for messages */
	char ifname[IFNAMSIZ];		/* validated tap name */
	int tun_fd;			/* inherited fd on the tap, or -1 */
	struct env_vals env;
	struct privs_ident id;
	char user[64];			/* caller's name for messages */
	struct acl acl;
	struct nl_sock *sk;		/* the run's rtnetlink socket */
	struct nft_conn *nft;		/* the run's nfnetlink connection */
	struct link_info tap;
	struct lock lock;
	const char *network;		/* network name for the log */
	enum rec_via via;		/* who attaches: the record says */
	struct undo undo;		/* what to restore on failure */
	/* Last: run_begin() clears all above it, and conf_parse() only the
	 * networks it fills. The mains keep their run static, in pages
	 * touched only where written (on the stack, the stack-clash
	 * probes would touch every page of its 53 KiB). */
	struct conf conf;
};

void run_begin(struct run *r, const char *prog, const char *usage, int argc,
	       char **argv);
void run_usage_error(const struct run *r) __attribute__((noreturn));
void run_hygiene(struct run *r, int keep);
void run_start(struct run *r, const char *prog, int argc, char **argv);
void run_decide(struct run *r, const char *network, struct acl_decision *d);
void run_drop_to_caller(struct run *r);
void run_load_config(struct run *r);
void run_prove_tap(struct run *r);
void run_nft(struct run *r);
bool run_tap_vanished(struct run *r);
void run_finish_note(struct run *r, const char *note, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));
void run_lock(struct run *r, uid_t uid);
void run_bind_tun_fd(struct run *r, int fd);
/* The ACL resolver's answers of one run: each name is asked of the name
 * service once (an ACL of many rules naming the same users and groups,
 * and the pin checks that walk it again, asked per rule). */
#define RUN_NAMES_MAX 64
struct run_names {
	struct {
		char name[40];
		bool group;
		int rc;
		unsigned id;
	} v[RUN_NAMES_MAX];
	size_t n;
};

int run_resolve_user(void *ctx, const char *name, uid_t *uid);
int run_resolve_group(void *ctx, const char *name, gid_t *gid);
#define run_finish(r, ...) run_finish_note((r), NULL, __VA_ARGS__)
void run_fail(struct run *r, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

#endif
