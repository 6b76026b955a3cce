// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * golden.c - every mode's whole nf_tables state, built without a kernel
 * and compared with reviewed text (tests/golden/NETWORK.nft), as
 * nftables' tests/py compare rules with their .payload files: a change to
 * the rules shows up as a diff to review, not only as an integration test
 * that still passes.
 *
 * Each file holds the nft script "vmnetctl print" shows, then every rule's
 * kernel expressions (the bytes the kernel gets, as libnftnl prints them).
 * The host's facts are fixed here, so the output depends on the rule
 * builder alone. The expressions hold registers in host byte order: the
 * files are a little-endian host's, and a big-endian one skips.
 *
 *   golden DIR            compare; a difference fails, with a diff
 *   golden DIR --update   rewrite the files (then review "git diff")
 */
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/netfilter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "fw/fwnet.h"
#include "fw/state.h"
#include "linkplan.h"
#include "nftadm.h"

static const char conf_text[] =
	"[network iso]\n"
	"mode = isolated\n"
	"bridge = vmnet0\n"
	"address = 192.168.100.1/24\n"
	"dhcp = 192.168.100.2-192.168.100.254\n"
	"block-extra = 100.64.0.0/10, 2001:db8:77::/48\n"
	"address6 = fd00:64::1/64\n"
	"[network open]\n"
	"mode = isolated\n"
	"bridge = vmnet1\n"
	"address = 192.168.101.1/24\n"
	"address6 = none\n"
	"lan = allow\n"
	"[network lan]\n"
	"mode = bridged\n"
	"bridge = br0\n"
	"[network wifi]\n"
	"mode = wlan\n"
	"bridge = vmwifi0\n"
	"uplink = wlan0\n"
	"method = netdev\n"
	"[network wifi4]\n"
	"mode = wlan\n"
	"bridge = br4\n"
	"uplink = wlan1\n"
	"method = 4addr\n"
	"dhcp-broadcast = no\n";

