// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dnsmasq.c - start, find and stop the dnsmasq of an isolated network.
 *
 * Only root (vmnetctl) runs this. A pid file alone is not trusted: the pid
 * counts as our dnsmasq only if /proc/PID/cmdline is exactly dnsmasq with
 * our --conf-file, so a recycled pid is never signalled.
 */
#include "dnsmasq.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "dnsconf.h"
#include "engine.h"
#include "names.h"
#include "leasefile.h"
#include "rundir.h"

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/**
 * dnsmasq_leases() - the leases in the network's lease file, at most @max
 * (none when there is no file yet)
 *
 * Return: how many, or -errno
 */
ssize_t dnsmasq_leases(const struct conf_network *n, struct lease *out,
		       size_t max)
{
	/* a line is at most some 400 bytes (hostname, client id) */
	size_t size = max * 400 + 1;
	char path[128], *buf;
	ssize_t len;

	if (dns_path(n, "leases", path, sizeof(path)))
		return -ENAMETOOLONG;
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	len = ctl_read_file(path, buf, size);
	if (len == -ENOENT)
		len = 0;
	if (len >= 0)
		len = (ssize_t)lease_parse(buf, (size_t)len, out, max);
	free(buf);
	return len;
}

static pid_t check_pid(pid_t pid, const char *conf_arg)
{
	char path[64], cmd[512], want[256];
	ssize_t n;
	int wl;

	if (pid <= 1)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	n = ctl_read_file(path, cmd, sizeof(cmd));
	if (n <= 0)
		return 0;
	wl = snprintf(want, sizeof(want), "%s%c%s", DNSMASQ_PATH, '\0',
		      conf_arg);
	if (n != wl + 1 || memcmp(cmd, want, (size_t)wl + 1))
		return 0;
	return pid;
}

/**
 * dnsmasq_pid() - the pid of the network's running dnsmasq, or 0
 */
pid_t dnsmasq_pid(const struct conf_network *n)
{
	char pidfile[128], conf[128], arg[160], buf[32], *end;
	long pid;

	if (dns_path(n, "dnsmasq.pid", pidfile, sizeof(pidfile)) ||
	    dns_path(n, "dnsmasq.conf", conf, sizeof(conf)))
		return 0;
	snprintf(arg, sizeof(arg), "--conf-file=%s", conf);
	if (ctl_read_file(pidfile, buf, sizeof(buf)) <= 0)
		return 0;
	errno = 0;
	pid = strtol(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || pid > 1 << 22)
		return 0;
	return check_pid((pid_t)pid, arg);
}

static int write_conf(const char *path, const char *text)
{
	char tmp[160];
	size_t len = strlen(text);
	int fd, rc = 0;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len || fsync(fd))
		rc = errno ? -errno : -EIO;
	if (close(fd) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
	return rc;
}

static int stop_pid(pid_t pid)
{
	int i;

	if (kill(pid, SIGTERM) && errno != ESRCH)
		return -errno;
	for (i = 0; i < 300; i++) {
		if (kill(pid, 0) && errno == ESRCH)
			return 0;
		nap_ms(10);
	}
	kill(pid, SIGKILL);
	for (i = 0; i < 100; i++) {
		if (kill(pid, 0) && errno == ESRCH)
			return 0;
		nap_ms(10);
	}
	return -ETIMEDOUT;
}

/*
 * Run dnsmasq with @arg (its --conf-file) and wait for its first process:
 * dnsmasq forks, and its parent exits once the daemon is ready, with
 * non-zero status when the config or the bind failed.
 */
static int spawn(const char *arg, char *err, size_t err_size)
{
	pid_t child;
	int status = 0, rc;

	if (access(DNSMASQ_PATH, X_OK)) {
		snprintf(err, err_size, "%s not found: install the Debian "
			 "package dnsmasq-base", DNSMASQ_PATH);
		return -ENOENT;
	}
	child = fork();
	if (child < 0) {
		rc = -errno;
		snprintf(err, err_size, "fork: %s", strerror(-rc));
		return rc;
	}
	if (child == 0) {
		char *const argv[] = { (char *)DNSMASQ_PATH, (char *)arg, NULL };
		char *const envp[] = { (char *)"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
				       NULL };

		execve(DNSMASQ_PATH, argv, envp);
		_exit(127);
	}
	while ((rc = waitpid(child, &status, 0)) < 0 && errno == EINTR)
		;
	if (rc < 0) {
		rc = -errno;
		snprintf(err, err_size, "cannot wait for dnsmasq: %s",
			 strerror(-rc));
		return rc;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, err_size, "dnsmasq failed to start (exit %d); "
			 "see its message above", WIFEXITED(status) ?
			 WEXITSTATUS(status) : -1);
		return -EIO;
	}
	return 0;
}

