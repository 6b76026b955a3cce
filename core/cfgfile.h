/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cfgfile.h - read a root-owned configuration file safely, and load the
 * vmnet configuration (vmnet.conf + ACL) with it.
 */
#ifndef VMNET_CFGFILE_H
#define VMNET_CFGFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "acl.h"
#include "conf.h"
#include "err.h"

/*
 * A loader that also remembers how reading the top file went, so that an
 * optional file can be parsed in one read: a missing top file is then
 * told apart from an error inside it.
 */
struct cfg_probe {
	struct acl_loader loader;
	bool top_done;
	int top_rc;		/* 0 or -errno of the first (top) file */
	char top_why[400];
};

void cfg_probe_init(struct cfg_probe *p);

int cfg_read(const char *path, char **text, size_t *len,
	     struct acl_file_id *id, char *why, size_t whylen);
int cfg_load(const char *conf_path, const char *acl_path, struct conf *conf,
	     struct acl *acl, struct vm_err *err);

#endif
