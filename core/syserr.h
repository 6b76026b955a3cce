/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * syserr.h - the error of the system call that just failed, as -errno.
 */
#ifndef VMNET_SYSERR_H
#define VMNET_SYSERR_H

#include <errno.h>

/*
 * -errno of the call that just failed, never 0 (-EIO if it left errno
 * 0), so that a failure can never read as success. Take it before
 * anything else (snprintf(), close()) may change errno.
 */
static inline int neg_errno(void)
{
	int e = errno;

	return e > 0 ? -e : -EIO;
}

#endif
