// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lines.c - line reader for configuration texts (see lines.h).
 *
 * '#' starts a comment anywhere on a line; values never contain it.
 */
#include "lines.h"

#include <errno.h>
#include <string.h>

/**
 * lines_init() - start reading @text
 * @l:		reader
 * @file:	name used in error messages
 * @text:	contents, not necessarily NUL-terminated
 * @len:	length of @text
 */
void lines_init(struct lines *l, const char *file, const char *text,
		size_t len)
{
	memset(l, 0, sizeof(*l));
	l->file = file;
	l->text = text;
	l->len = len;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/**
 * lines_next() - the next line that is not empty after removing comments
 * @l:		reader
 * @line:	set to the trimmed line, valid until the next call
 * @err:	error with file:line
 *
 * Return: 1 with a line, 0 at the end, -EINVAL on a NUL byte, an over-long
 * line, a control character or a file over LINES_MAX_FILE
 */
int lines_next(struct lines *l, char **line, struct vm_err *err)
{
	if (l->len > LINES_MAX_FILE)
		return err_at(err, l->file, 0, "file is larger than %d bytes",
			      LINES_MAX_FILE);
	while (l->pos < l->len) {
		size_t start = l->pos, end, n;
		char *s, *e, *hash;

		l->lineno++;
		while (l->pos < l->len && l->text[l->pos] != '\n')
			l->pos++;
		end = l->pos;
		if (l->pos < l->len)
			l->pos++;
		n = end - start;
		if (n > LINES_MAX_LEN)
			return err_at(err, l->file, l->lineno,
				      "line is longer than %d bytes",
				      LINES_MAX_LEN);
		memcpy(l->buf, l->text + start, n);
		l->buf[n] = '\0';
		if (strlen(l->buf) != n)
			return err_at(err, l->file, l->lineno,
				      "NUL byte in line");
		hash = strchr(l->buf, '#');
		if (hash)
			*hash = '\0';
		for (s = l->buf; *s; s++) {
			if ((unsigned char)*s < 0x20 && !is_blank(*s))
				return err_at(err, l->file, l->lineno,
					      "control character in line");
			if ((unsigned char)*s >= 0x7f)
				return err_at(err, l->file, l->lineno,
					      "non-ASCII byte in line");
		}
		s = l->buf;
		while (is_blank(*s))
			s++;
		e = s + strlen(s);
		while (e > s && is_blank(e[-1]))
			*--e = '\0';
		if (*s) {
			*line = s;
			return 1;
		}
	}
	return 0;
}

/**
 * lines_split() - split a line into blank-separated words, in place
 * @l:		reader (for error locations)
 * @line:	line from lines_next()
 * @words:	result
 * @nwords:	number of words
 * @err:	error if there are more than LINES_MAX_WORDS
 *
 * Return: 0 or -EINVAL
 */
int lines_split(struct lines *l, char *line, char *words[LINES_MAX_WORDS],
		int *nwords, struct vm_err *err)
{
	int n = 0;

	while (*line) {
		while (is_blank(*line))
			*line++ = '\0';
		if (!*line)
			break;
		if (n == LINES_MAX_WORDS)
			return err_at(err, l->file, l->lineno,
				      "too many words in line");
		words[n++] = line;
		while (*line && !is_blank(*line))
			line++;
	}
	*nwords = n;
	return 0;
}
