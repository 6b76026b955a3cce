// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * conf.c - parser for vmnet.conf.
 *
 * Grammar (vmnet.conf(5)): sections "[network NAME]", then "key = value"
 * lines. Unknown keys, keys that do not belong to the network's mode,
 * repeated keys and missing required keys are errors: a setuid program must
 * not guess what the administrator meant. All values are validated here, so
 * the privileged code only ever sees checked data.
 */
#include "conf.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lines.h"
#include "mode.h"

const char conf_embedded_text[] =
	"[network default]\n"
	"mode      = isolated\n"
	"bridge    = vmnet0\n"
	"address   = 192.168.100.1/24\n"
	"dhcp      = 192.168.100.2-192.168.100.254\n"
	"lan       = block\n";

/* Bit per key, to catch repeats and missing/foreign keys. */
enum {
	K_MODE = 1 << 0,
	K_BRIDGE = 1 << 1,
	K_ADDRESS = 1 << 2,
	K_DHCP = 1 << 3,
	K_LAN = 1 << 4,
	K_BLOCK_EXTRA = 1 << 5,
	K_UPLINK = 1 << 6,
	K_METHOD = 1 << 7,
	K_DHCP_BCAST = 1 << 8,
	K_GUARD = 1 << 9,
	K_ADDRESS6 = 1 << 10,
	K_SWITCH = 1 << 11,
	K_NB = 1 << 12,
	K_OVSDB = 1 << 13,
	K_MTU = 1 << 14,
	K_GWCHASSIS = 1 << 15,
	K_EXTERNAL = 1 << 16,
	K_EXTGW = 1 << 17,
	K_PHYSNET = 1 << 18,
	K_DOMAIN = 1 << 19,
};

static const struct {
	const char *name;
	unsigned bit;
} conf_keys[] = {
	{ "mode", K_MODE },		{ "bridge", K_BRIDGE },
	{ "address", K_ADDRESS },	{ "dhcp", K_DHCP },
	{ "lan", K_LAN },		{ "block-extra", K_BLOCK_EXTRA },
	{ "uplink", K_UPLINK },		{ "method", K_METHOD },
	{ "dhcp-broadcast", K_DHCP_BCAST },	{ "guard", K_GUARD },
	{ "address6", K_ADDRESS6 },	{ "switch", K_SWITCH },
	{ "northbound", K_NB },		{ "ovsdb", K_OVSDB },
	{ "mtu", K_MTU },		{ "gateway-chassis", K_GWCHASSIS },
	{ "external", K_EXTERNAL },	{ "external-gateway", K_EXTGW },
	{ "physnet", K_PHYSNET },	{ "domain", K_DOMAIN },
};
#define CONF_NKEYS (sizeof(conf_keys) / sizeof(conf_keys[0]))
/* every key has a bit in "seen" */
static_assert(CONF_NKEYS <= sizeof(unsigned) * 8, "too many keys");

/* Keys allowed and required per mode (mode itself always required). */
static const struct {
	unsigned allowed, required;
} conf_mode_keys[] = {
	[CONF_ISOLATED] = { K_MODE | K_BRIDGE | K_ADDRESS | K_DHCP | K_LAN |
				    K_BLOCK_EXTRA | K_ADDRESS6 | K_DOMAIN,
			    K_MODE | K_BRIDGE | K_ADDRESS },
	[CONF_BRIDGED] = { K_MODE | K_BRIDGE | K_GUARD, K_MODE | K_BRIDGE },
	[CONF_WLAN] = { K_MODE | K_BRIDGE | K_UPLINK | K_METHOD |
				K_DHCP_BCAST,
			K_MODE | K_BRIDGE | K_UPLINK | K_METHOD },
	[CONF_OVN] = { K_MODE | K_BRIDGE | K_SWITCH | K_NB | K_OVSDB |
			       K_MTU | K_ADDRESS | K_LAN | K_BLOCK_EXTRA |
			       K_GWCHASSIS | K_EXTERNAL | K_EXTGW | K_PHYSNET,
		       K_MODE | K_LAN },
};
static_assert(sizeof(conf_mode_keys) / sizeof(conf_mode_keys[0]) ==
	      CONF_OVN + 1, "one row per mode");

struct conf_parser {
	struct lines l;
	struct conf *conf;
	struct conf_network *cur;
	unsigned seen;
	unsigned key_line[CONF_NKEYS];	/* line of each key, by its index
					 * in conf_keys[] */
	struct vm_err *err;
};

