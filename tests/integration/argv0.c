// SPDX-License-Identifier: GPL-2.0-or-later
/* argv0 PROG: exec PROG with argc == 0 (an empty argv), as an attacker can. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *empty[] = { NULL };

	if (argc != 2)
		return 2;
	execve(argv[1], empty, empty);
	perror("execve");
	return 127;
}
