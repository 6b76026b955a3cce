/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * out.h - one printer for vmnetctl's text and JSON output, in the style of
 * iproute2's print_*(PRINT_ANY, key, fmt, value): each value is printed
 * once, to whichever form is on, so "--json" is never a second code path.
 * OUT_TEXT / OUT_JSON print a value in one form only.
 */
#ifndef VMNET_OUT_H
#define VMNET_OUT_H

#include <stdbool.h>

enum out_mode { OUT_TEXT = 1, OUT_JSON = 2, OUT_ANY = 3 };

void out_start(bool json);
bool out_is_json(void);
void out_obj_open(const char *key);
void out_obj_close(void);
void out_arr_open(const char *key);
void out_arr_close(void);
void out_str(int mode, const char *key, const char *fmt, const char *v)
	__attribute__((format(printf, 3, 0)));
void out_uint(int mode, const char *key, const char *fmt, unsigned long v)
	__attribute__((format(printf, 3, 0)));
void out_bool(int mode, const char *key, const char *fmt, bool v)
	__attribute__((format(printf, 3, 0)));
void out_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_end(void);

#endif
