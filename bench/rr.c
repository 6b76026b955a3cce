// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rr.c - TCP request/response latency for the benchmarks: one byte each
 * way, one transaction in flight, the way netperf's TCP_RR measures it
 * (netperf is not in Debian's main archive).
 *
 *   rr -s PORT               serve: echo every byte, one connection at a time
 *   rr -c HOST PORT SECONDS  measure: print "mean_us p50_us p99_us count"
 *
 * Pin both ends to one CPU with taskset to measure the path rather than
 * the scheduler's wake-ups across CPUs.
 */
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES (1 << 22)

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int nodelay(int fd)
{
	int one = 1;

	return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

static void serve(const char *port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	int one = 1, off = 0, l, fd;
	char b;

	a.sin6_port = htons((unsigned short)atoi(port));
	l = socket(AF_INET6, SOCK_STREAM, 0);
	if (l < 0 ||
	    setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) < 0 ||
	    bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 4) < 0)
		die("rr: listen");
	for (;;) {
		fd = accept(l, NULL, NULL);
		if (fd < 0)
			continue;
		nodelay(fd);
		while (read(fd, &b, 1) == 1 && write(fd, &b, 1) == 1)
			;
		close(fd);
	}
}

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

static int dial(const char *host, const char *port)
{
	struct addrinfo hint = { .ai_socktype = SOCK_STREAM }, *ai;
	int fd;

	if (getaddrinfo(host, port, &hint, &ai) != 0) {
		fprintf(stderr, "rr: cannot resolve %s\n", host);
		exit(1);
	}
	fd = socket(ai->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) < 0)
		die("rr: connect");
	freeaddrinfo(ai);
	nodelay(fd);
	return fd;
}

static void measure(const char *host, const char *port, double seconds)
{
	float *s = malloc(MAX_SAMPLES * sizeof(*s));
	double t0, t, end, sum = 0;
	int fd = dial(host, port);
	size_t n = 0;
	char b = 'x';

	if (!s)
		die("rr: malloc");
	t = now_us();
	end = t + seconds * 1e6;
	while (t < end && n < MAX_SAMPLES) {
		t0 = t;
		if (write(fd, &b, 1) != 1 || read(fd, &b, 1) != 1)
			die("rr: transaction");
		t = now_us();
		s[n++] = (float)(t - t0);
		sum += t - t0;
	}
	if (n == 0)
		exit(1);
	qsort(s, n, sizeof(*s), cmp);
	printf("%.1f %.1f %.1f %zu\n", sum / (double)n, s[n / 2],
	       s[n - 1 - n / 100], n);
	free(s);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "-s") == 0)
		serve(argv[2]);
	else if (argc == 5 && strcmp(argv[1], "-c") == 0)
		measure(argv[2], argv[3], atof(argv[4]));
	else {
		fprintf(stderr, "usage: rr -s PORT | rr -c HOST PORT SECONDS\n");
		return 2;
	}
	return 0;
}
