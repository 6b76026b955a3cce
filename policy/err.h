/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * err.h - the error carried out of pure code: one line of text, already
 * prefixed with "file:line: " where a file is involved.
 */
#ifndef VMNET_ERR_H
#define VMNET_ERR_H

struct vm_err {
	char msg[512];
};

__attribute__((format(printf, 4, 5)))
int err_at(struct vm_err *err, const char *file, unsigned line,
	   const char *fmt, ...);
__attribute__((format(printf, 2, 3)))
int err_set(struct vm_err *err, const char *fmt, ...);

#endif
