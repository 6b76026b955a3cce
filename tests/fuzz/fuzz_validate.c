// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: every validator of policy/validate.c, the VMNET_*
 * environment, the tap record, qemu's bridge.conf, dnsmasq's lease
 * file, and addresses of both families (inany.c). The first byte picks
 * the target; the rest is the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bridgeconf.h"
#include "env.h"
#include "fuzz_common.h"
#include "inany.h"
#include "leasefile.h"
#include "record.h"
#include "inany.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[1100], buf[REC_MAX + 1];
	struct inany_prefix p;
	struct inany_range rg;
	struct val_macprefix mp;
	union inany ia;
	uint8_t mac[6];
	uint32_t a;
	unsigned long u;
	struct rec r;

	if (size < 1 || size > sizeof(s) - 1)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 15) {
	case 0: val_ifname(s); break;
	case 1: val_netname(s); break;
	case 2:
		if (!val_mac(s, mac)) {
			char out[18];

			val_mac_str(mac, out);
			if (strcasecmp(out, s))
				__builtin_trap();
		}
		break;
	case 3:
		if (!val_ipv4(s, &a)) {
			char out[INANY_STRLEN];

			inany_from_v4(&ia, a);
			inany_str(&ia, out);
			if (strcmp(out, s))
				__builtin_trap();
		}
		break;
	case 4:
		if (!inany_prefix_parse(s, &p)) {
			inany_prefix_range(&p, &rg);
			if (!inany_equal(&rg.lo, &p.addr))
				__builtin_trap();
		}
		break;
	case 5: inany_ifaddr_parse(s, &p); break;
	case 6:
		if (!inany_range_parse(s, &rg) &&
		    inany_cmp(&rg.lo, &rg.hi) > 0)
			__builtin_trap();
		break;
	case 7:
		if (!val_macprefix(s, &mp) && !val_macprefix_match(&mp, mp.mac))
			__builtin_trap();
		break;
	case 8: val_uint(s, 0, 4096, &u); break;
	case 9: {
		char *envp[4] = { s, NULL, NULL, NULL };
		char *nl = strchr(s, '\n');
		struct env_vals ev;
		struct vm_err err;

		if (nl) {	/* two variables */
			*nl = '\0';
			envp[1] = nl + 1;
		}
		env_parse(envp, &ev, &err);
		break;
	}
	case 10:
		if (!rec_parse(s, &r)) {
			/* A parsed record formats and parses to itself. */
			struct rec r2;

			if (rec_format(&r, buf, sizeof(buf)) ||
			    rec_parse(buf, &r2) || memcmp(&r, &r2, sizeof(r)))
				__builtin_trap();
		}
		break;
	case 11: {
		static struct fz_fs fs;
		struct acl_loader loader = { .load = fz_load, .ctx = &fs };
		struct vm_err err;
		struct bc bc;

		fz_split(&fs, data + 1, size - 1);
		bc_parse("/f/0", &loader, &bc, &err);
		bc_free(&bc);	/* whatever bc_parse() returned */
		break;
	}
	case 12: {
		struct lease l[4];
		size_t n = lease_parse((const char *)data + 1, size - 1, l, 4);

		if (n > 4)
			__builtin_trap();
		break;
	}
	case 13: {
		/* an address prints to text that parses to itself */
		union inany x, y;
		char out[INANY_STRLEN];

		if (!inany_parse(s, &x)) {
			inany_str(&x, out);
			if (inany_parse(out, &y) || inany_cmp(&x, &y))
				__builtin_trap();
		}
		break;
	}
	case 14: {
		/* a range holds its ends, in one family */
		struct inany_range ir;

		if (!inany_range_parse(s, &ir) &&
		    (!inany_range_contains(&ir, &ir.lo) ||
		     !inany_range_contains(&ir, &ir.hi) ||
		     inany_is_v4(&ir.lo) != inany_is_v4(&ir.hi)))
			__builtin_trap();
		break;
	}
	}
	return 0;
}
