// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * intent.c - what the administrator asked for, where the kernel cannot
 * say: which networks were taken down on purpose. After "nft flush
 * ruleset" or a deleted uplink, the kernel holds nothing that tells a
 * network that was up from one that was taken down, so "vmnetctl down"
 * leaves a marker, /run/vmnetd/down/NETWORK, and "up" removes it; vmnetd
 * keeps every configured network up but the marked ones. /run is emptied
 * at boot, when every network comes up again.
 *
 * The administrators' lock (flock on /run/vmnetd/admin.lock) orders
 * "up", "down", "gc" and each of vmnetd's passes, so that a pass never
 * brings back a network a concurrent "down" is taking away. It is root's
 * only: no user can open the file (rundir_lock() replaces one that was
 * ever readable).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "rundir.h"

static void own(const char *dir)
{
	int rc = rundir_own(dir);

	if (rc)
		ctl_die("%s: %s", dir, rundir_strerror(rc));
}

/**
 * ctl_admin_lock() - take the administrators' lock (waiting for its
 * holder); it is held until the process exits
 */
void ctl_admin_lock(void)
{
	static int fd = -1;

	if (fd >= 0)
		return;
	own(VMNETD_RUN_DIR);
	fd = rundir_lock(VMNETD_ADMIN_LOCK, true);
	if (fd < 0)
		ctl_die("cannot lock %s: %s", VMNETD_ADMIN_LOCK,
			strerror(-fd));
}

static void marker(const char *net, char *buf, size_t size)
{
	snprintf(buf, size, VMNETD_DOWN_DIR "/%s", net);
}

/**
 * ctl_kept_down() - whether network @net was taken down with "vmnetctl
 * down" (and not brought up since)
 */
bool ctl_kept_down(const char *net)
{
	char path[96];

	marker(net, path, sizeof(path));
	return access(path, F_OK) == 0;
}

/**
 * ctl_intent() - record that network @n is wanted up (@up) or down
 */
void ctl_intent(const struct conf_network *n, bool up)
{
	char path[96];
	int fd;

	marker(n->name, path, sizeof(path));
	if (up) {
		if (unlink(path) && errno != ENOENT)
			ctl_die("cannot remove %s: %s", path, strerror(errno));
		return;
	}
	own(VMNETD_RUN_DIR);
	own(VMNETD_DOWN_DIR);
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 || close(fd))
		ctl_die("cannot write %s: %s", path, strerror(errno));
}
