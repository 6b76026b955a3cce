// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * linkplan.c - the steps of a network's links (see linkplan.h).
 */
#include "linkplan.h"

#include <errno.h>
#include <string.h>

#include "linkadm.h"

static struct step *add(struct step *out, size_t max, size_t *k,
			enum step_kind kind, const char *dev)
{
	struct step *s;

	if (*k == max)
		return NULL;
	s = &out[(*k)++];
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	snprintf(s->dev, sizeof(s->dev), "%s", dev);
	return s;
}

static struct step *sysctl_step(struct step *out, size_t max, size_t *k,
				const char *key, bool optional)
{
	struct step *s = add(out, max, k, STEP_SYSCTL, "");

	if (s) {
		snprintf(s->key, sizeof(s->key), "%s", key);
		s->optional = optional;
		s->value = '1';
	}
	return s;
}

/* ipv6/conf/@dev/@what = @value */
static void dev6_step(struct step *out, size_t max, size_t *k,
		      const char *dev, const char *what, char value)
{
	char key[96];
	struct step *s;

	snprintf(key, sizeof(key), "ipv6/conf/%s/%s", dev, what);
	s = sysctl_step(out, max, k, key, value == '1');
	if (s)
		s->value = value;
}

/* IPv6 off on @dev: a link that carries no IPv6 of vmnet's (a veth of
 * the wlan translation; a bridge of a network without it). */
static void no_ipv6(struct step *out, size_t max, size_t *k, const char *dev)
{
	dev6_step(out, max, k, dev, "disable_ipv6", '1');
}

/* The link-local address of an isolated network's bridge: a fixed one,
 * known before the kernel would make its own (it makes none until the
 * bridge has a port, and a VM must never claim it first). */
const struct inany_prefix bridge_ll6 = {
	{ .b = { 0xfe, 0x80, [15] = 1 } }, 64 };

/* An isolated network's IPv6 (see fwd6.c): the bridge's addresses (its
 * /64 one, fe80::1 and no other: addr_gen_mode 1 is "none"), no router
 * advertisement or address taken from a VM, forwarding. */
static void routed_ipv6(const struct conf_network *n, struct step *out,
			size_t max, size_t *k)
{
	struct step *s;

	dev6_step(out, max, k, n->bridge, "addr_gen_mode", '1');
	dev6_step(out, max, k, n->bridge, "disable_ipv6", '0');
	dev6_step(out, max, k, n->bridge, "accept_ra", '0');
	dev6_step(out, max, k, n->bridge, "autoconf", '0');
	s = add(out, max, k, STEP_ADDR, n->bridge);
	if (s)
		s->addr = n->address6;
	s = add(out, max, k, STEP_ADDR, n->bridge);
	if (s)
		s->addr = bridge_ll6;
	s = sysctl_step(out, max, k, "ipv6/conf/all/forwarding", false);
	if (s) {
		s->host_wide = true;
		s->fwd6 = true;
	}
}

/**
 * linkplan_of() - the steps of network @n's links, in the order "up"
 * performs them (none for the networks on the administrator's bridge)
 * @n:		network
 * @out:	result
 * @max:	room in @out (LINKPLAN_MAX suffices)
 *
 * Return: the number of steps
 */
size_t linkplan_of(const struct conf_network *n, struct step *out, size_t max)
{
	const struct mode_desc *d = mode_of(n);
	struct step *s;
	size_t k = 0;
	char key[96];

	if (!d->owns_bridge)
		return 0;
	s = add(out, max, &k, STEP_BRIDGE, n->bridge);
	if (s)
		snprintf(s->tag, sizeof(s->tag), REC_BRIDGE_TAG "%s", n->name);
	/* (a wlan bridge only bridges its VMs' IPv6: the host has none
	 * there) */
	if (!d->routed || !net_v6(n))
		no_ipv6(out, max, &k, n->bridge);
	if (d->routed) {
		/* the host answers ARP there for the bridge's address only */
		snprintf(key, sizeof(key), "ipv4/conf/%s/arp_ignore", n->bridge);
		sysctl_step(out, max, &k, key, false);
		s = add(out, max, &k, STEP_ADDR, n->bridge);
		if (s)
			s->addr = n->address;
		s = sysctl_step(out, max, &k, "ipv4/ip_forward", false);
		if (s)
			s->host_wide = true;
		if (net_v6(n))
			routed_ipv6(n, out, max, &k);
	}
	if (d->has_veth) {
		char vs[VAL_IFNAME_MAX + 1], us[VAL_IFNAME_MAX + 1];

		conf_wlan_veth(n, vs, us);
		s = add(out, max, &k, STEP_VETH, vs);
		if (s) {
			snprintf(s->peer, sizeof(s->peer), "%s", us);
			snprintf(s->tag, sizeof(s->tag), REC_VETH_TAG "%s",
				 n->name);
		}
		no_ipv6(out, max, &k, vs);
		no_ipv6(out, max, &k, us);
		s = add(out, max, &k, STEP_PORT, vs);
		if (s)
			snprintf(s->peer, sizeof(s->peer), "%s", n->bridge);
		add(out, max, &k, STEP_UP, us);
	}
	return k;
}

