// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tun.c - create the tap vmnet-helper hands to QEMU.
 *
 * The tap is not persistent: it exists while a file descriptor on it is
 * open, so when QEMU exits or is killed the kernel removes it, and with it
 * the vmnet record in its alias. Its name comes from the kernel's "%d"
 * template, which picks a free name atomically, so concurrent runs never
 * race for a name. It is owned by the caller.
 *
 * It also answers what an inherited tun fd is attached to. A name is not
 * an identity: anyone may create a tap of any name in a network namespace
 * of their own (unshare -Urn) and pass its fd in. The fd proves ownership
 * only of the device it is attached to, so vmnet checks that this device
 * lives in the network namespace vmnet acts in (TUNGETDEVNETNS, compared
 * with the namespace of vmnet's own netlink socket), and then that the
 * interface it acts on, by index, is that device (same name and MAC).
 */
#include "tun.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
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

/* The nsfs identity of a namespace fd; the fd is closed. */
static int ns_id(int nsfd, dev_t *dev, ino_t *ino)
{
	struct stat st;
	int rc = 0;

	if (fstat(nsfd, &st) < 0)
		rc = -errno;
	close(nsfd);
	*dev = st.st_dev;
	*ino = st.st_ino;
	return rc;
}

/**
 * tun_fd_in_netns_of() - whether the device behind tun fd @fd lives in the
 * network namespace of socket @sock
 * @fd:		an open /dev/net/tun fd attached to a device
 * @sock:	a socket created in the namespace vmnet acts in
 *
 * Both ioctls need CAP_NET_ADMIN over the namespace, which the caller
 * holds for its own.
 *
 * Return: 1 same namespace, 0 another one, -errno
 */
int tun_fd_in_netns_of(int fd, int sock)
{
	dev_t d1 = 0, d2 = 0;
	ino_t i1 = 0, i2 = 0;
	int a, b, rc;

	a = ioctl(fd, TUNGETDEVNETNS);
	if (a < 0)
		return -errno;
	rc = ns_id(a, &d1, &i1);
	if (rc)
		return rc;
	b = ioctl(sock, SIOCGSKNS);
	if (b < 0)
		return -errno;
	rc = ns_id(b, &d2, &i2);
	if (rc)
		return rc;
	return d1 == d2 && i1 == i2;
}

/**
 * tun_fd_query() - the device a tun fd is attached to, as the fd sees it
 * @fd:		an open /dev/net/tun fd
 * @name:	result: the device's name
 * @flags:	result: its IFF_TUN / IFF_TAP flags
 * @mac:	result: its MAC address (taps)
 *
 * Return: 0 or -errno (-EBADFD when the fd is attached to nothing)
 */
int tun_fd_query(int fd, char name[IFNAMSIZ], unsigned *flags, uint8_t mac[6])
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, TUNGETIFF, &ifr) < 0)
		return errno == EBADFD ? -EBADFD : -errno;
	memcpy(name, ifr.ifr_name, IFNAMSIZ);
	name[IFNAMSIZ - 1] = '\0';
	*flags = (unsigned short)ifr.ifr_flags;
	memset(&ifr, 0, sizeof(ifr));
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		return -errno;
	memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	return 0;
}