static int perr(struct conf_parser *p, const char *msg, const char *arg)
{
	char esc[64];

	val_escape(arg, esc, sizeof(esc));
	return err_at(p->err, p->l.file, p->l.lineno, "%s '%s'", msg, esc);
}

static int parse_block_extra(struct conf_parser *p, char *v)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(v, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		struct conf_network *n = p->cur;

		if (n->n_block_extra == CONF_MAX_BLOCK_EXTRA)
			return err_at(p->err, p->l.file, p->l.lineno,
				      "more than %d block-extra prefixes",
				      CONF_MAX_BLOCK_EXTRA);
		if (inany_prefix_parse(tok,
				       &n->block_extra[n->n_block_extra]))
			return perr(p, "invalid prefix (want a.b.c.d/len or "
				       "an IPv6 prefix, with no host bits)",
				    tok);
		n->n_block_extra++;
	}
	return 0;
}

/* "address6": auto, none, or the bridge's address in a /64 of unique
 * local or global unicast space (SLAAC needs a /64). */
static int parse_address6(struct conf_parser *p, char *v)
{
	struct conf_network *n = p->cur;
	struct inany_prefix *a = &n->address6;

	if (!strcmp(v, "auto") || !strcmp(v, "none")) {
		n->address6_mode = v[0] == 'a' ? CONF_V6_AUTO : CONF_V6_NONE;
		return 0;
	}
	if (inany_ifaddr_parse(v, a) || inany_is_v4(&a->addr) ||
	    a->len != 64 || !inany_is_v6_global(&a->addr))
		return perr(p, "invalid address6 (want auto, none or the "
			       "bridge's address in a unique local or global "
			       "/64, e.g. fd00:1:2:3::1/64):", v);
	n->address6_mode = CONF_V6_SET;
	return 0;
}

/* The words a key with a fixed set of values takes. */
struct word {
	const char *text;
	int value;
};

static const struct word modes[] = {
	{ "isolated", CONF_ISOLATED }, { "bridged", CONF_BRIDGED },
	{ "wlan", CONF_WLAN }, { "ovn", CONF_OVN }, { NULL, 0 },
};
static const struct word lans[] = { { "block", 1 }, { "allow", 0 },
				    { NULL, 0 } };
static const struct word methods[] = {
	{ "netdev", CONF_METHOD_NETDEV }, { "4addr", CONF_METHOD_4ADDR },
	{ NULL, 0 },
};
static const struct word yesno[] = { { "yes", 1 }, { "no", 0 },
				     { NULL, 0 } };

/* @v's value in @w: 0, or -EINVAL when it is none of the words. */
static int pick(const struct word *w, const char *v, int *out)
{
	for (; w->text; w++)
		if (!strcmp(w->text, v)) {
			*out = w->value;
			return 0;
		}
	return -EINVAL;
}

/* "bridge", "uplink": an interface name into @dst (IFNAMSIZ bytes) */
static int parse_ifname(struct conf_parser *p, char *dst, char *v)
{
	if (!val_ifname(v))
		return perr(p, "invalid interface name (1-15 of "
			       "A-Z a-z 0-9 _ . -):", v);
	if (val_copy(dst, VAL_IFNAME_MAX + 1, v))
		return perr(p, "interface name too long:", v);
	return 0;
}

/* The keys of mode ovn (confovn.c). */
static int parse_ovn_value(struct conf_parser *p, unsigned key, char *v)
{
	const char *msg;
	size_t i;

	for (i = 0; i < CONF_NKEYS && conf_keys[i].bit != key; i++)
		;
	if (i == CONF_NKEYS)
		return -EINVAL;
	msg = conf_ovn_value(p->cur, conf_keys[i].name, v);
	return msg ? perr(p, msg, v) : 0;
}

static int parse_domain(struct conf_parser *p, const char *v)
{
	if (val_domain(v, p->cur->domain))
		return perr(p, "invalid domain (want labels of letters, digits "
			       "and hyphens joined by dots):", v);
	return 0;
}

