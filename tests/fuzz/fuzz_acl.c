// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: the ACL parser with includes (in-memory files), and
 * the decision for a few fixed callers. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "acl.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int res_user(void *ctx, const char *name, uid_t *uid)
{
	if (!strcmp(name, "alice")) { *uid = 1000; return 0; }
	if (!strcmp(name, "bob")) { *uid = 1001; return 0; }
	return -ENOENT;
}

static int res_group(void *ctx, const char *name, gid_t *gid)
{
	if (!strcmp(name, "kvm")) { *gid = 50; return 0; }
	return -ENOENT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char conf_text[] =
		"[network default]\nmode = isolated\nbridge = vmnet0\n"
		"address = 192.168.100.1/24\n"
		"[network lan]\nmode = bridged\nbridge = br0\n";
	static struct conf conf;
	static struct fz_fs fs;
	struct acl_loader loader = { .load = fz_load, .ctx = &fs };
	struct acl_resolver res = { res_user, res_group, NULL };
	static const gid_t gids[] = { 1000, 50 };
	struct acl_ident who = { 1000, gids, 2, "alice" };
	struct acl_request req = { 0 };
	struct acl_decision d;
	struct vm_err err;
	struct acl acl;

	if (!conf.n && conf_parse("c", conf_text, sizeof(conf_text) - 1, &conf,
				  &err))
		__builtin_trap();
	fz_split(&fs, data, size);
	memset(&acl, 0, sizeof(acl));
	if (acl_parse("/f/0", &loader, &conf, &acl, &err) == 0) {
		acl_decide(&acl, &conf, &who, &res, &req, &d, &err);
		req.network = "lan";
		req.has_mac = true;
		memcpy(req.mac, "\x52\x54\x00\xab\x00\x01", 6);
		req.has_ip = true;
		inany_from_v4(&req.ip, 0xc0a86432);
		acl_decide(&acl, &conf, &who, &res, &req, &d, &err);
		who.uid = 1001;
		acl_decide(&acl, &conf, &who, &res, &req, &d, &err);
	}
	acl_free(&acl);
	return 0;
}
