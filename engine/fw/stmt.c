// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stmt.c - the statements of vmnet's rules (fs_*: dynset, mark, verdicts,
 * NAT, payload writes), each with its kernel expressions and its nft
 * text; the matches are match.c's (see rule.h).
 */
#include "fw/rule.h"

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <stdio.h>
#include <string.h>

#include "fw/proto.h"
#include "fw/ruleint.h"

static void timeout_str(uint64_t ms, char *buf, size_t size)
{
	if (ms % 60000 == 0)
		snprintf(buf, size, " timeout %llum",
			 (unsigned long long)(ms / 60000));
	else
		snprintf(buf, size, " timeout %llus",
			 (unsigned long long)(ms / 1000));
}

/**
 * fs_dynset() - "add @SET { K1 . K2 [: D] }" or "update @SET { K timeout T
 * : D }" from the packet path
 * @data:	the selector of a map's value, or -1
 * @timeout_ms:	0 for the set's default
 */
void fs_dynset(struct fw_rule *r, bool update, const char *set, size_t nkeys,
	       const enum fw_sel *keys, int data, uint64_t timeout_ms)
{
	char k[96], t[32] = "", d[40] = "";
	unsigned reg = fw_load_keys(r, nkeys, keys, k, sizeof(k));

	/* a map's value goes in the next whole (16-byte) register, as nft
	 * puts it */
	reg = (reg + 3) / 4 * 4;
	if (data >= 0) {
		fw_load(r, (enum fw_sel)data, reg);
		snprintf(d, sizeof(d), " : %s", fw_sel(data)->text);
	}
	nft_dynset(&r->k, update, set, NFT_R(0),
		   data >= 0 ? (int)NFT_R(reg) : -1, timeout_ms);
	if (timeout_ms)
		timeout_str(timeout_ms, t, sizeof(t));
	fr_text(r, "%s @%s { %s%s%s }", update ? "update" : "add", set, k, t,
		d);
}

/* meta mark set VALUE */
void fs_mark(struct fw_rule *r, uint32_t value)
{
	nft_imm(&r->k, NFT_R(0), &value, 4);
	nft_meta_set(&r->k, NFT_META_MARK, NFT_R(0));
	fr_text(r, "meta mark set 0x%08x", (unsigned)value);
}

/* meta priority set none */
void fs_priority_none(struct fw_rule *r)
{
	uint32_t zero = 0;

	nft_imm(&r->k, NFT_R(0), &zero, 4);
	nft_meta_set(&r->k, NFT_META_PRIORITY, NFT_R(0));
	fr_text(r, "meta priority set none");
}

/* meta mark|priority set iif map @MAP */
void fs_meta_map(struct fw_rule *r, bool mark, const char *map)
{
	nft_meta(&r->k, NFT_META_IIF, NFT_R(0));
	nft_lookup_map(&r->k, NFT_R(0), map, NFT_R(0));
	nft_meta_set(&r->k, mark ? NFT_META_MARK : NFT_META_PRIORITY,
		     NFT_R(0));
	fr_text(r, "meta %s set iif map @%s", mark ? "mark" : "priority", map);
}

/* add @SET { meta mark ct count over COUNT } */
void fs_connlimit(struct fw_rule *r, const char *set, uint32_t count)
{
	nft_meta(&r->k, NFT_META_MARK, NFT_R(0));
	nft_dynset_connlimit(&r->k, set, NFT_R(0), count);
	fr_text(r, "add @%s { meta mark ct count over %u }", set,
		(unsigned)count);
}

/*
 * "update @SET { KEY limit rate 1/hour burst N packets }": the key's
 * element (refreshed, with the set's timeout) lets the rule go on for
 * @burst packets, then one per @period_s seconds
 */
void fs_rate(struct fw_rule *r, const char *set, enum fw_sel key,
	     uint32_t period_s, uint32_t burst)
{
	static const struct {
		uint32_t s;
		const char *name;
	} units[] = { { 604800, "week" }, { 86400, "day" }, { 3600, "hour" },
		      { 60, "minute" }, { 1, "second" } };
	size_t i = 0;

	fw_load(r, key, 0);
	nft_dynset_limit(&r->k, set, NFT_R(0), period_s, burst);
	while (period_s % units[i].s)
		i++;
	fr_text(r, "update @%s { %s limit rate %u/%s burst %u packets }", set,
		fw_sel(key)->text, (unsigned)(period_s / units[i].s),
		units[i].name, (unsigned)burst);
}