static int parse_value(struct conf_parser *p, unsigned key, char *v)
{
	struct conf_network *n = p->cur;
	int x;

	switch (key) {
	case K_MODE:
		if (pick(modes, v, &x))
			return perr(p, "unknown mode (want isolated, bridged, "
				       "wlan or ovn):", v);
		n->mode = (enum conf_mode)x;
		return 0;
	case K_BRIDGE:
	case K_UPLINK:
		return parse_ifname(p, key == K_BRIDGE ? n->bridge : n->uplink,
				    v);
	case K_ADDRESS:
		if (inany_ifaddr_parse(v, &n->address) ||
		    !inany_is_v4(&n->address.addr))
			return perr(p, "invalid address (want a host address "
				       "with prefix /8 to /30, e.g. "
				       "192.168.100.1/24):", v);
		n->has_address = true;
		return 0;
	case K_ADDRESS6:
		return parse_address6(p, v);
	case K_DHCP:
		if (inany_range_parse(v, &n->dhcp) ||
		    !inany_is_v4(&n->dhcp.lo) || !strchr(v, '-'))
			return perr(p, "invalid DHCP range (want "
				       "first-last):", v);
		n->has_dhcp = true;
		return 0;
	case K_LAN:
		if (pick(lans, v, &x))
			return perr(p, "invalid lan (want block or allow):", v);
		n->lan_block = x;
		return 0;
	case K_BLOCK_EXTRA:
		return parse_block_extra(p, v);
	case K_DOMAIN:
		return parse_domain(p, v);
	case K_METHOD:
		if (pick(methods, v, &x))
			return perr(p, "invalid method (want netdev or "
				       "4addr):", v);
		n->method = (enum conf_method)x;
		return 0;
	case K_GUARD:
		if (pick(yesno, v, &x))
			return perr(p, "invalid guard (want yes or no):", v);
		n->guard = x;
		return 0;
	case K_DHCP_BCAST:
		if (pick(yesno, v, &x))
			return perr(p, "invalid dhcp-broadcast (want yes or "
				       "no):", v);
		n->dhcp_broadcast = x;
		return 0;
	}
	return parse_ovn_value(p, key, v);
}

/* The line of key @name, or @dflt when NULL or not seen. */
static unsigned line_of(const struct conf_parser *p, const char *name,
			unsigned dflt)
{
	size_t i;

	for (i = 0; name && i < CONF_NKEYS; i++)
		if (!strcmp(conf_keys[i].name, name) &&
		    (p->seen & conf_keys[i].bit))
			return p->key_line[i];
	return dflt;
}

static int check_network(struct conf_parser *p)
{
	struct conf_network *n = p->cur;
	unsigned allowed, required, missing, extra;
	const char *msg, *key;
	size_t i;

	if (!n)
		return 0;
	if (!(p->seen & K_MODE))
		return err_at(p->err, p->l.file, n->line,
			      "network '%s' has no mode", n->name);
	allowed = conf_mode_keys[n->mode].allowed;
	required = conf_mode_keys[n->mode].required;
	extra = p->seen & ~allowed;
	missing = required & ~p->seen;
	for (i = 0; i < CONF_NKEYS; i++) {
		if (extra & conf_keys[i].bit)
			return err_at(p->err, p->l.file, p->key_line[i],
				      "network '%s': key '%s' is not valid "
				      "for mode %s", n->name, conf_keys[i].name,
				      conf_mode_name(n->mode));
		if (missing & conf_keys[i].bit)
			return err_at(p->err, p->l.file, n->line,
				      "network '%s': mode %s needs key '%s'",
				      n->name, conf_mode_name(n->mode),
				      conf_keys[i].name);
	}
	if (n->mode == CONF_ISOLATED && !(p->seen & K_LAN))
		n->lan_block = true;
	if (n->mode == CONF_OVN && (msg = conf_ovn_check(n, &key)))
		return err_at(p->err, p->l.file, line_of(p, key, n->line),
			      "network '%s': %s", n->name, msg);
	if ((n->has_dhcp && (msg = conf_dhcp_check(n))) ||
	    (n->mode == CONF_ISOLATED && (msg = conf_domain_default(n))))
		return err_at(p->err, p->l.file, n->line, "network '%s': %s",
			      n->name, msg);
	if (n->mode == CONF_WLAN && !strcmp(n->bridge, n->uplink))
		return err_at(p->err, p->l.file, n->line,
			      "network '%s': bridge and uplink are the same "
			      "interface", n->name);
	if (n->mode == CONF_WLAN && !(p->seen & K_DHCP_BCAST))
		n->dhcp_broadcast = true;
	if (n->mode == CONF_BRIDGED && !(p->seen & K_GUARD))
		n->guard = true;
	if (n->mode == CONF_WLAN && n->method == CONF_METHOD_NETDEV &&
	    strlen(n->bridge) > VAL_IFNAME_MAX - 2)
		return err_at(p->err, p->l.file, n->line,
			      "network '%s': with method netdev the bridge "
			      "name can have at most %d characters (vmnet "
			      "names its veth pair %s-v and %s-u)", n->name,
			      VAL_IFNAME_MAX - 2, n->bridge, n->bridge);
	return 0;
}

