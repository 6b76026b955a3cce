/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * engine.h - the administrator's engine: the state of one vmnetctl
 * command or vmnetd pass, and what it does to networks (see vmnetctl(8)).
 *
 * Linked into vmnetctl and vmnetd (root, not setuid), never into a
 * setuid program (the "nm" check of t_hardening.sh reads the function
 * names declared in engine/'s headers). It reads the same configuration
 * through the same checks as the privileged programs, so "vmnetctl check"
 * reports exactly what vmnet-ifup would refuse. State is read from the
 * kernel: tap records (aliases), bridges, nf_tables; nothing is kept in
 * files but dnsmasq's. One rtnetlink socket and one nfnetlink connection
 * serve the whole run.
 */
#ifndef VMNET_ENGINE_H
#define VMNET_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "acl.h"
#include "conf.h"
#include "fw/fwnet.h"
#include "fw/objects.h"
#include "leasefile.h"
#include "link.h"
#include "mode.h"
#include "record.h"
#include "verdict.h"

#define CTL_MAX_CONTENDED 256

struct ctl {
	const char *conf_path;
	const char *acl_path;
	struct conf conf;
	struct acl acl;
	struct nl_sock *sk;
	struct nft_conn *nft;
	struct link_info *links;	/* the last dump (ctl_read_links) */
	size_t nlinks, cap;
	bool json;
	uid_t contended[CTL_MAX_CONTENDED];	/* users whose lock was held */
	size_t ncontended;
};

/* common.c */
void ctl_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void ctl_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ctl_load(struct ctl *c);
void ctl_need_root(void);
void ctl_open(struct ctl *c);
ssize_t ctl_read_file(const char *path, char *buf, size_t size);
bool ctl_file_same(const char *path, const char *text, size_t len);
void ctl_file_put(const char *path, const char *text, size_t len,
		  mode_t mode);
void ctl_read_links(struct ctl *c);
const struct link_info *ctl_link(const struct ctl *c, const char *name);
const struct link_info *ctl_vm_end(const struct ctl *c,
				   const struct conf_network *n);
const struct link_info *ctl_link_at(const struct ctl *c, int ifindex);
bool ctl_is_tap(const struct link_info *l);
bool ctl_our_bridge(const struct link_info *l, const struct conf_network *n);
bool ctl_our_veth(const struct link_info *l, const struct conf_network *n);
bool ctl_tap_of(const struct link_info *t, const char *net, struct rec *rec);
/* rates.c */
bool ctl_rate_ok(struct ctl *c, const struct link_info *t,
		 const struct rec *rec);
unsigned ctl_rate_orphans(struct ctl *c);
struct taps_stats;
void ctl_rate_restore(struct ctl *c, const struct link_info *t,
		      const struct rec *rec, struct taps_stats *st);
const struct conf_network *ctl_network(struct ctl *c, const char *name);
int ctl_bridge_of(struct ctl *c, const struct conf_network *n);
int ctl_ifindex_of(const char *s);
const char *ctl_user(uid_t uid, char *buf, size_t size);
int ctl_sysctl_char(const char *path);

/* host.c: what a network's rules need of the host, as of now */
void ctl_host(struct ctl *c, const struct conf_network *n,
	      struct fw_host *h);

/* taps.c: per-tap repair and collection, under each user's lock */
struct taps_stats {
	unsigned restored;	/* ports given back their elements */
	unsigned removed;	/* ports whose elements went */
	unsigned litter;	/* elements no port accounts for */
	unsigned detached;	/* taps released and restored */
	unsigned skipped;	/* taps whose user's lock was held */
	unsigned adopted;	/* foreign taps on vmnet's bridge, adopted */
	unsigned released;	/* other foreign ports, taken off it */
	unsigned deleted;	/* orphaned helper taps deleted */
	unsigned slots;		/* stale slots dropped (slots.c) */
	unsigned rates;		/* taps' rate limits put back */
};
struct lock;
bool taps_lock(struct ctl *c, struct lock *lk, uid_t uid, const char *what,
	       struct taps_stats *st);
bool ctl_settle_contended(struct ctl *c, unsigned budget_ms);
bool taps_adopt(struct ctl *c, const struct conf_network *n, int br_ifindex,
		bool have_links, struct taps_stats *st);
void taps_sync(struct ctl *c, const struct conf_network *n, int br_ifindex,
	       bool have_links, struct taps_stats *st);
void taps_gc_records(struct ctl *c, struct taps_stats *st);
void taps_rates(struct ctl *c, const struct conf_network *n,
		struct taps_stats *st);
void taps_slots_tidy(struct ctl *c, bool reread);
#define TAPS_MAX_USERS 256
#define DOWN_SETTLE_MS 2000
bool taps_lock_users(struct ctl *c, const struct conf_network *n,
		     int br_ifindex, struct lock *locks, size_t *nlocks,
		     uid_t *busy);
void taps_unlock_all(struct lock *locks, size_t *nlocks);
void taps_detach(struct ctl *c, const struct conf_network *n, int br_ifindex,
		 struct taps_stats *st);

/* ula6.c */
void ula6_resolve(struct conf *conf);
bool ula6_missing(const struct conf_network *n);

/* mode_isolated.c */
struct lanbpf_net;
void isolated_bpf(const struct conf_network *n, const struct fw_host *h,
		  struct lanbpf_net *out);
void isolated_dns(struct ctl *c, const struct conf_network *n, unsigned mtu,
		  const struct fw_host *h, char *text);

/* fwd6.c */
bool fwd6_safe(struct ctl *c, const struct conf_network *n);
bool net6_internet(struct ctl *c, char *why, size_t size);

/* verify.c */
bool ctl_net_is_up(struct ctl *c, const struct conf_network *n);
int ctl_verify(struct ctl *c, const struct conf_network *n,
	       struct fw_problems *p);
void ctl_problem_line(FILE *f, const struct conf_network *n,
		      const struct fw_problems *p);

/* intent.c: networks kept down, the administrators' lock */
void ctl_admin_lock(void);
bool ctl_kept_down(const char *net);
void ctl_intent(const struct conf_network *n, bool up);

/* up.c: bring network @n up, or repair it */
void ctl_up_one(struct ctl *c, const struct conf_network *n);
void ctl_up_taps(struct ctl *c, const struct conf_network *n, int br);
void ctl_host_leases(struct fw_host *h, const struct lease *l, size_t k);
void ctl_leases_keep(struct ctl *c, const struct conf_network *n);
void ctl_leases_kept(const struct conf_network *n, struct fw_host *h);
void ctl_leases_forget(const struct conf_network *n);

/* otherhelper.c */
int ctl_other_helper(const struct conf_network *n, char *why, size_t size);

#endif