/* accept | drop */
void fs_verdict(struct fw_rule *r, int verdict)
{
	nft_verdict(&r->k, verdict);
	fr_text(r, "%s", verdict == NF_ACCEPT ? "accept" : "drop");
}

/* reject with icmpx admin-prohibited */
void fs_reject(struct fw_rule *r)
{
	nft_reject_admin(&r->k);
	fr_text(r, "reject with icmpx admin-prohibited");
}

/* masquerade */
void fs_masq(struct fw_rule *r)
{
	nft_masq(&r->k);
	fr_text(r, "masquerade");
}

/* ether saddr | arp saddr ether set MAC */
void fs_set_mac(struct fw_rule *r, enum fw_sel sel, const uint8_t mac[6])
{
	const struct sel_def *s = fw_sel(sel);
	char m[18];

	fw_need(r, s->dep);
	nft_imm(&r->k, NFT_R(0), mac, 6);
	nft_payload_set(&r->k, s->key, s->off, s->len, NFT_R(0), -1);
	val_mac_str(mac, m);
	fr_text(r, "%s set %s", s->text, m);
}

/*
 * Frames for a VM arrive addressed to the station's MAC: "ether daddr set
 * ADDR map @MAP", ADDR the destination address @daddr selects (and for
 * ARP "arp daddr ether set ..." too): a miss ends the rule. Each
 * statement looks the address up, as nft makes them of this text.
 */
void fs_dnat_map(struct fw_rule *r, enum fw_sel daddr, const char *map)
{
	const struct sel_def *d = fw_sel(daddr);
	bool arp = daddr == SEL_ARP_TIP;

	fw_load(r, daddr, 0);
	nft_lookup_map(&r->k, NFT_R(0), map, NFT_R(0));
	nft_payload_set(&r->k, NFT_PAYLOAD_LL_HEADER,
			PROTO_FIELD(struct ethhdr, h_dest), NFT_R(0), -1);
	fr_text(r, "ether daddr set %s map @%s", d->text, map);
	if (arp) {
		/* nft looks the address up again for the second statement */
		fw_load(r, SEL_ARP_TIP, 0);
		nft_lookup_map(&r->k, NFT_R(0), map, NFT_R(0));
		nft_payload_set(&r->k, NFT_PAYLOAD_NETWORK_HEADER,
				PROTO_FIELD(struct proto_arp, tha), NFT_R(0),
				-1);
		fr_text(r, "arp daddr ether set %s map @%s", d->text, map);
	}
}

/*
 * "@th,144,16 set 0x8000 udp checksum set 0": the BOOTP broadcast flag
 * (RFC 2131 4.1), so that the LAN's DHCP server answers to the broadcast
 * address rather than to the VM's MAC, which an access point would not
 * deliver.
 */
void fs_dhcp_broadcast(struct fw_rule *r)
{
	uint16_t flag = htons(0x8000), zero = 0;

	fw_need(r, DEP_UDP);
	nft_imm(&r->k, NFT_R(0), &flag, 2);
	nft_payload_set(&r->k, NFT_PAYLOAD_TRANSPORT_HEADER,
			PROTO_FIELD(struct proto_bootp, flags), NFT_R(0), -1);
	nft_imm(&r->k, NFT_R(0), &zero, 2);
	nft_payload_set(&r->k, NFT_PAYLOAD_TRANSPORT_HEADER,
			PROTO_FIELD(struct udphdr, check), NFT_R(0),
			offsetof(struct udphdr, check));
	fr_text(r, "@th,144,16 set 0x8000 udp checksum set 0");
}

/* fwd to | dup to "DEV" (netdev family) */
void fs_fwd(struct fw_rule *r, bool dup, int ifindex, const char *dev)
{
	uint32_t i = (uint32_t)ifindex;

	nft_imm(&r->k, NFT_R(0), &i, 4);
	nft_fwd(&r->k, NFT_R(0), dup);
	fr_text(r, "%s to \"%s\"", dup ? "dup" : "fwd", dev);
}
