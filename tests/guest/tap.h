/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP output for guest test programs that run as /init.
 * Writes go straight to the console with write(2) so that nothing is lost in
 * stdio buffers when the program powers the machine off.
 */
#ifndef UKL_GUEST_TAP_H
#define UKL_GUEST_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int tap_count, tap_failed;

static void tap_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0 && write(1, buf, n) < 0)
		tap_failed++;
}

static void tap_plan(int n)
{
	tap_printf("TAP version 13\n1..%d\n", n);
}

/* Report one case; 'detail' says what was observed when it failed. */
static void tap_ok(int cond, const char *name, const char *detail)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	tap_printf("%sok %d %s\n", cond ? "" : "not ", tap_count, name);
	if (!cond && detail)
		tap_printf("# %s\n", detail);
}

#endif
