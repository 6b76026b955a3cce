// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rundir.c - root's directories under /run, created when missing, and
 * the lock files in them.
 *
 * A lock file must be one nobody else can open: flock() needs only an
 * open file descriptor, read-only will do, so a lock file any user can
 * read is one any user can hold against root forever (and an fd opened
 * while the file was readable survives a later chmod). Lock files are
 * therefore mode 0600, owned by root, and replaced (a new inode) when
 * they are found otherwise.
 */
#include "rundir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Whether the open file @fd is a lock file only root can open. */
static bool private_file(int fd)
{
	struct stat st;

	return !fstat(fd, &st) && S_ISREG(st.st_mode) && st.st_uid == 0 &&
	       !(st.st_mode & 077) && st.st_nlink == 1;
}

/**
 * rundir_lock() - open lock file @path (in a directory rundir_own()
 * checked) and lock it exclusively
 * @path:	the lock file; created 0600, or replaced by a new file when it
 *		is anything but a regular file of root's that only root can
 *		open (someone may hold an fd of the old one)
 * @wait:	wait for the holder; else fail at once with -EWOULDBLOCK
 *
 * Return: the locked fd (close-on-exec), or -errno
 */
int rundir_lock(const char *path, bool wait)
{
	int fd, tries;

	for (tries = 0; tries < 3; tries++) {
		fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
			  O_NONBLOCK, 0600);
		if (fd < 0 && errno != ELOOP)
			return -errno;
		if (fd >= 0 && private_file(fd))
			break;
		if (fd >= 0)
			close(fd);
		/* not ours to trust: a new inode in its place */
		if (unlink(path) && errno != ENOENT)
			return -errno;
		fd = -1;
	}
	if (fd < 0)
		return -EPERM;
	while (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) < 0) {
		int rc = -errno;

		if (rc == -EINTR)
			continue;
		close(fd);
		return rc;
	}
	return fd;
}

/**
 * rundir_lock_held() - whether someone holds lock file @path (root only:
 * nobody else can open it)
 *
 * Return: 1 held, 0 not (or no such file), -errno
 */
int rundir_lock_held(const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	int held;

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (!private_file(fd)) {
		close(fd);
		return 0;	/* not a lock vmnet would take */
	}
	held = flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return held;
}
