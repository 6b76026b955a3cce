// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nsslookup NAME COUNT [miss] - resolve NAME (IPv4) COUNT times with
 * getaddrinfo(), as a program on the host would, and print the mean in
 * microseconds; exit 1 when it does not resolve (with "miss": when it
 * does). bench/names runs it against vmnet's NSS module and against
 * glibc's "files" (/etc/hosts).
 */
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct addrinfo hints, *res;
	struct timespec a, b;
	long i, n;

	bool miss = argc == 4 && !strcmp(argv[3], "miss");

	if (argc < 3 || (n = strtol(argv[2], NULL, 10)) <= 0)
		return 2;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		if (!getaddrinfo(argv[1], NULL, &hints, &res)) {
			freeaddrinfo(res);
			if (miss)
				return 1;
		} else if (!miss) {
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 +
			  (b.tv_nsec - a.tv_nsec)) / 1e3 / (double)n);
	return 0;
}
