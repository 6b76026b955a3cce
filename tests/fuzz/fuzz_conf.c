// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: vmnet.conf parser, then what vmnetctl derives from a
 * parsed network (LAN ranges, dnsmasq.conf). */
#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "dnsconf.h"
#include "lan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conf conf;
	static struct inany_range lan[LAN_MAX_RANGES];
	static char text[DNS_CONF_MAX];
	struct vm_err err;
	size_t i;

	if (conf_parse("f.conf", (const char *)data, size, &conf, &err))
		return 0;
	for (i = 0; i < conf.n; i++) {
		const struct conf_network *n = &conf.nets[i];

		if (conf_find(&conf, n->name) != n)
			__builtin_trap();
		if (n->mode != CONF_ISOLATED)
			continue;
		if (lan_ranges(n, &n->address, 1, lan, LAN_MAX_RANGES) < 0)
			__builtin_trap();
		dns_conf(n, NULL, 1400, NULL, 0, text, sizeof(text));
	}
	return 0;
}