/* net/a/b.c/d as sysctl(8) spells it: dots between, slashes within */
static void sysctl_name(const char *key, char *buf, size_t size)
{
	size_t i;

	snprintf(buf, size, "net/%s", key);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '.')
			buf[i] = '/';
		else if (buf[i] == '/')
			buf[i] = '.';
}

/**
 * linkplan_print() - steps @s as ip(8) and sysctl(8) commands
 * @f:	where
 * @s:	steps
 * @n:	how many
 */
void linkplan_print(FILE *f, const struct step *s, size_t n)
{
	char a[INANY_STRLEN], name[112];
	size_t i;

	for (i = 0; i < n; i++, s++) {
		switch (s->kind) {
		case STEP_BRIDGE:
			fprintf(f, "ip link add %s type bridge\n"
				"ip link set %s addrgenmode none\n"
				"ip link set %s alias '%s'\nip link set %s up\n",
				s->dev, s->dev, s->dev, s->tag, s->dev);
			break;
		case STEP_VETH:
			fprintf(f, "ip link add %s type veth peer name %s\n"
				"ip link set %s alias '%s'\n", s->dev, s->peer,
				s->dev, s->tag);
			break;
		case STEP_ADDR:
			inany_str(&s->addr.addr, a);
			fprintf(f, "ip address add %s/%u dev %s%s\n", a,
				s->addr.len, s->dev,
				inany_is_v4(&s->addr.addr) ? "" : " nodad");
			break;
		case STEP_SYSCTL:
			sysctl_name(s->key, name, sizeof(name));
			fprintf(f, "sysctl -w %s=%c\n", name, s->value);
			break;
		case STEP_PORT:
			fprintf(f, "ip link set %s master %s up\n", s->dev,
				s->peer);
			break;
		case STEP_UP:
			fprintf(f, "ip link set %s up\n", s->dev);
			break;
		}
	}
}

static void sysctl_set(const struct conf_network *n, const struct step *s);

/* While new bridge @dev is down: the kernel makes no link-local address
 * for it when it comes up (routed_ipv6() gives it its own). */
static void no_kernel_ll(const struct conf_network *n, const char *dev)
{
	struct step s[1];
	size_t k = 0;

	dev6_step(s, 1, &k, dev, "addr_gen_mode", '1');
	sysctl_set(n, &s[0]);
}

/* vmnet's bridge or veth @s: created when missing, refused when it is
 * someone else's, set up (a veth's peer comes up with its PORT/UP step) */
static void ours(struct ctl *c, const struct conf_network *n,
		 const struct step *s)
{
	struct link_delta up = { .set_up = true, .up = true };
	bool bridge = s->kind == STEP_BRIDGE;
	struct link_info l;
	int rc = link_get(c->sk, 0, s->dev, &l);

	if (rc == -ENODEV) {
		rc = bridge ? link_bridge_add(c->sk, s->dev, s->tag) :
			      link_veth_add(c->sk, s->dev, s->peer, s->tag);
		if (rc < 0)
			ctl_die("%s: cannot create %s: %s", n->name, s->dev,
				strerror(-rc));
		if (bridge)
			no_kernel_ll(n, s->dev);
		rc = link_get(c->sk, 0, s->dev, &l);
	}
	if (rc < 0)
		ctl_die("%s: cannot read %s: %s", n->name, s->dev,
			strerror(-rc));
	if (bridge ? !ctl_our_bridge(&l, n) : !ctl_our_veth(&l, n))
		ctl_die("%s: %s exists and was not created by vmnet; remove it "
			"or choose another bridge name", n->name, s->dev);
	if (bridge && link_apply(c->sk, l.ifindex, &up) < 0)
		ctl_die("%s: cannot bring %s up", n->name, s->dev);
}

