/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_common.h - an in-memory file system for the include-aware parsers:
 * the fuzzer's input is split on "\n@@FILE@@ " lines into files, the first
 * being the top-level file; other absolute paths name the later pieces in
 * order (/f/1, /f/2, ...), so includes, cycles and depth are all reachable.
 */
#ifndef VMNET_FUZZ_COMMON_H
#define VMNET_FUZZ_COMMON_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "include.h"

#define FZ_MAX_FILES 8

struct fz_fs {
	const char *text[FZ_MAX_FILES];
	size_t len[FZ_MAX_FILES];
	size_t n;
};

static void fz_split(struct fz_fs *fs, const uint8_t *data, size_t size)
{
	static const char sep[] = "\n@@FILE@@ ";
	const char *p = (const char *)data, *end = p + size;

	fs->n = 0;
	while (fs->n < FZ_MAX_FILES) {
		const char *q = memmem(p, (size_t)(end - p), sep, sizeof(sep) - 1);

		fs->text[fs->n] = p;
		fs->len[fs->n] = q ? (size_t)(q - p) : (size_t)(end - p);
		fs->n++;
		if (!q)
			break;
		p = q + sizeof(sep) - 1;
	}
}

static int fz_load(void *ctx, const char *path, char **text, size_t *len,
		   struct acl_file_id *id, char *why, size_t whylen)
{
	struct fz_fs *fs = ctx;
	size_t i = 0;

	if (strncmp(path, "/f/", 3) == 0 && path[3] >= '0' && path[3] <= '9' &&
	    path[4] == '\0')
		i = (size_t)(path[3] - '0');
	else if (strcmp(path, "/f/0"))
		i = FZ_MAX_FILES;
	if (i >= fs->n) {
		snprintf(why, whylen, "No such file or directory");
		return -ENOENT;
	}
	*text = malloc(fs->len[i] + 1);
	if (!*text)
		return -ENOMEM;
	memcpy(*text, fs->text[i], fs->len[i]);
	(*text)[fs->len[i]] = '\0';
	*len = fs->len[i];
	id->dev = 1;
	id->ino = 100 + i;
	return 0;
}

#endif
