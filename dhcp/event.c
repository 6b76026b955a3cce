// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmnet-dhcp-event - the dhcp-script of an isolated network's dnsmasq,
 * which runs it as root for each lease event: "add|old|del MAC ADDRESS
 * [NAME]", with the name the VM's DHCP client sent in
 * DNSMASQ_SUPPLIED_HOSTNAME (dnsmasq itself ignores it:
 * dhcp-ignore-names). It tells names.c, which decides the VM's name, and
 * says in syslog why a VM gets none. Not a user's program: only dnsmasq
 * runs it, and what it reads of the VM (the name) is checked as a DNS
 * label before anything keeps it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "engine.h"
#include "names.h"

static void log_line(const char *line, void *ctx)
{
	const char *net = ctx;

	syslog(LOG_NOTICE, "network %s: %s", net, line);
}

/* The isolated network whose subnet holds @ip (subnets never overlap). */
static const struct conf_network *net_of(const struct conf *conf,
					 const char *ip)
{
	union inany a;
	size_t i;

	if (inany_parse(ip, &a) || !inany_is_v4(&a))
		return NULL;
	for (i = 0; i < conf->n; i++)
		if (conf->nets[i].mode == CONF_ISOLATED &&
		    conf->nets[i].has_address &&
		    inany_prefix_contains(&conf->nets[i].address, &a))
			return &conf->nets[i];
	return NULL;
}

/* The name the VM sent (DNSMASQ_SUPPLIED_HOSTNAME: a DHCP option, at most
 * 255 bytes), read once, at start, into @buf (NULL: none), unchecked yet
 * (names_event() says why it is refused); then the environment,
 * dnsmasq's, is cleared: nothing after reads it. */
static const char *take_asked(char *buf, size_t size)
{
	const char *v = getenv("DNSMASQ_SUPPLIED_HOSTNAME");
	bool ok = v && *v && strlen(v) < size;

	if (ok)
		memcpy(buf, v, strlen(v) + 1);
	clearenv();
	return ok ? buf : NULL;
}

int main(int argc, char **argv)
{
	static struct ctl c = { .conf_path = CONF_DEFAULT_PATH,
				.acl_path = ACL_DEFAULT_PATH };
	static const char *const ops[] = { "add", "old", "del" };
	char name[256 + 1];
	const char *asked = take_asked(name, sizeof(name));
	const struct conf_network *n;
	uint8_t mac[6];
	size_t op;
	int rc;

	openlog("vmnet-dhcp-event", LOG_PID, LOG_DAEMON);
	for (op = 0; argc >= 4 && op < 3 && strcmp(argv[1], ops[op]); op++)
		;
	if (argc < 4 || op == 3)
		return 0;	/* "tftp", "init", "arp": not a lease's */
	ctl_need_root();
	if (val_mac(argv[2], mac))
		ctl_die("not a MAC address: %.20s", argv[2]);
	ctl_load(&c);
	n = net_of(&c.conf, argv[3]);
	if (!n)
		return 0;	/* not a network of vmnet.conf (any more) */
	ctl_open(&c);
	rc = names_event(&c, n, (enum names_op)op, mac, asked, log_line,
			 (void *)n->name);
	if (rc && rc != -ENOENT)
		ctl_die("network %s: %s", n->name, strerror(-rc));
	return 0;
}
