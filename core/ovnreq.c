// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ovnreq.c - the setuid programs' side of vmnetd's request socket (see
 * ovnreq.h): one connection, one request, one answer, each bounded in
 * time, so a stalled vmnetd holds up only this run (which holds only its
 * caller's lock meanwhile).
 */
#include "ovnreq.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "validate.h"

/**
 * ovnreq_call() - ask vmnetd to bind or unbind the tap @ifindex
 * @op:		what
 * @ifindex:	the tap
 * @line:	result: vmnetd's one line (escaped), or why it was not
 *		reached
 * @size:	its size
 *
 * Return: 0 when vmnetd did it, -ECONNREFUSED (or another -errno) when
 * vmnetd was not reached, or vmnetd's -errno refusal
 */
int ovnreq_call(enum ovnreq_op op, int ifindex, char *line, size_t size)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = OVNREQ_WAIT_S };
	struct ovnreq q = {
		.magic = OVNREQ_MAGIC, .version = OVNREQ_VERSION,
		.op = (uint32_t)op, .ifindex = ifindex,
	};
	struct ovnreq_answer a;
	ssize_t n;
	int fd, rc;

	memcpy(sa.sun_path, OVNREQ_SOCKET, sizeof(OVNREQ_SOCKET));
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		rc = -errno;
		snprintf(line, size, "cannot make a socket: %s", strerror(-rc));
		return rc;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		rc = -errno;
		snprintf(line, size, "vmnetd is not reachable at %s (%s); "
			 "OVN networks need it running", OVNREQ_SOCKET,
			 strerror(-rc));
		close(fd);
		return rc == -ENOENT ? -ECONNREFUSED : rc;
	}
	if (send(fd, &q, sizeof(q), MSG_NOSIGNAL) != (ssize_t)sizeof(q)) {
		rc = -errno;
		snprintf(line, size, "cannot send to vmnetd: %s",
			 strerror(-rc));
		close(fd);
		return rc;
	}
	n = recv(fd, &a, sizeof(a), 0);
	rc = -errno;
	close(fd);
	if (n != (ssize_t)sizeof(a)) {
		if (n >= 0)
			rc = -EPROTO;
		snprintf(line, size, "no answer from vmnetd: %s",
			 rc == -EAGAIN ? "timed out" : strerror(-rc));
		return rc == -EAGAIN ? -ETIMEDOUT : rc;
	}
	a.line[sizeof(a.line) - 1] = '\0';
	val_escape(a.line, line, size);
	if (a.status > 0 || a.status < -4095)
		return -EPROTO;
	return a.status;
}
