// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * record.c - format and parse the tap alias record (see record.h).
 *
 * Format, one line of space-separated fields in fixed order:
 *   vmnet1 net=NAME uid=UID mac=MAC|- ip=ADDR|- omtu=N omac=MAC oup=0|1
 *          fw=KIND [conns=N] [rate=KBIT] [ip6=ADDR] [via=helper|adopted]
 * fw= (the firewall state the attach added, conf_fw_name()) is written
 * by every attach and optional when read: records of vmnet 0.1 end at
 * oup=. conns= is the VM's connection limit (isolated networks; absent:
 * the default). rate= is the tap's limit each way in kbit/s (ACL rate=;
 * absent: none). ip6= is the VM's configured IPv6 address (bridged
 * networks). via= says who put the tap there when it was not
 * vmnet-ifup.
 */
#include "record.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "acl.h"

/**
 * rec_format() - write a record
 * @r:		record
 * @buf:	destination
 * @size:	size of @buf
 *
 * Return: 0, or -ENAMETOOLONG if it does not fit in @size or REC_MAX
 */
int rec_format(const struct rec *r, char *buf, size_t size)
{
	char mac[18] = "-", ip[INANY_STRLEN] = "-", omac[18], conns[24] = "",
	     rate[24] = "";
	char ip6[INANY_STRLEN + 5] = "";
	int n;

	if (r->has_mac)
		val_mac_str(r->mac, mac);
	if (r->has_ip && !inany_is_v4(&r->ip))
		return -EINVAL;
	if (r->has_ip)
		inany_str(&r->ip, ip);
	val_mac_str(r->orig_mac, omac);
	if (r->has_fw && r->conns)
		snprintf(conns, sizeof(conns), " conns=%u", r->conns);
	if (r->has_fw && r->rate)
		snprintf(rate, sizeof(rate), " rate=%u", r->rate);
	if (r->has_fw && r->has_ip6) {
		char a[INANY_STRLEN];

		inany_str(&r->ip6, a);
		snprintf(ip6, sizeof(ip6), " ip6=%s", a);
	}
	n = snprintf(buf, size,
		     REC_MAGIC " net=%s uid=%u mac=%s ip=%s omtu=%u omac=%s "
			       "oup=%d%s%s%s%s%s%s%s",
		     r->network, (unsigned)r->uid, mac, ip, r->orig_mtu, omac,
		     r->orig_up ? 1 : 0, r->has_fw ? " fw=" : "",
		     r->has_fw ? conf_fw_name(r->fw) : "", conns, rate, ip6,
		     r->via != REC_VIA_IFUP ? " via=" : "",
		     r->via != REC_VIA_IFUP ? rec_via_name(r->via) : "");
	if (n < 0 || (size_t)n >= size || n > REC_MAX)
		return -ENAMETOOLONG;
	return 0;
}

/* Whether @a and @b say the same: their texts are one. */
bool rec_equal(const struct rec *a, const struct rec *b)
{
	char x[REC_MAX + 1], y[REC_MAX + 1];

	return !rec_format(a, x, sizeof(x)) && !rec_format(b, y, sizeof(y)) &&
	       !strcmp(x, y);
}

/* "ifup", "helper", "adopted" */
const char *rec_via_name(enum rec_via via)
{
	switch (via) {
	case REC_VIA_HELPER:
		return "helper";
	case REC_VIA_ADOPTED:
		return "adopted";
	case REC_VIA_IFUP:
		break;
	}
	return "ifup";
}

/**
 * rec_is_ours() - does an alias look like a vmnet record
 * @alias:	alias text, may be NULL
 *
 * Return: true if it starts with the record magic
 */
bool rec_is_ours(const char *alias)
{
	return alias && !strncmp(alias, REC_MAGIC " ", strlen(REC_MAGIC) + 1);
}

/**
 * rec_is_infra() - does an alias mark a bridge or veth vmnet created
 * @alias:	alias text, may be NULL
 *
 * Return: true for REC_BRIDGE_TAG or REC_VETH_TAG aliases
 */
bool rec_is_infra(const char *alias)
{
	return alias && (!strncmp(alias, REC_BRIDGE_TAG, strlen(REC_BRIDGE_TAG)) ||
			 !strncmp(alias, REC_VETH_TAG, strlen(REC_VETH_TAG)));
}