/**
 * dnsmasq_current() - whether the network's dnsmasq runs with exactly
 * @text as its config
 */
bool dnsmasq_current(const struct conf_network *n, const char *text)
{
	static char old[DNS_CONF_MAX];
	char conf[128];

	dns_path(n, "dnsmasq.conf", conf, sizeof(conf));
	return dnsmasq_pid(n) && ctl_read_file(conf, old, sizeof(old)) >= 0 &&
	       !strcmp(old, text);
}

/**
 * dnsmasq_up() - make the network's dnsmasq run with exactly @text as its
 * config: nothing happens when it already does
 * @started:	set when a dnsmasq was (re)started
 * @err:	on failure, what went wrong
 *
 * Return: 0 or -errno
 */
int dnsmasq_up(const struct conf_network *n, const char *text, bool *started,
	       char *err, size_t err_size)
{
	char dir[128], conf[128], arg[160];
	pid_t pid;
	int rc, i;

	*started = false;
	dns_path(n, NULL, dir, sizeof(dir));
	dns_path(n, "dnsmasq.conf", conf, sizeof(conf));
	snprintf(arg, sizeof(arg), "--conf-file=%s", conf);
	if (dnsmasq_current(n, text))
		return 0;
	pid = dnsmasq_pid(n);
	if (pid && (rc = stop_pid(pid))) {
		snprintf(err, err_size, "cannot stop dnsmasq (pid %d): %s",
			 (int)pid, strerror(-rc));
		return rc;
	}
	if ((rc = rundir_own(DNS_RUN_DIR)) || (rc = rundir_own(dir))) {
		snprintf(err, err_size, "%s: %s", rc == -EPERM ? DNS_RUN_DIR
			 " must be a directory owned by root, not writable by "
			 "others" : dir, strerror(-rc));
		return rc;
	}
	rc = names_mkdir(n);
	if (rc) {
		snprintf(err, err_size, "cannot create %s/" DNS_NAMES_DIR ": %s",
			 dir, strerror(-rc));
		return rc;
	}
	rc = write_conf(conf, text);
	if (rc) {
		snprintf(err, err_size, "cannot write %s: %s", conf,
			 strerror(-rc));
		return rc;
	}
	rc = spawn(arg, err, err_size);
	if (rc)
		return rc;
	for (i = 0; i < 200 && !dnsmasq_pid(n); i++)
		nap_ms(10);
	if (!dnsmasq_pid(n)) {
		snprintf(err, err_size, "dnsmasq started but wrote no pid file");
		return -EIO;
	}
	*started = true;
	return 0;
}

/**
 * dnsmasq_down() - stop the network's dnsmasq and remove /run/vmnet/NETWORK
 *
 * Return: 0 or -errno
 */
int dnsmasq_down(const struct conf_network *n, char *err, size_t err_size)
{
	static const char *const files[] = { "dnsmasq.conf", "dnsmasq.conf.new",
					     "dnsmasq.pid", "leases" };
	char path[128];
	pid_t pid = dnsmasq_pid(n);
	size_t i;
	int rc;

	if (pid && (rc = stop_pid(pid))) {
		snprintf(err, err_size, "cannot stop dnsmasq (pid %d): %s",
			 (int)pid, strerror(-rc));
		return rc;
	}
	names_forget(n);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		dns_path(n, files[i], path, sizeof(path));
		unlink(path);
	}
	dns_path(n, NULL, path, sizeof(path));
	if (rmdir(path) && errno != ENOENT) {
		rc = -errno;
		snprintf(err, err_size, "cannot remove %s: %s", path,
			 strerror(errno));
		return rc;
	}
	return 0;
}
