// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * include.c - read a file and, through the parser's callback, the files
 * it includes. Fail closed: an unreadable include, a cycle (detected by
 * device and inode, whatever the path) or nesting deeper than
 * INC_MAX_DEPTH is an error at the including line.
 */
#include "include.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/**
 * inc_path_ok() - is @path acceptable in an include line
 * @path:	text
 *
 * Return: true if absolute with no empty, "." or ".." component, so what
 * is read is the file named
 */
bool inc_path_ok(const char *path)
{
	const char *c;

	if (path[0] != '/' || strlen(path) >= 4096)
		return false;
	for (c = path; *c; ) {
		size_t n;

		c++;
		n = strcspn(c, "/");
		if (n == 0 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
	}
	return true;
}

/**
 * inc_read() - read @path and hand its text to rd->parse
 * @rd:		reader
 * @path:	file to read
 * @from:	including file, or NULL for the top file
 * @from_line:	including line
 *
 * Return: 0 or -EINVAL with rd->err set
 */
int inc_read(struct inc_reader *rd, const char *path, const char *from,
	     unsigned from_line)
{
	struct inc_files *f = rd->files;
	struct acl_file_id id;
	char why[256], *text = NULL;
	size_t len = 0;
	unsigned idx;
	int i, rc;

	if (rd->depth > INC_MAX_DEPTH)
		return err_at(rd->err, from, from_line,
			      "includes nested deeper than %d", INC_MAX_DEPTH);
	if (f->n == INC_MAX_FILES)
		return err_at(rd->err, from, from_line, "more than %d %s",
			      INC_MAX_FILES, rd->what);
	why[0] = '\0';
	rc = rd->loader->load(rd->loader->ctx, path, &text, &len, &id, why,
			      sizeof(why));
	if (rc) {
		if (from)
			return err_at(rd->err, from, from_line,
				      "cannot include %s: %s", path, why);
		return err_at(rd->err, path, 0, "%s", why);
	}
	for (i = 0; i < rd->depth; i++) {
		if (rd->stack[i].dev == id.dev && rd->stack[i].ino == id.ino) {
			free(text);
			return err_at(rd->err, from, from_line,
				      "include cycle: %s is already being "
				      "read", path);
		}
	}
	f->names[f->n] = strdup(path);
	if (!f->names[f->n]) {
		free(text);
		return err_set(rd->err, "%s: out of memory", path);
	}
	idx = (unsigned)f->n++;
	rd->stack[rd->depth++] = id;
	rc = rd->parse(rd, idx, text, len);
	rd->depth--;
	free(text);
	return rc;
}

/**
 * inc_files_free() - release the names
 * @f:	table
 */
void inc_files_free(struct inc_files *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->names[i]);
	memset(f, 0, sizeof(*f));
}
