// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * validate.c - strict value parsers (see validate.h).
 *
 * Rules that matter for security: interface names are compared exactly and
 * never truncated to IFNAMSIZ (qemu-bridge-helper's 2019 ACL bypass); only
 * plain ASCII digits are accepted in numbers (no sign, no spaces, no hex,
 * no leading zeros that other tools would read as octal).
 */
#include "validate.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

/* Length of @s if it is 1-@max name characters, else 0. */
static size_t name_len(const char *s, size_t max)
{
	size_t n;

	if (!s)
		return 0;
	for (n = 0; s[n]; n++) {
		if (n >= max || !is_name_char(s[n]))
			return 0;
	}
	return n;
}

/**
 * val_ifname() - check a Linux interface name
 * @s:	candidate name
 *
 * Return: true for 1-15 bytes of [A-Za-z0-9_.-], not "." or "..", not
 * starting with '-' (it would read as an option).
 */
bool val_ifname(const char *s)
{
	if (!name_len(s, VAL_IFNAME_MAX) || s[0] == '-')
		return false;
	return strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/**
 * val_netname() - check a vmnet network name
 * @s:	candidate name
 *
 * Return: true for 1-31 bytes of [A-Za-z0-9_.-] starting with a letter or
 * digit.
 */
bool val_netname(const char *s)
{
	if (!name_len(s, VAL_NETNAME_MAX))
		return false;
	return (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	       (s[0] >= '0' && s[0] <= '9');
}

/**
 * val_ovn_name() - check an OVN name vmnet writes or asks for (a logical
 * switch): it is one word of an ovn-nbctl command, never an option
 * @s:	candidate name
 *
 * Return: true for 1-63 bytes of [A-Za-z0-9_.:-] starting with a letter
 * or digit.
 */
bool val_ovn_name(const char *s)
{
	size_t n;

	for (n = 0; s[n]; n++)
		if (n >= 63 || !(is_name_char(s[n]) || s[n] == ':'))
			return false;
	return n && ((s[0] >= 'a' && s[0] <= 'z') ||
		     (s[0] >= 'A' && s[0] <= 'Z') ||
		     (s[0] >= '0' && s[0] <= '9'));
}

/**
 * val_hostlabel() - check a name a VM may go by (one DNS label, RFC 1123:
 * 1 to 63 letters, digits and hyphens, neither first nor last a hyphen)
 * and write it lowercased into @out: names are one whatever their case
 * @s:		candidate (a DHCP client's, or an ACL's)
 *
 * Return: 0 or -EINVAL
 */
int val_hostlabel(const char *s, char out[VAL_HOSTLABEL_MAX + 1])
{
	size_t n;

	for (n = 0; s[n]; n++) {
		char ch = s[n];

		if (n >= VAL_HOSTLABEL_MAX)
			return -EINVAL;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '-'))
			return -EINVAL;
		out[n] = ch;
	}
	out[n] = '\0';
	return n && s[0] != '-' && s[n - 1] != '-' ? 0 : -EINVAL;
}

/**
 * val_domain() - check a domain VMs' names go under: one or more labels
 * as val_hostlabel() takes them, joined by dots, at most VAL_DOMAIN_MAX
 * bytes (so NAME.DOMAIN stays a legal 253-byte name), lowercased into @out
 * @s:		candidate
 *
 * Return: 0 or -EINVAL
 */
int val_domain(const char *s, char out[VAL_DOMAIN_MAX + 1])
{
	char label[VAL_HOSTLABEL_MAX + 1], part[VAL_HOSTLABEL_MAX + 2];
	size_t len = strnlen(s, VAL_DOMAIN_MAX + 1), at = 0, i;

	if (len > VAL_DOMAIN_MAX || !len)
		return -EINVAL;
	while (at <= len) {
		for (i = 0; s[at + i] && s[at + i] != '.'; i++)
			if (i > VAL_HOSTLABEL_MAX)
				return -EINVAL;
		memcpy(part, s + at, i);
		part[i] = '\0';
		if (val_hostlabel(part, label))
			return -EINVAL;
		memcpy(out + at, label, i);
		out[at + i] = s[at + i];
		at += i + 1;
	}
	return 0;
}

/**
 * val_ovsdb() - check a database address as OVS's tools take it: "unix:"
 * and an absolute path of printable bytes without spaces, commas or "."
 * and ".." components, or (@tcp) "tcp:" an IPv4 address and a port. It
 * goes into a tool's argument vector as one word, never through a shell.
 * @s:		candidate
 * @tcp:	whether tcp: is allowed
 *
 * Return: 0 or -EINVAL
 */
int val_ovsdb(const char *s, bool tcp)
{
	char host[16];
	unsigned long port;
	uint32_t a;
	const char *c;
	size_t n;

	if (!strncmp(s, "unix:/", 6)) {
		for (c = s + 5; *c; c++)
			if (*c <= ' ' || *c > '~' || *c == ',')
				return -EINVAL;
		return strstr(s, "/../") || strstr(s, "/./") ||
		       (strlen(s) >= 3 && !strcmp(s + strlen(s) - 3, "/..")) ?
		       -EINVAL : 0;
	}
	if (!tcp || strncmp(s, "tcp:", 4) || !(c = strrchr(s + 4, ':')))
		return -EINVAL;
	n = (size_t)(c - (s + 4));
	if (n >= sizeof(host))
		return -EINVAL;
	memcpy(host, s + 4, n);
	host[n] = '\0';
	if (val_ipv4(host, &a) || val_uint(c + 1, 1, 65535, &port))
		return -EINVAL;
	return 0;
}

/**
 * val_rate() - parse a rate as tc writes it: a number and kbit, mbit or
 * gbit (decimal: 1mbit is 1000 kbit), 64kbit to 100gbit
 * @s:		text, e.g. "100mbit"
 * @kbit:	result, in kbit/s
 *
 * Return: 0 or -EINVAL
 */
int val_rate(const char *s, unsigned long *kbit)
{
	static const struct {
		const char *unit;
		unsigned long mult;
	} units[] = { { "kbit", 1 }, { "mbit", 1000 }, { "gbit", 1000000 } };
	char num[16];
	size_t n = strspn(s, "0123456789"), i;
	unsigned long v;

	if (!n || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n);
	num[n] = '\0';
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s + n, units[i].unit))
			continue;
		if (val_uint(num, 1, VAL_RATE_MAX_KBIT / units[i].mult, &v) ||
		    v * units[i].mult < VAL_RATE_MIN_KBIT)
			return -EINVAL;
		*kbit = v * units[i].mult;
		return 0;
	}
	return -EINVAL;
}

