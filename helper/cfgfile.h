/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cfgfile.h - read a root-owned configuration file safely, and load the
 * vmnet configuration (vmnet.conf + ACL) with it.
 */
#ifndef VMNET_CFGFILE_H
#define VMNET_CFGFILE_H

#include <stddef.h>

#include "acl.h"
#include "conf.h"
#include "err.h"

extern const struct acl_loader cfg_loader;

int cfg_read(const char *path, char **text, size_t *len,
	     struct acl_file_id *id, char *why, size_t whylen);
int cfg_load(const char *conf_path, const char *acl_path, struct conf *conf,
	     struct acl *acl, struct vm_err *err);

#endif
