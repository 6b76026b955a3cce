// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * proc.c - file descriptor hygiene.
 *
 * A setuid program inherits whatever the caller left open. We make sure
 * 0-2 are open (so nothing we open later lands on "stderr"), find the one
 * fd we may need (an open /dev/net/tun fd attached to the tap named on the
 * command line: QEMU keeps it open across its scripts, and holding it is
 * the proof that the caller owns the tap), and close everything else.
 */
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define TUN_MAJOR 10
#define TUN_MINOR 200
#define PROC_SCAN_MAX 1024	/* fds scanned without /proc */

/**
 * proc_std_fds() - make sure fds 0, 1 and 2 are open
 *
 * Return: 0 or -errno (then the process must exit silently)
 */
int proc_std_fds(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++) {
		int n;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		n = open("/dev/null", O_RDWR | O_NOCTTY);
		if (n < 0)
			return -errno;
		if (n != fd)
			return -EBADF;
	}
	return 0;
}

/**
 * proc_fd_is_tun() - is @fd an open /dev/net/tun character device
 * @fd:	descriptor
 *
 * Return: true if it is
 */
bool proc_fd_is_tun(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	       major(st.st_rdev) == TUN_MAJOR && minor(st.st_rdev) == TUN_MINOR;
}

static bool fd_is_tap_named(int fd, const char *ifname)
{
	struct ifreq ifr;

	if (!proc_fd_is_tun(fd))
		return false;
	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0)
		return false;
	ifr.ifr_name[IFNAMSIZ - 1] = '\0';
	return (ifr.ifr_flags & IFF_TAP) && !(ifr.ifr_flags & IFF_TUN) &&
	       !strcmp(ifr.ifr_name, ifname);
}

/**
 * proc_find_tun_fd() - find an inherited tun fd attached to tap @ifname
 * @ifname:	validated interface name
 *
 * Return: the fd, or -1 if there is none
 */
int proc_find_tun_fd(const char *ifname)
{
	struct dirent *de;
	int found = -1, fd;
	DIR *d;

	d = opendir("/proc/self/fd");
	if (!d) {
		for (fd = 3; fd < PROC_SCAN_MAX; fd++) {
			if (fd_is_tap_named(fd, ifname))
				return fd;
		}
		return -1;
	}
	while ((de = readdir(d))) {
		char *end;
		long v = strtol(de->d_name, &end, 10);

		if (*end || de->d_name[0] < '0' || de->d_name[0] > '9' ||
		    v < 3 || v == dirfd(d) || v > 0x7fffffff)
			continue;
		if (fd_is_tap_named((int)v, ifname)) {
			found = (int)v;
			break;
		}
	}
	closedir(d);
	return found;
}

/**
 * proc_close_fds() - close every fd >= 3 except @keep
 * @keep:	the one fd to keep, or -1 (values < 3 keep nothing extra)
 *
 * Return: 0 or -errno
 */
int proc_close_fds(int keep)
{
	if (keep > 3 && close_range(3, (unsigned)keep - 1, 0) < 0)
		return -errno;
	if (close_range(keep >= 3 ? (unsigned)keep + 1 : 3, ~0U, 0) < 0)
		return -errno;
	return 0;
}
