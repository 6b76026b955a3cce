// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rss PROG ARGS... - run PROG (fds inherited) and print its peak resident
 * set size in KB on stdout. The wrapper itself is tiny, so the pre-exec
 * part of the child's high-water mark is the same small amount for every
 * program measured.
 */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 2)
		return 2;
	pid = fork();
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return 2;
	printf("%ld\n", ru.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
