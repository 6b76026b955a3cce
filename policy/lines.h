/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lines.h - split a configuration text into logical lines: counts lines,
 * strips comments and surrounding blanks, rejects NUL bytes and over-long
 * lines instead of truncating them. Shared by the vmnet.conf and ACL
 * parsers.
 */
#ifndef VMNET_LINES_H
#define VMNET_LINES_H

#include <stddef.h>

#include "err.h"

#define LINES_MAX_LEN 1024		/* longest accepted line, bytes */
#define LINES_MAX_FILE (1024 * 1024)	/* largest accepted file, bytes */
#define LINES_MAX_WORDS 16

struct lines {
	const char *text;
	size_t len;
	size_t pos;
	const char *file;
	unsigned lineno;
	char buf[LINES_MAX_LEN + 1];
};

void lines_init(struct lines *l, const char *file, const char *text,
		size_t len);
int lines_next(struct lines *l, char **line, struct vm_err *err);
int lines_split(struct lines *l, char *line, char *words[LINES_MAX_WORDS],
		int *nwords, struct vm_err *err);

#endif