/**
 * val_rate_str() - a rate in kbit/s as val_rate() reads it, in the
 * largest unit that divides it
 */
void val_rate_str(unsigned long kbit, char *buf, size_t size)
{
	if (kbit % 1000000 == 0)
		snprintf(buf, size, "%lugbit", kbit / 1000000);
	else if (kbit % 1000 == 0)
		snprintf(buf, size, "%lumbit", kbit / 1000);
	else
		snprintf(buf, size, "%lukbit", kbit);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * val_mac() - parse a MAC address written as six colon-separated hex pairs
 * @s:		text, exactly "xx:xx:xx:xx:xx:xx"
 * @mac:	result
 *
 * Return: 0 or -EINVAL
 */
int val_mac(const char *s, uint8_t mac[6])
{
	int i;

	if (!s || strlen(s) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		if (i < 5 && s[3 * i + 2] != ':')
			return -EINVAL;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/**
 * val_mac_unicast() - is @mac usable as a VM's address
 * @mac:	address
 *
 * Return: true unless it is multicast/broadcast or all zeroes
 */
bool val_mac_unicast(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1) && memcmp(mac, zero, 6) != 0;
}

/* Parse a decimal 0-255 octet of a dotted quad; advance *p. */
static int octet(const char **p, uint32_t *v)
{
	const char *s = *p;
	unsigned n = 0;
	int digits = 0;

	while (*s >= '0' && *s <= '9') {
		if (digits == 1 && n == 0)
			return -EINVAL;	/* leading zero: octal elsewhere */
		n = n * 10 + (unsigned)(*s - '0');
		if (++digits > 3 || n > 255)
			return -EINVAL;
		s++;
	}
	if (!digits)
		return -EINVAL;
	*v = n;
	*p = s;
	return 0;
}

static int ipv4_prefix_of(const char **p, uint32_t *addr)
{
	uint32_t a = 0, o;
	int i;

	for (i = 0; i < 4; i++) {
		if (octet(p, &o))
			return -EINVAL;
		a = a << 8 | o;
		if (i < 3) {
			if (**p != '.')
				return -EINVAL;
			(*p)++;
		}
	}
	*addr = a;
	return 0;
}

/**
 * val_ipv4() - parse a dotted-quad IPv4 address
 * @s:		text, four decimal octets without leading zeroes
 * @addr:	result, host byte order
 *
 * Return: 0 or -EINVAL
 */
int val_ipv4(const char *s, uint32_t *addr)
{
	if (!s || ipv4_prefix_of(&s, addr) || *s)
		return -EINVAL;
	return 0;
}

/**
 * val_uint() - parse a bounded unsigned decimal number
 * @s:		text, ASCII digits only
 * @min:	smallest accepted value
 * @max:	largest accepted value
 * @out:	result
 *
 * Return: 0, -EINVAL for bad syntax, -ERANGE outside [min, max]
 */
int val_uint(const char *s, unsigned long min, unsigned long max,
	     unsigned long *out)
{
	unsigned long long v = 0;
	size_t i;

	if (!s || !*s || (s[0] == '0' && s[1]))
		return -EINVAL;
	for (i = 0; s[i]; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		if (i >= 18)
			return -ERANGE;
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = (unsigned long)v;
	return 0;
}

/**
 * val_macprefix() - parse "xx:xx:xx:xx:xx:xx" or "xx:xx:xx:xx:xx:xx/bits"
 * @s:	text; bits 1-48, no bits set past the prefix
 * @p:	result
 *
 * Return: 0, -EINVAL for bad syntax, -ERANGE if bits are set past the
 * prefix length
 */
int val_macprefix(const char *s, struct val_macprefix *p)
{
	unsigned long bits = 48;
	char mac[18];
	int i;

	if (!s)
		return -EINVAL;
	if (strlen(s) > 17) {
		if (s[17] != '/' || val_uint(s + 18, 1, 48, &bits))
			return -EINVAL;
	}
	memcpy(mac, s, 17 < strlen(s) ? 17 : strlen(s));
	mac[17 < strlen(s) ? 17 : strlen(s)] = '\0';
	if (val_mac(mac, p->mac))
		return -EINVAL;
	p->bits = (uint8_t)bits;
	for (i = (int)bits; i < 48; i++) {
		if (p->mac[i / 8] & (0x80 >> (i % 8)))
			return -ERANGE;
	}
	return 0;
}

/**
 * val_macprefix_match() - does @mac start with the prefix @p
 * @p:		prefix
 * @mac:	address
 *
 * Return: true on a match
 */
bool val_macprefix_match(const struct val_macprefix *p, const uint8_t mac[6])
{
	int i;

	for (i = 0; i < p->bits; i++) {
		uint8_t bit = (uint8_t)(0x80 >> (i % 8));

		if ((p->mac[i / 8] & bit) != (mac[i / 8] & bit))
			return false;
	}
	return true;
}

/**
 * val_mac_str() - format a MAC address in lower case
 * @mac:	address
 * @buf:	result
 */
void val_mac_str(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1],
		 mac[2], mac[3], mac[4], mac[5]);
}

/**
 * val_escape() - make untrusted text safe for a one-line message
 * @s:		text, may be NULL
 * @buf:	result: printable ASCII kept, anything else as \xNN, cut
 *		with "..." when it does not fit
 * @size:	size of @buf, at least 8
 */
void val_escape(const char *s, char *buf, size_t size)
{
	size_t o = 0;

	if (!s)
		s = "(null)";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char tmp[5];
		size_t n;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			tmp[0] = (char)c, tmp[1] = '\0';
		else
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
		n = strlen(tmp);
		if (o + n + 4 > size) {
			memcpy(buf + o, "...", 4);
			return;
		}
		memcpy(buf + o, tmp, n);
		o += n;
	}
	buf[o] = '\0';
}

/**
 * val_copy() - copy a string that must fit, never truncating it
 * @dst:	destination
 * @size:	size of @dst
 * @src:	string
 *
 * Return: 0, or -ENAMETOOLONG with @dst set to "" (a cut name could name
 * something else)
 */
int val_copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size);

	if (n == size) {
		if (size)
			dst[0] = '\0';
		return -ENAMETOOLONG;
	}
	memcpy(dst, src, n + 1);
	return 0;
}
