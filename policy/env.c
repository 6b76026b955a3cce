// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * env.c - strict parsing of VMNET_* variables.
 *
 * An unknown VMNET_* name is an error (a typo such as VMNET_NETWROK must
 * not silently select the default network), so is a repeated name (a lookup
 * by name sees the first, another reader the second), an empty or over-long
 * value. Everything else in the environment is ignored; the caller clears
 * it afterwards.
 */
#include "env.h"

#include <string.h>

#define ENV_VALUE_MAX 64

/* One VMNET_* variable, @nlen bytes of name, its value @v (escaped:
 * @esc) into @out. */
static int one_var(const char *e, size_t nlen, const char *v,
		   const char *esc, struct env_vals *out, struct vm_err *err)
{
	char name[80];

	if (nlen == 13 && !strncmp(e, "VMNET_NETWORK", nlen)) {
		if (out->has_network)
			return err_set(err, "VMNET_NETWORK is set twice");
		if (!val_netname(v))
			return err_set(err, "VMNET_NETWORK '%s' is not a valid "
				       "network name", esc);
		if (VAL_COPY(out->network, v))
			return err_set(err, "VMNET_NETWORK is too long");
		out->has_network = true;
	} else if (nlen == 9 && !strncmp(e, "VMNET_MAC", nlen)) {
		if (out->has_mac)
			return err_set(err, "VMNET_MAC is set twice");
		if (val_mac(v, out->mac))
			return err_set(err, "VMNET_MAC '%s' is not a MAC "
				       "address like 52:54:00:12:34:56", esc);
		if (!val_mac_unicast(out->mac))
			return err_set(err, "VMNET_MAC '%s' is not a unicast "
				       "address", esc);
		out->has_mac = true;
	} else if (nlen == 8 && !strncmp(e, "VMNET_IP", nlen)) {
		if (out->has_ip)
			return err_set(err, "VMNET_IP is set twice");
		if (inany_parse(v, &out->ip) || !inany_is_v4(&out->ip))
			return err_set(err, "VMNET_IP '%s' is not an IPv4 "
				       "address", esc);
		out->has_ip = true;
	} else if (nlen == 9 && !strncmp(e, "VMNET_IP6", nlen)) {
		if (out->has_ip6)
			return err_set(err, "VMNET_IP6 is set twice");
		if (inany_parse(v, &out->ip6) || inany_is_v4(&out->ip6) ||
		    !inany_is_v6_global(&out->ip6))
			return err_set(err, "VMNET_IP6 '%s' is not a global or "
				       "unique local IPv6 address", esc);
		out->has_ip6 = true;
	} else {
		val_escape(e, name, sizeof(name));
		return err_set(err, "unknown variable in the environment: %s "
			       "(known: VMNET_NETWORK, VMNET_MAC, VMNET_IP, "
			       "VMNET_IP6)", name);
	}
	return 0;
}

/**
 * env_parse() - read and validate the VMNET_* variables of @envp
 * @envp:	environment (NULL-terminated), e.g. environ
 * @out:	result
 * @err:	one-line reason on error
 *
 * Return: 0 or -EINVAL
 */
int env_parse(char *const *envp, struct env_vals *out, struct vm_err *err)
{
	char esc[80];
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; envp && envp[i]; i++) {
		const char *e = envp[i], *eq, *v;
		size_t nlen;

		if (strncmp(e, "VMNET_", 6))
			continue;
		eq = strchr(e, '=');
		if (!eq) {
			/* Not a variable at all; a name lookup would skip
			 * it, but a caller who wrote it meant something. */
			val_escape(e, esc, sizeof(esc));
			return err_set(err, "environment entry %s has no '='",
				       esc);
		}
		nlen = (size_t)(eq - e);
		v = eq + 1;
		val_escape(v, esc, sizeof(esc));
		if (strnlen(v, ENV_VALUE_MAX + 1) > ENV_VALUE_MAX)
			return err_set(err, "%.*s is too long", (int)nlen, e);
		if (!*v)
			return err_set(err, "%.*s is empty", (int)nlen, e);
		rc = one_var(e, nlen, v, esc, out, err);
		if (rc)
			return rc;
	}
	return 0;
}
