// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tappump TAP VETH - a "VM" for benchmarks: attach to the existing tap
 * TAP (as QEMU does) and move every frame between it and the interface
 * VETH (an AF_PACKET socket), whose peer sits in a network namespace with
 * the VM's address. So a VM's kernel TCP (iperf3 in that namespace) runs
 * through a real tap that vmnet attached, without booting a guest. The
 * veths carry no offloads (each frame at most the MTU), as a tap without
 * vnet_hdr takes them. Runs until killed.
 */
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int die(const char *what)
{
	perror(what);
	return 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_ALL) };
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	static char buf[65536];
	struct pollfd p[2];
	int tap, pk, one = 1;

	if (argc != 3)
		return fprintf(stderr, "usage: tappump TAP VETH\n"), 2;
	tap = open("/dev/net/tun", O_RDWR);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", argv[1]);
	if (tap < 0 || ioctl(tap, TUNSETIFF, &ifr))
		return die("tap");
	pk = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	sll.sll_ifindex = (int)if_nametoindex(argv[2]);
	if (pk < 0 || !sll.sll_ifindex ||
	    bind(pk, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(pk, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
		       sizeof(one)))
		return die("packet socket");
	p[0] = (struct pollfd){ .fd = tap, .events = POLLIN };
	p[1] = (struct pollfd){ .fd = pk, .events = POLLIN };
	for (;;) {
		ssize_t n;

		if (poll(p, 2, -1) < 0)
			return die("poll");
		/* a frame that cannot go on is dropped, as a NIC would */
		if (p[0].revents & POLLIN) {
			n = read(tap, buf, sizeof(buf));
			if (n > 0)
				(void)!send(pk, buf, (size_t)n, 0);
		}
		if (p[1].revents & POLLIN) {
			n = recv(pk, buf, sizeof(buf), 0);
			if (n > 0)
				(void)!write(tap, buf, (size_t)n);
		}
	}
}
