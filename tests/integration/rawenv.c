// SPDX-License-Identifier: GPL-2.0-or-later
/* rawenv VAR=VALUE... -- PROG ARG...: exec PROG with exactly these
 * environment strings, duplicates and all (env(1) cannot repeat a name). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		;
	if (i + 1 >= argc)
		return 2;
	argv[i] = NULL;
	execve(argv[i + 1], argv + i + 1, argv + 1);
	perror("execve");
	return 127;
}
