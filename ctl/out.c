// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * out.c - the text and JSON printer (see out.h). JSON strings are
 * escaped; a NULL string is JSON null and "-" in text.
 */
#include "out.h"

#include <stdarg.h>
#include <stdio.h>

#define DEPTH 16

static bool json;
static bool first[DEPTH];
static int depth;

/* Start a document: JSON when @as_json, else text. */
void out_start(bool as_json)
{
	json = as_json;
	depth = 0;
	first[0] = true;
}

/* Whether this document is JSON. */
bool out_is_json(void)
{
	return json;
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

/* A comma before every member but the first, then "key": if any. */
static void member(const char *key)
{
	if (!first[depth])
		putchar(',');
	first[depth] = false;
	if (key) {
		json_str(key);
		putchar(':');
	}
}

static void open(const char *key, char ch)
{
	if (!json)
		return;
	member(key);
	putchar(ch);
	if (depth + 1 < DEPTH)
		depth++;
	first[depth] = true;
}

static void close_(char ch)
{
	if (!json)
		return;
	putchar(ch);
	if (depth > 0)
		depth--;
}

/* JSON only: open an object (member @key, or NULL in an array), close
 * it; the same for arrays. */
void out_obj_open(const char *key) { open(key, '{'); }
/* (see out_obj_open()) */
void out_obj_close(void) { close_('}'); }
/* (see out_obj_open()) */
void out_arr_open(const char *key) { open(key, '['); }
/* (see out_obj_open()) */
void out_arr_close(void) { close_(']'); }

/*
 * Each fmt is a literal at its call site, checked there against the type
 * of the one value (format attribute in out.h); only its use here is not.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* A string @v: member @key in JSON (null for NULL), @fmt in text; @mode
 * says in which forms (OUT_TEXT, OUT_JSON, OUT_ANY). */
void out_str(int mode, const char *key, const char *fmt, const char *v)
{
	if (json && (mode & OUT_JSON)) {
		member(key);
		if (v)
			json_str(v);
		else
			fputs("null", stdout);
	} else if (!json && (mode & OUT_TEXT)) {
		printf(fmt, v ? v : "-");
	}
}

/* A number, as out_str(). */
void out_uint(int mode, const char *key, const char *fmt, unsigned long v)
{
	if (json && (mode & OUT_JSON)) {
		member(key);
		printf("%lu", v);
	} else if (!json && (mode & OUT_TEXT)) {
		printf(fmt, v);
	}
}

/* A truth value, as out_str(): true/false in JSON, yes/no in text. */
void out_bool(int mode, const char *key, const char *fmt, bool v)
{
	if (json && (mode & OUT_JSON)) {
		member(key);
		fputs(v ? "true" : "false", stdout);
	} else if (!json && (mode & OUT_TEXT)) {
		printf(fmt, v ? "yes" : "no");
	}
}

#pragma GCC diagnostic pop

/* Text only: headings, newlines. */
void out_text(const char *fmt, ...)
{
	va_list ap;

	if (json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* End the document (JSON: its closing newline). */
void out_end(void)
{
	if (json)
		putchar('\n');
}
