// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * err.c - fill a struct vm_err. Both helpers return -EINVAL so that parsers
 * can write "return err_at(...)".
 */
#include "err.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

/**
 * err_at() - record "file:line: message"
 * @err:	destination, may be NULL
 * @file:	file name
 * @line:	1-based line number, 0 for "the file as a whole"
 * @fmt:	printf format of the message
 *
 * Return: -EINVAL
 */
int err_at(struct vm_err *err, const char *file, unsigned line,
	   const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err)
		return -EINVAL;
	if (line)
		n = snprintf(err->msg, sizeof(err->msg), "%s:%u: ", file, line);
	else
		n = snprintf(err->msg, sizeof(err->msg), "%s: ", file);
	if (n < 0 || (size_t)n >= sizeof(err->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/**
 * err_set() - record a message with no location
 * @err:	destination, may be NULL
 * @fmt:	printf format
 *
 * Return: -EINVAL
 */
int err_set(struct vm_err *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}