/* Cross-network rules: unique names, one network per bridge/uplink, no
 * overlapping isolated subnets. */
static int check_unique(struct conf_parser *p)
{
	struct conf *c = p->conf;
	struct conf_network *n = &c->nets[c->n - 1];
	size_t i;

	for (i = 0; i + 1 < c->n; i++) {
		const struct conf_network *o = &c->nets[i];

		if (!strcmp(o->name, n->name))
			return err_at(p->err, p->l.file, n->line,
				      "network '%s' is already defined at line "
				      "%u", n->name, o->line);
		if (o->mode == CONF_OVN && n->mode == CONF_OVN) {
			if (!strcmp(o->ovn_switch, n->ovn_switch) &&
			    !strcmp(o->ovn_nb, n->ovn_nb))
				return err_at(p->err, p->l.file, n->line,
					      "network '%s' is the switch of "
					      "network '%s' (line %u)",
					      n->name, o->name, o->line);
			/* OVN's networks share the integration bridge */
		} else if (!strcmp(o->bridge, n->bridge) ||
		    (o->uplink[0] && !strcmp(o->uplink, n->bridge)) ||
		    (n->uplink[0] && (!strcmp(o->bridge, n->uplink) ||
				      !strcmp(o->uplink, n->uplink))))
			return err_at(p->err, p->l.file, n->line,
				      "network '%s' uses an interface of "
				      "network '%s' (line %u)", n->name,
				      o->name, o->line);
		if (o->domain[0] && !strcmp(o->domain, n->domain))
			return err_at(p->err, p->l.file, n->line,
				      "network '%s' has the domain of network "
				      "'%s' (line %u)", n->name, o->name, o->line);
		if (conf_port_group(o->name) == conf_port_group(n->name))
			return err_at(p->err, p->l.file, n->line,
				      "networks '%s' (line %u) and '%s' get "
				      "the same interface group; rename one",
				      o->name, o->line, n->name);
		if (o->has_address && n->has_address) {
			struct inany_prefix wider = o->address;

			if (n->address.len < wider.len)
				wider.len = n->address.len;
			if (inany_prefix_contains(&wider, &n->address.addr))
				return err_at(p->err, p->l.file, n->line,
					      "network '%s' overlaps the subnet "
					      "of network '%s' (line %u)",
					      n->name, o->name, o->line);
		}
		if (o->address6_mode == CONF_V6_SET &&
		    n->address6_mode == CONF_V6_SET &&
		    inany_prefix_contains(&o->address6, &n->address6.addr))
			return err_at(p->err, p->l.file, n->line,
				      "network '%s' has the IPv6 prefix of "
				      "network '%s' (line %u)", n->name,
				      o->name, o->line);
	}
	return 0;
}

static int finish_network(struct conf_parser *p)
{
	int rc;

	if (!p->cur)
		return 0;
	rc = check_network(p);
	if (!rc)
		rc = check_unique(p);
	return rc;
}

static int parse_section(struct conf_parser *p, char *line)
{
	char *words[LINES_MAX_WORDS];
	size_t len = strlen(line);
	int nw, rc;

	rc = finish_network(p);
	if (rc)
		return rc;
	if (line[len - 1] != ']')
		return err_at(p->err, p->l.file, p->l.lineno,
			      "section header must end with ']'");
	line[len - 1] = '\0';
	if (lines_split(&p->l, line + 1, words, &nw, p->err))
		return -EINVAL;
	if (nw != 2 || strcmp(words[0], "network"))
		return err_at(p->err, p->l.file, p->l.lineno,
			      "section must be [network NAME]");
	if (!val_netname(words[1]))
		return perr(p, "invalid network name (1-31 of A-Z a-z 0-9 _ . "
			       "-, starting with a letter or digit):",
			    words[1]);
	if (p->conf->n == CONF_MAX_NETWORKS)
		return err_at(p->err, p->l.file, p->l.lineno,
			      "more than %d networks", CONF_MAX_NETWORKS);
	p->cur = &p->conf->nets[p->conf->n++];
	memset(p->cur, 0, sizeof(*p->cur));
	if (VAL_COPY(p->cur->name, words[1]))
		return perr(p, "network name too long:", words[1]);
	p->cur->line = p->l.lineno;
	p->seen = 0;
	return 0;
}

