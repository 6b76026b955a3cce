/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * state.h - the nf_tables state one network should have: its chains with
 * their rules and its network-wide set elements, built from vmnet.conf and
 * the host's facts of the moment (struct fw_host). "up" installs it,
 * "print" writes it as an nft script, "status" and "check" compare the
 * kernel with it, vmnetd restores it. Administrator code only.
 */
#ifndef VMNET_FW_STATE_H
#define VMNET_FW_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netfilter.h>
#include <net/if.h>

#include "conf.h"
#include "fw/fwnet.h"
#include "fw/objects.h"
#include "fw/rule.h"
#include "fw/tables.h"
#include "lan.h"

struct fw_rules {
	struct {
		struct nftnl_rule *r;
		char *text;
		const char *raw;	/* see fr_raw() */
	} *v;
	size_t n, cap;
};

enum fw_elem_type { FE_NONE, FE_RANGES, FE_IPS, FE_MACS, FE_NAMES };

struct fw_elems {
	enum fw_elem_type type;
	const struct inany_range *ranges; /* point into the fw_host; one
					   * family, IPv4 when empty */
	const union inany *ips;
	const uint8_t (*macs)[6];
	const char (*names)[16];
	size_t n;
};

struct fw_state {
	struct fw_net net;
	const struct conf_network *conf;
	const struct fw_host *host;
	char bridge[VAL_IFNAME_MAX + 1];
	char uplink[VAL_IFNAME_MAX + 1];	/* wlan */
	char vmend[VAL_IFNAME_MAX + 1];		/* wlan netdev: the veth end */
	char set[FS_NSETS][FW_NAME_MAX];
	char chain[FC_NCHAINS][FW_NAME_MAX];
	struct fw_rules rules[FC_NCHAINS];
	struct fw_elems elems[FS_NSETS];
	bool v6;		/* a routed network that carries IPv6 */
	bool oom;
	char unmet[FW_TEXT_MAX + FW_NAME_MAX];	/* the first rule that reads
						 * a field of a protocol it
						 * did not match */
};

void fw_add_rule(struct fw_state *st, enum fw_chain c, struct fw_rule *r);
int fw_print_state(FILE *f, const struct fw_state *st);


/* The network-wide elements as the kernel holds them (state.c). */
struct fw_raw_elem {
	uint8_t key[16];
	uint32_t klen, flags;
};

struct fw_raw_elems {
	struct fw_raw_elem *v;
	size_t n, cap;
};

void fw_state_free(struct fw_state *st);
int fw_state_build(struct fw_state *st, const struct conf_network *n,
		   const struct fw_host *h);
int fw_raw_add(struct fw_raw_elems *a, const void *key, uint32_t klen,
	       uint32_t flags);
int fw_raw_of(const struct fw_elems *e, struct fw_raw_elems *out);
bool fw_want_chain(const struct fw_state *st, int family, const char *name);
bool fw_want_set(const struct fw_state *st, int family, const char *name);
const char *fw_chain_dev(const struct fw_state *st, enum fw_chain c);

/* What the kernel holds of a network (kernel.c). */
struct fw_have_chain {
	int family;
	char name[FW_NAME_MAX];
	char type[16], dev[IFNAMSIZ];
	bool base;
	uint32_t hook, policy;
	int32_t prio;
	char **rules;		/* expression texts, in order */
	size_t nrules, caprules;
};

struct fw_have_set {
	int family;
	char name[FW_NAME_MAX];
	uint32_t flags, key_type, key_len, data_type, data_len, size;
	uint64_t timeout;
};

struct fw_have {
	const struct fw_net *net;
	struct fw_have_chain chains[FC_NCHAINS * 2];
	size_t nchains;
	struct fw_have_set sets[FS_NSETS * 2];
	size_t nsets;
	int family;		/* of the dump in progress */
	bool overflow;
};

int fw_have_read(struct nft_conn *c, const struct fw_net *net, bool rules,
		 struct fw_have *h);
void fw_have_free(struct fw_have *h);
struct fw_have_chain *fw_have_chain(struct fw_have *h, int family,
				    const char *name);
struct fw_have_set *fw_have_set(struct fw_have *h, int family,
				const char *name);
bool fw_set_same(const struct fw_have_set *s, const struct nft_set_spec *sp);

/* The families of vmnet's tables, in the order they are handled. */
#define FW_NFAM 3
extern const int fw_families[FW_NFAM];

void fw_guard_rules(struct fw_state *st);
void fw_guard6_rules(struct fw_state *st);
void fw_seal_rules(struct fw_state *st);
void fw_snoop_rules(struct fw_state *st);
void fw_isolated_rules(struct fw_state *st);
void fw_wlan_rules(struct fw_state *st);

#endif
