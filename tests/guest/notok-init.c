// SPDX-License-Identifier: GPL-2.0
/* /init that reports a failing case: the runner must fail the run. */
#include <sys/reboot.h>
#include <unistd.h>

#include "tap.h"

int main(void)
{
	tap_plan(2);
	tap_ok(1, "a passing case", NULL);
	tap_ok(0, "a failing case on purpose", "expected by the runner test");
	tap_printf("vanilla-init: %d failed\n", tap_failed);
	reboot(RB_AUTOBOOT);
	return 1;
}