static int parse_assignment(struct conf_parser *p, char *line)
{
	char *eq = strchr(line, '='), *key = line, *v, *e;
	size_t i;

	if (!eq)
		return err_at(p->err, p->l.file, p->l.lineno,
			      "expected 'key = value' or '[network NAME]'");
	if (!p->cur)
		return err_at(p->err, p->l.file, p->l.lineno,
			      "setting outside a [network NAME] section");
	*eq = '\0';
	for (e = eq; e > key && (e[-1] == ' ' || e[-1] == '\t');)
		*--e = '\0';
	for (v = eq + 1; *v == ' ' || *v == '\t'; v++)
		;
	if (!*v)
		return perr(p, "missing value for key", key);
	for (i = 0; i < CONF_NKEYS; i++) {
		if (strcmp(key, conf_keys[i].name))
			continue;
		if (p->seen & conf_keys[i].bit & ~(unsigned)K_BLOCK_EXTRA)
			return perr(p, "repeated key", key);
		p->seen |= conf_keys[i].bit;
		p->key_line[i] = p->l.lineno;
		if (conf_keys[i].bit != K_BLOCK_EXTRA &&
		    strpbrk(v, " \t"))
			return perr(p, "value must be one word for key", key);
		return parse_value(p, conf_keys[i].bit, v);
	}
	return perr(p, "unknown key", key);
}

/**
 * conf_parse() - parse the text of a vmnet.conf
 * @file:	name for error messages
 * @text:	contents (need not be NUL-terminated)
 * @len:	length of @text
 * @conf:	result; undefined on error
 * @err:	"file:line: message" on error
 *
 * Return: 0 or -EINVAL
 */
int conf_parse(const char *file, const char *text, size_t len,
	       struct conf *conf, struct vm_err *err)
{
	struct conf_parser p = { .conf = conf, .err = err };
	char *line;
	int rc;

	/* Not memset(): each network is cleared as its section starts, and
	 * the slots no section uses stay untouched (64 networks take 52
	 * KiB; a page fault per 4 KiB cleared is what a setuid run pays
	 * most for). */
	conf->n = 0;
	conf->embedded = false;
	lines_init(&p.l, file, text, len);
	while ((rc = lines_next(&p.l, &line, err)) > 0) {
		if (line[0] == '[')
			rc = parse_section(&p, line);
		else
			rc = parse_assignment(&p, line);
		if (rc)
			return rc;
	}
	if (rc < 0)
		return rc;
	rc = finish_network(&p);
	if (rc)
		return rc;
	if (conf->n == 0)
		return err_at(err, file, 0, "no [network NAME] section");
	return 0;
}

/**
 * conf_embedded() - the configuration used when vmnet.conf does not exist
 * @conf:	result
 *
 * Return: 0 (the embedded text is tested to parse)
 */
int conf_embedded(struct conf *conf)
{
	int rc = conf_parse(CONF_EMBEDDED_NAME, conf_embedded_text,
			    strlen(conf_embedded_text), conf, NULL);

	conf->embedded = true;
	return rc;
}

/**
 * conf_find() - look a network up by name
 * @conf:	configuration
 * @name:	exact name
 *
 * Return: the network or NULL
 */
const struct conf_network *conf_find(const struct conf *conf, const char *name)
{
	size_t i;

	for (i = 0; i < conf->n; i++) {
		if (!strcmp(conf->nets[i].name, name))
			return &conf->nets[i];
	}
	return NULL;
}

/**
 * conf_find_bridge() - the network that uses a bridge
 * @conf:	configuration
 * @bridge:	exact interface name
 *
 * Return: the network or NULL
 */
const struct conf_network *conf_find_bridge(const struct conf *conf,
					    const char *bridge)
{
	size_t i;

	for (i = 0; i < conf->n; i++) {
		if (!strcmp(conf->nets[i].bridge, bridge))
			return &conf->nets[i];
	}
	return NULL;
}
