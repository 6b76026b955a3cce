// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * verdict.c - decisions on what the programs read from the kernel (see
 * verdict.h).
 */
#include "verdict.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mode.h"
#include "validate.h"

/**
 * rec_state_of() - what a link's alias says about it
 * @is_tap:	whether the link is a tap (kind tun, IFF_TAP)
 * @alias:	its alias, may be NULL
 * @out:	the record, for REC_TAP
 *
 * Only a tap is ever vmnet's: an alias is free text that root (or any
 * CAP_NET_ADMIN) may give any device, so a record on a bridge, a veth or
 * a tun device is somebody's mistake or a trick, and is never acted on.
 */
enum rec_state rec_state_of(bool is_tap, const char *alias, struct rec *out)
{
	if (!rec_is_ours(alias))
		return REC_NONE;
	if (!is_tap)
		return REC_NOT_TAP;
	if (rec_parse(alias, out))
		return REC_DAMAGED;
	return REC_TAP;
}

/**
 * rec_tap_of() - is the link a tap attached by vmnet to @network
 * @network:	a network name, or NULL for any network
 * @out:	its record, when true
 */
bool rec_tap_of(bool is_tap, const char *alias, const char *network,
		struct rec *out)
{
	return rec_state_of(is_tap, alias, out) == REC_TAP &&
	       (!network || !strcmp(out->network, network));
}

/**
 * rec_may_detach() - may @caller detach the tap that carries @rec
 *
 * Leaving a network needs no ACL entry, but only the user who attached
 * the tap (the record's uid) or root may detach it: another user's
 * vmnet-ifdown would take a running VM off its network.
 */
bool rec_may_detach(const struct rec *rec, uid_t caller)
{
	return may_detach(rec->uid, caller);
}

/* The rule of rec_may_detach() for a port registered by @owner. */
bool may_detach(uid_t owner, uid_t caller)
{
	return caller == 0 || owner == caller;
}

/**
 * attach_verdict() - may the tap be attached, as read again under the
 * user's lock (another run of the user may have changed it since the
 * proof)
 */
enum attach_verdict attach_verdict(const struct attach_facts *f)
{
	if (strcmp(f->name, f->proven))
		return ATTACH_RENAMED;
	if (rec_is_ours(f->alias))
		return ATTACH_RECORDED;
	if (f->master)
		return ATTACH_ENSLAVED;
	if (!f->has_mac)
		return ATTACH_NO_MAC;
	if (f->max_taps && f->taps >= f->max_taps)
		return ATTACH_QUOTA;
	return ATTACH_OK;
}

/**
 * bridge_verdict() - may taps of network @n join the bridge of this kind
 * and alias
 *
 * A network on the administrator's bridge (bridged, wlan 4addr) must not
 * use a bridge vmnetctl created for another network: its taps would join
 * with other rules next to that network's.
 */
enum bridge_verdict bridge_verdict(const struct conf_network *n,
				   const char *kind, const char *alias)
{
	if (strcmp(kind, "bridge"))
		return BRIDGE_NOT_BRIDGE;
	if (!mode_of(n)->owns_bridge && rec_is_infra(alias))
		return BRIDGE_VMNETS;
	return BRIDGE_OK;
}

/**
 * stale_why() - why a tap's record is stale ("vmnetctl gc" restores it)
 * @n:		the record's network, NULL when no longer configured
 * @br_ifindex:	that network's bridge, <= 0 when it does not exist
 * @master:	the tap's master
 *
 * Return: the reason, or NULL when the record is current
 */
const char *stale_why(const struct conf_network *n, int br_ifindex,
		      int master)
{
	if (!n)
		return "network no longer configured";
	if (br_ifindex <= 0 || master != br_ifindex)
		return "not attached to its network's bridge";
	return NULL;
}