static const uint8_t mac_up[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
static const uint8_t mac_br[6] = { 0x02, 0x66, 0x77, 0x88, 0x99, 0xaa };
static const uint8_t mac_lan[6] = { 0x02, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
static const uint8_t mac_pin[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x0b };

/* An isolated network's IPv6 facts, as isolated_facts6() makes them, on
 * a host whose eth0 also has 2001:db8:10::2/64. */
static void facts6(const struct conf_network *n, struct fw_host *h)
{
	static const struct inany_prefix conn6 = {
		{ .b = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x10, [15] = 2 } }, 64 };
	struct inany_prefix sub[2] = { n->address6, bridge_ll6 };
	struct inany_range r;
	int rc;

	if (n->address6_mode != CONF_V6_SET)
		return;
	rc = lan_ranges6(n, &conn6, 1, h->lan6, LAN_MAX_RANGES);
	h->nlan6 = rc > 0 ? (size_t)rc : 0;
	rc = lan_subnets(sub, 2, h->subnets6, LAN_MAX_RANGES);
	h->nsubnets6 = rc > 0 ? (size_t)rc : 0;
	inany_prefix_range(&n->address6, &r);
	fw_host_add_ip(h, &n->address6.addr);
	fw_host_add_ip(h, &r.lo);
	fw_host_add_ip(h, &bridge_ll6.addr);
}

/* What ctl_host() would read on a host with eth0 10.0.0.2/24 (gateway
 * 10.0.0.1) and the ACL's pins. */
static void facts(const struct conf_network *n, struct fw_host *h)
{
	static const struct inany_prefix conn = { INANY_V4(10, 0, 0, 2), 24 };
	static const union inany gw = INANY_V4(10, 0, 0, 1);
	struct inany_prefix self = n->address;
	int rc;

	memset(h, 0, sizeof(*h));
	fw_host_add_mac(h, false, mac_br);
	fw_host_add_mac(h, true, mac_pin);
	inany_from_v4(&h->pinip[h->npinip++], 0xc0a86432); /* .100.50 */
	if (n->mode == CONF_ISOLATED) {
		rc = lan_ranges(n, &conn, 1, h->lan, LAN_MAX_RANGES);
		h->nlan = rc > 0 ? (size_t)rc : 0;
		lan_subnets(&self, 1, h->subnets, LAN_MAX_RANGES);
		h->nsubnets = 1;
		fw_host_add_ip(h, &self.addr);
		h->conns[h->nconns++] = 100;
		h->conns[h->nconns++] = ACL_DEFAULT_CONNS;
		facts6(n, h);
		return;
	}
	rc = lan_subnets(&conn, 1, h->subnets, LAN_MAX_RANGES);
	h->nsubnets = rc > 0 ? (size_t)rc : 0;
	fw_host_add_ip(h, &conn.addr);
	fw_host_add_ip(h, &gw);
	memcpy(h->seen[h->nseen++], mac_lan, 6);
	inany_from_v4(&h->lanip[h->nlanip++], 0x0a000014); /* 10.0.0.20 */
	snprintf(h->lanports[h->nlanports++], 16, "%s",
		 n->mode == CONF_BRIDGED ? "eth0" : n->uplink);
	if (n->mode == CONF_WLAN) {
		h->uplink_ifindex = 7;
		memcpy(h->uplink_mac, mac_up, 6);
		fw_host_add_mac(h, false, mac_up);
		h->vm_end_ifindex = 9;
	}
}

/* The network's golden text into @f. */
static int render(FILE *f, const struct conf_network *n)
{
	static struct fw_host h;
	struct fw_state st;
	char text[4096];
	size_t c, i;
	int rc;

	facts(n, &h);
	fprintf(f, "# network %s: the nft script\n", n->name);
	rc = fw_print(f, n, &h);
	if (rc)
		return rc;
	rc = fw_state_build(&st, n, &h);
	if (rc)
		return rc;
	fprintf(f, "\n# the sets' annotations (userdata), as nft reads them\n");
	for (c = 0; c < FS_NSETS; c++) {
		char name[FW_NAME_MAX];
		struct nft_set_spec sp;

		if (!fw_has_set(&st.net, (enum fw_set)c))
			continue;
		fw_set_spec(&st.net, (enum fw_set)c, name, &sp);
		fprintf(f, "%s:", name);
		for (i = 0; i < sp.udata_len; i++)
			fprintf(f, " %02x", sp.udata[i]);
		fprintf(f, "\n");
	}
	fprintf(f, "\n# the kernel's expressions, rule by rule\n");
	for (c = 0; c < FC_NCHAINS && !rc; c++) {
		for (i = 0; i < st.rules[c].n && !rc; i++) {
			rc = nft_rule_expr_text(st.rules[c].v[i].r, text,
						sizeof(text));
			fprintf(f, "%s: %s\n  %s\n", st.chain[c],
				st.rules[c].v[i].text, text);
		}
	}
	fw_state_free(&st);
	return rc;
}

/* Whether a rule "[ether type @ethertype] ADDR-FIELD @p accept" is
 * refused by the builder (0: match no ether type); its text in @text. */
static bool refused(uint16_t ethertype, enum fw_sel sel,
		    const struct inany_prefix *p, char text[FW_TEXT_MAX])
{
	static struct fw_state st;
	struct fw_rule r;
	bool no;

	memset(&st, 0, sizeof(st));
	fr_begin(&r);
	if (ethertype)
		fm_ethertype(&r, ethertype);
	fm_addr(&r, sel, true, p);
	snprintf(text, FW_TEXT_MAX, "%s", r.text);
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(&st, FC_GUARD, &r);
	no = st.unmet[0] != '\0';
	fw_state_free(&st);
	return no;
}

/*
 * Control: a rule that reads a field of a protocol it did not match (an
 * IPv4 address of a frame that may be ARP, an IPv6 one of a frame that
 * may be IPv4) is refused by the builder; the same rule after "ether type
 * ip" (ip6) is not; a prefix of the other family than its field is.
 */
static int dependency_control(void)
{
	static const struct inany_prefix v4 = { INANY_V4(10, 0, 0, 0), 8 };
	struct inany_prefix v6;
	char text[FW_TEXT_MAX];
	int bad = 0;

	bad |= inany_prefix_parse("fd00:1::/64", &v6);
	bad |= !refused(0, SEL_IP_SADDR, &v4, text);
	bad |= refused(ETH_P_IP, SEL_IP_SADDR, &v4, text);
	bad |= strcmp(text, "ether type ip ip saddr 10.0.0.0/8") != 0;
	bad |= !refused(0, SEL_IP_SADDR, &v6, text);
	bad |= !refused(ETH_P_IP, SEL_IP_SADDR, &v6, text);
	bad |= refused(ETH_P_IPV6, SEL_IP_SADDR, &v6, text);
	bad |= strcmp(text, "ether type ip6 ip6 saddr fd00:1::/64") != 0;
	bad |= !refused(ETH_P_IPV6, SEL_IP_SADDR, &v4, text);
	bad |= !refused(ETH_P_ARP, SEL_ARP_SIP, &v6, text);
	printf("%s control: a field read without its protocol is refused\n",
	       bad ? "FAIL" : "ok");
	return bad;
}

/*
 * A rule nft's text cannot express (fr_raw()) is printed as a comment
 * with its reason and kernel expressions, never as a rule; the others of
 * its chain print as before.
 */
static int raw_control(const struct conf_network *n)
{
	static struct fw_host h;
	struct fw_state st;
	struct fw_rule r;
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	int bad;

	facts(n, &h);
	if (fw_state_build(&st, n, &h))
		return 1;
	fr_begin(&r);
	fm_ethertype(&r, ETH_P_IP);
	fr_text(&r, "a-rule-nft-would-read-otherwise");
	fr_raw(&r, "a test");
	fs_verdict(&r, NF_ACCEPT);
	fw_add_rule(&st, FC_GUARD, &r);
	f = open_memstream(&out, &len);
	if (!f) {
		fw_state_free(&st);
		return 1;
	}
	fw_print_state(f, &st);
	fclose(f);
	bad = !strstr(out, "\t\t# not expressible in nft (a test): [ payload "
			   "load 2b @ link header + 12") ||
	      strstr(out, "\t\tether type ip a-rule") ||
	      !strstr(out, " update @lanmac_iso { ether saddr }\n");
	printf("%s control: a rule nft cannot express prints as a comment\n",
	       bad ? "FAIL" : "ok");
	free(out);
	fw_state_free(&st);
	return bad;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(buf = malloc((size_t)n + 1)) ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static int one(const char *dir, const struct conf_network *n, bool update)
{
	char path[512], *want, *got = NULL;
	size_t wlen = 0, glen = 0;
	FILE *f = open_memstream(&got, &glen);
	int rc;

	if (!f)
		return -ENOMEM;
	rc = render(f, n);
	fclose(f);
	snprintf(path, sizeof(path), "%s/%s.nft", dir, n->name);
	if (rc) {
		fprintf(stderr, "%s: cannot build: %s\n", n->name,
			rc == -EPROTO ? "a rule reads a field of a protocol it "
					"did not match" : strerror(-rc));
	} else if (update) {
		f = fopen(path, "w");
		rc = !f || fwrite(got, 1, glen, f) != glen || fclose(f) ? -EIO : 0;
		printf("%s: written\n", path);
	} else if (!(want = slurp(path, &wlen))) {
		fprintf(stderr, "%s: missing (run with --update)\n", path);
		rc = -ENOENT;
	} else {
		rc = wlen == glen && !memcmp(want, got, glen) ? 0 : -EINVAL;
		printf("%s %s\n", rc ? "FAIL" : "ok", path);
		if (rc) {
			snprintf(path, sizeof(path), "%s/%s.nft.new", dir,
				 n->name);
			f = fopen(path, "w");
			if (f) {
				fwrite(got, 1, glen, f);
				fclose(f);
			}
			fprintf(stderr, "  the rules changed: diff -u %s/%s.nft "
				"%s, review, then --update\n", dir, n->name,
				path);
		}
		free(want);
	}
	free(got);
	return rc;
}

int main(int argc, char **argv)
{
	static struct conf conf;
	struct vm_err err;
	bool update = argc > 2 && !strcmp(argv[2], "--update");
	size_t i;
	int bad = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: golden DIR [--update]\n");
		return 2;
	}
	if (__BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__) {
		printf("golden: skipped (the files are a little-endian "
		       "host's)\n");
		return 0;
	}
	if (conf_parse("golden.conf", conf_text, sizeof(conf_text) - 1, &conf,
		       &err)) {
		fprintf(stderr, "golden.conf: %s\n", err.msg);
		return 2;
	}
	bad |= dependency_control();
	bad |= raw_control(&conf.nets[0]);
	for (i = 0; i < conf.n; i++)
		bad |= one(argv[1], &conf.nets[i], update) != 0;
	return bad;
}
