// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tun.c - create the tap vmnet-helper hands to QEMU.
 *
 * The tap is not persistent: it exists while a file descriptor on it is
 * open, so when QEMU exits or is killed the kernel removes it, and with it
 * the vmnet record in its alias. Its name comes from the kernel's "%d"
 * template, which picks a free name atomically, so concurrent runs never
 * race for a name. It is owned by the caller.
 */
#include "tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "validate.h"

/**
 * tun_create_tap() - create a non-persistent tap owned by @owner
 * @vnet_hdr:	ask for IFF_VNET_HDR (only if the kernel supports it)
 * @owner:	uid that owns the tap
 * @name:	result: the name the kernel picked
 * @fd:		result: the tap's file descriptor (close-on-exec)
 *
 * Return: 0 or -errno
 */
int tun_create_tap(bool vnet_hdr, uid_t owner, char name[IFNAMSIZ], int *fd)
{
	unsigned int features = 0;
	struct ifreq ifr;
	int f, rc;

	f = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (f < 0)
		return -errno;
	if (ioctl(f, TUNGETFEATURES, &features) < 0)
		features = 0;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (vnet_hdr && (features & IFF_VNET_HDR))
		ifr.ifr_flags |= IFF_VNET_HDR;
	VAL_COPY(ifr.ifr_name, TUN_NAME_TEMPLATE);	/* a constant: fits */
	if (ioctl(f, TUNSETIFF, &ifr) < 0 ||
	    ioctl(f, TUNSETOWNER, (unsigned long)owner) < 0) {
		rc = -errno;
		close(f);
		return rc;
	}
	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	*fd = f;
	return 0;
}
