/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * include.h - reading a configuration file and the files it includes,
 * shared by the ACL and bridge.conf parsers: the loader that reads files
 * (with ownership checks, supplied by the caller), the table of file names
 * for "file:line" messages, and the include walk with its depth limit and
 * cycle detection.
 */
#ifndef VMNET_INCLUDE_H
#define VMNET_INCLUDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define INC_MAX_DEPTH 8
#define INC_MAX_FILES 64

/* Identity of a file, to detect include cycles whatever the path. */
struct acl_file_id {
	uint64_t dev, ino;
};

struct acl_loader {
	/*
	 * Read the file at @path. Return 0 with a malloc'd @text (the
	 * caller frees it), or -errno with a one-line reason in @why.
	 */
	int (*load)(void *ctx, const char *path, char **text, size_t *len,
		    struct acl_file_id *id, char *why, size_t whylen);
	void *ctx;
};

/* The files read, in order; rules refer to them by index. */
struct inc_files {
	char *names[INC_MAX_FILES];
	size_t n;
};

/* Embed as the first member of a parser; @parse gets it back. */
struct inc_reader {
	const struct acl_loader *loader;
	struct inc_files *files;
	const char *what;	/* "ACL files", for the limit message */
	int (*parse)(struct inc_reader *rd, unsigned file, const char *text,
		     size_t len);
	struct vm_err *err;
	struct acl_file_id stack[INC_MAX_DEPTH + 1];
	int depth;
};

int inc_read(struct inc_reader *rd, const char *path, const char *from,
	     unsigned from_line);
bool inc_path_ok(const char *path);
void inc_files_free(struct inc_files *f);

#endif