/**
 * rec_is_infra_of() - is @alias exactly @tag followed by network @net
 * @alias:	alias text, may be NULL
 * @tag:	REC_BRIDGE_TAG or REC_VETH_TAG
 * @net:	network name
 *
 * Return: true if so
 */
bool rec_is_infra_of(const char *alias, const char *tag, const char *net)
{
	size_t n = strlen(tag);

	return alias && !strncmp(alias, tag, n) && !strcmp(alias + n, net);
}

/* Take "key=" off the front of *s and return the value, NUL-terminated. */
static char *field(char **s, const char *key)
{
	size_t n = strlen(key);
	char *v, *end;

	if (strncmp(*s, key, n) || (*s)[n] != '=')
		return NULL;
	v = *s + n + 1;
	end = strchr(v, ' ');
	if (end) {
		*end = '\0';
		*s = end + 1;
	} else {
		*s = v + strlen(v);
	}
	return v;
}

/* The optional MAC or address field @key: "-" or a value. */
static int opt_field(char **p, const char *key, struct rec *r)
{
	char *v = field(p, key);

	if (!v)
		return -EINVAL;
	if (!strcmp(v, "-"))
		return 0;
	if (!strcmp(key, "mac")) {
		r->has_mac = true;
		return val_mac(v, r->mac) ? -EINVAL : 0;
	}
	r->has_ip = true;	/* IPv4: the VM's IPv6 address is ip6= */
	return inany_parse(v, &r->ip) || !inany_is_v4(&r->ip) ? -EINVAL : 0;
}

/* The fields after "oup=": fw=, conns=, rate=, ip6= and via=, each
 * optional in turn. */
static int rec_parse_tail(char *p, struct rec *r)
{
	unsigned long n;
	char *v;

	if (!*p)
		return 0;
	v = field(&p, "fw");
	if (!v || conf_fw_parse(v, &r->fw))
		return -EINVAL;
	r->has_fw = true;
	if (!*p)
		return 0;
	v = field(&p, "conns");
	if (v) {
		if (val_uint(v, 1, ACL_MAX_CONNS_LIMIT, &n))
			return -EINVAL;
		r->conns = (unsigned)n;
		if (!*p)
			return 0;
	}
	v = field(&p, "rate");
	if (v) {
		if (val_uint(v, VAL_RATE_MIN_KBIT, VAL_RATE_MAX_KBIT, &n))
			return -EINVAL;
		r->rate = (unsigned)n;
		if (!*p)
			return 0;
	}
	v = field(&p, "ip6");
	if (v) {
		if (inany_parse(v, &r->ip6) || inany_is_v4(&r->ip6))
			return -EINVAL;
		r->has_ip6 = true;
		if (!*p)
			return 0;
	}
	v = field(&p, "via");
	if (v && !strcmp(v, "helper"))
		r->via = REC_VIA_HELPER;
	else if (v && !strcmp(v, "adopted"))
		r->via = REC_VIA_ADOPTED;
	else
		return -EINVAL;
	return *p ? -EINVAL : 0;
}

/**
 * rec_parse() - read a record
 * @s:	alias text
 * @r:	result
 *
 * Return: 0, or -EINVAL if @s is not a well-formed record
 */
int rec_parse(const char *s, struct rec *r)
{
	char buf[REC_MAX + 1], *p = buf, *v;
	unsigned long n;

	memset(r, 0, sizeof(*r));
	if (!rec_is_ours(s) || strlen(s) > REC_MAX)
		return -EINVAL;
	if (VAL_COPY(buf, s + strlen(REC_MAGIC) + 1))
		return -EINVAL;

	v = field(&p, "net");
	if (!v || !val_netname(v) || VAL_COPY(r->network, v))
		return -EINVAL;
	v = field(&p, "uid");
	if (!v || val_uint(v, 0, 0xfffffffeUL, &n))
		return -EINVAL;
	r->uid = (uid_t)n;
	if (opt_field(&p, "mac", r) || opt_field(&p, "ip", r))
		return -EINVAL;
	v = field(&p, "omtu");
	if (!v || val_uint(v, 68, 65535, &n))
		return -EINVAL;
	r->orig_mtu = (unsigned)n;
	v = field(&p, "omac");
	if (!v || val_mac(v, r->orig_mac))
		return -EINVAL;
	v = field(&p, "oup");
	if (!v || (strcmp(v, "0") && strcmp(v, "1")))
		return -EINVAL;
	r->orig_up = v[0] == '1';
	return rec_parse_tail(p, r);
}
