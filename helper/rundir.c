// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rundir.c - a directory of root's under /run, created when missing.
 */
#include "rundir.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/**
 * rundir_own() - make sure @path is a directory owned by root that nobody
 * else may write (created 0755 when missing); symlinks are refused
 *
 * Return: 0, -EPERM when it exists otherwise, or -errno
 */
int rundir_own(const char *path)
{
	struct stat st;

	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	if (lstat(path, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022))
		return -EPERM;
	return 0;
}

/* What rundir_own()'s -errno @rc means. */
const char *rundir_strerror(int rc)
{
	return rc == -EPERM ? "must be a directory owned by root, not "
			      "writable by others" : strerror(-rc);
}
