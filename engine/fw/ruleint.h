/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ruleint.h - what match.c and stmt.c share: the selectors (the fields a
 * rule loads, with their dependency) and loading them into registers.
 */
#ifndef VMNET_FW_RULEINT_H
#define VMNET_FW_RULEINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fw/proto.h"
#include "fw/rule.h"

/* A selector: a meta key, or a field of a header with its dependency. */
struct sel_def {
	const char *text;
	bool meta;
	uint32_t key;		/* meta key, or payload base */
	uint32_t off, len;
	enum proto_dep dep;
};

const struct sel_def *fw_sel(enum fw_sel s);
void fw_need(struct fw_rule *r, enum proto_dep dep);
unsigned fw_load(struct fw_rule *r, enum fw_sel s, unsigned n);
unsigned fw_load_keys(struct fw_rule *r, size_t n, const enum fw_sel *keys,
		      char *text, size_t size);

#endif