/**
 * helper_orphan() - whether a tap vmnet-helper created for QEMU has
 * outlived QEMU: someone made it persistent (TUNSETPERSIST on the fd
 * vmnet-helper handed out) and no file descriptor holds it any more. It
 * would stay counted against its user's max-taps, and its kernel memory
 * spent, until someone deletes it: vmnetctl gc and vmnetd do.
 * @rec:	its record
 * @persist:	IFLA_TUN_PERSIST
 * @open:	whether a file descriptor is attached to it
 */
bool helper_orphan(const struct rec *rec, bool persist, bool open)
{
	return rec->via == REC_VIA_HELPER && persist && !open;
}

/* In compat mode (qemu's bridge.conf decides) a bridge vmnet.conf does
 * not know is a bridged network of that name. */
static const struct conf_network *implicit(struct conf *conf, const char *br,
					   struct vm_err *err)
{
	struct conf_network *n;

	if (!val_netname(br)) {
		err_set(err, "bridge name '%s' cannot name a network", br);
		return NULL;
	}
	if (conf->n == CONF_MAX_NETWORKS) {
		err_set(err, "too many networks for an implicit one for %s",
			br);
		return NULL;
	}
	n = &conf->nets[conf->n];
	memset(n, 0, sizeof(*n));
	if (VAL_COPY(n->name, br) || VAL_COPY(n->bridge, br)) {
		err_set(err, "bridge name '%s' is too long", br);
		return NULL;
	}
	n->mode = CONF_BRIDGED;
	conf->n++;
	return n;
}

/**
 * resolve_br() - the network vmnet-helper's --br=@br names: a network, or
 * the bridge of exactly one network; in compat mode also any other bridge
 * (as an implicit bridged network, added to @conf)
 * @env_network:	VMNET_NETWORK, or NULL; it must agree
 *
 * Return: the network, or NULL (see @err)
 */
const struct conf_network *resolve_br(struct conf *conf, const char *br,
				      bool compat, const char *env_network,
				      struct vm_err *err)
{
	const struct conf_network *n = conf_find(conf, br);

	if (!n)
		n = conf_find_bridge(conf, br);
	if (!n && compat) {
		n = implicit(conf, br, err);
		if (!n)
			return NULL;
	}
	if (!n) {
		err_set(err, "no network or bridge '%s' in vmnet.conf", br);
		return NULL;
	}
	if (env_network && strcmp(env_network, n->name)) {
		err_set(err, "VMNET_NETWORK '%s' contradicts --br=%s (network "
			"'%s')", env_network, br, n->name);
		return NULL;
	}
	return n;
}

/**
 * port_comment_format() - "uid=UID name=IFNAME", the registration comment
 * of a port: whose lock guards its elements, and the name vmnet-ifdown
 * finds them by once the tap itself is gone
 *
 * Return: 0, or -ENAMETOOLONG
 */
int port_comment_format(uid_t uid, const char *name, char *buf, size_t size)
{
	int n;

	if (!val_ifname(name))
		return -EINVAL;
	n = snprintf(buf, size, "uid=%u name=%s", (unsigned)uid, name);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/**
 * port_comment_parse() - read a registration comment; older ones ("uid=N",
 * vmnet 0.2) have no name: @name is "" then
 *
 * Return: true if well formed
 */
bool port_comment_parse(const char *s, uid_t *uid, char *name,
			size_t name_size)
{
	unsigned long u;
	const char *nm;
	char *end;

	if (name_size)
		name[0] = '\0';
	if (strncmp(s, "uid=", 4) || s[4] < '0' || s[4] > '9')
		return false;
	errno = 0;
	u = strtoul(s + 4, &end, 10);
	if (errno || u >= 0xffffffffUL || (end - (s + 4) > 1 && s[4] == '0'))
		return false;
	if (*end == '\0') {
		*uid = (uid_t)u;
		return true;
	}
	if (strncmp(end, " name=", 6))
		return false;
	nm = end + 6;
	if (!val_ifname(nm) || strlen(nm) >= name_size)
		return false;
	memcpy(name, nm, strlen(nm) + 1);
	*uid = (uid_t)u;
	return true;
}
