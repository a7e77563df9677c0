// SPDX-License-Identifier: GPL-2.0
/* /init that never finishes: the runner must report a timeout. */
#include <unistd.h>

int main(void)
{
	static const char msg[] = "TAP version 13\n1..1\n# hanging on purpose\n";

	write(1, msg, sizeof(msg) - 1);
	for (;;)
		pause();
}
