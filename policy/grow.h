/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * grow.h - the one way vmnet grows an array it fills one element at a
 * time: doubling, from a first size.
 */
#ifndef VMNET_GROW_H
#define VMNET_GROW_H

#include <stddef.h>
#include <stdlib.h>

/**
 * grow() - room for element @n of array @v, which has room for *@cap
 * elements of @size bytes (doubled when full, @first when empty)
 *
 * Return: the array (moved, maybe; *@cap updated), or NULL without
 * memory (@v and *@cap untouched)
 */
static inline void *grow(void *v, size_t n, size_t *cap, size_t size,
			 size_t first)
{
	size_t c;
	void *nv;

	if (n < *cap)
		return v;
	c = *cap ? *cap * 2 : first;
	nv = realloc(v, c * size);
	if (nv)
		*cap = c;
	return nv;
}

#endif