static int ifindex_of(struct ctl *c, const struct conf_network *n,
		      const char *dev)
{
	struct link_info l;
	int rc = link_get(c->sk, 0, dev, &l);

	if (rc < 0)
		ctl_die("%s: cannot read %s: %s", n->name, dev, strerror(-rc));
	return l.ifindex;
}

/* net.KEY = VALUE; a setting this host does not have is left alone when
 * optional (IPv6's, without IPv6). */
static void sysctl_set(const struct conf_network *n, const struct step *s)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/%s", s->key);
	f = fopen(path, "w");
	if (!f && errno == ENOENT && s->optional)
		return;
	if (!f || fprintf(f, "%c\n", s->value) < 0 || fclose(f))
		ctl_die("%s: cannot write %s: %s", n->name, path,
			strerror(errno));
}

/* One step, or die naming it. */
static void step_do(struct ctl *c, const struct conf_network *n,
		    const struct step *s)
{
	struct link_delta up = { .set_up = true, .up = true };
	int rc = 0, ifindex;

	switch (s->kind) {
	case STEP_BRIDGE:
	case STEP_VETH:
		ours(c, n, s);
		return;
	case STEP_ADDR:
		ifindex = ifindex_of(c, n, s->dev);
		rc = link_addr_has(c->sk, ifindex, &s->addr);
		if (rc == 0)
			rc = link_addr_add(c->sk, ifindex, &s->addr);
		break;
	case STEP_SYSCTL:
		if (s->fwd6 && !fwd6_safe(c, n))
			return;
		sysctl_set(n, s);
		return;
	case STEP_PORT:
		up.set_master = true;
		up.master = ifindex_of(c, n, s->peer);
		/* fall through */
	case STEP_UP:
		rc = link_apply(c->sk, ifindex_of(c, n, s->dev), &up);
		break;
	}
	if (rc < 0)
		ctl_die("%s: cannot set up %s: %s", n->name, s->dev,
			strerror(-rc));
}

/* Whether step @s is done, from the link snapshot; if not, one line. */
static void step_check(struct ctl *c, const struct step *s,
		       struct fw_problems *p)
{
	const struct link_info *l = s->kind == STEP_SYSCTL ? NULL :
				    ctl_link(c, s->dev);
	const struct link_info *peer;
	char name[112];
	int v;

	if (s->kind != STEP_SYSCTL && !l) {
		fw_problem(p, "%s is missing", s->dev);
		return;
	}
	switch (s->kind) {
	case STEP_BRIDGE:
	case STEP_UP:
		if (!(l->flags & IFF_UP))
			fw_problem(p, "%s is down", s->dev);
		break;
	case STEP_VETH:
		if (!ctl_link(c, s->peer))
			fw_problem(p, "veth pair %s/%s is missing", s->dev,
				    s->peer);
		break;
	case STEP_ADDR:
		if (link_addr_has(c->sk, l->ifindex, &s->addr) != 1)
			fw_problem(p, "%s lacks its address", s->dev);
		break;
	case STEP_SYSCTL:
		snprintf(name, sizeof(name), "net/%s", s->key);
		v = ctl_sysctl_char(name);
		sysctl_name(s->key, name, sizeof(name));
		if (v != s->value && !(v == 0 && s->optional))
			fw_problem(p, "%s is not %c", name, s->value);
		break;
	case STEP_PORT:
		peer = ctl_link(c, s->peer);
		if (!(l->flags & IFF_UP) || !peer || l->master != peer->ifindex)
			fw_problem(p, "%s is not an active port of %s", s->dev,
				    s->peer);
		break;
	}
}

/**
 * linkplan_verify() - which of steps @s are not done (the link snapshot
 * of ctl_read_links(), the kernel's addresses and sysctls); a host-wide
 * sysctl (forwarding) is the host's, which "check" warns about
 * @c:	the run
 * @s:	steps
 * @k:	how many
 * @p:	one line per step not done
 */
void linkplan_verify(struct ctl *c, const struct step *s, size_t k,
		     struct fw_problems *p)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (!s[i].host_wide)
			step_check(c, &s[i], p);
}

/**
 * linkplan_do() - perform steps @s (dies on failure; each step does
 * nothing when it is done already)
 * @c:	the run
 * @n:	their network
 * @s:	steps
 * @k:	how many
 */
void linkplan_do(struct ctl *c, const struct conf_network *n,
		 const struct step *s, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		step_do(c, n, &s[i]);
}
