# UKL (Unikernel Linux) driver: prepares the kernel tree from Debian's
# linux-source-6.12 plus patches/, builds kernels, boots them in QEMU and runs
# the tests.  'make help' lists the targets.

SHELL := /bin/sh
TOP := $(CURDIR)
B := $(TOP)/build
S := $(TOP)/scripts
export UKL_TOP := $(TOP)

# Debian packages the driver needs; 'make deps' installs what is missing.
DEB_PACKAGES := build-essential bc bison flex libelf-dev libssl-dev cpio \
	dwarves ccache qemu-system-x86 \
	linux-source-6.12=$(shell cat $(TOP)/configs/base-version) gawk rsync kmod \
	xz-utils git python3 python3-ply python3-git perl glibc-source g++ \
	busybox-static

GUEST_CFLAGS := -static -O2 -Wall -Wextra -Itests/guest

.DEFAULT_GOAL := all
FORCE:
.SECONDARY:
.PHONY: FORCE all help deps tree export export-check kernels kernel-vanilla \
	kernel-ukl run run-vanilla selftests guests unchanged-check bisect-check \
	checkpatch kunit check glibc ukl-check ukl-gcc libc-selftests \
	libc-abort libc-exec run-echo-selftest clean distclean

all: deps run ## install deps, build everything, boot the default sample

help: ## list the targets
	@echo 'UKL driver targets:'
	@grep -hE '^[a-zA-Z0-9_%-]+:.*## ' $(MAKEFILE_LIST) | \
		sed 's/:.*## /\t/' | awk -F'\t' '{ printf "  %-16s %s\n", $$1, $$2 }'
	@echo 'Variables: JOBS=N (parallel jobs), UKL_ACCEL=kvm|tcg (skip the probe),'
	@echo '           FORCE=1 (tree: discard unexported work), UKL_CACHE=DIR (build cache),'
	@echo '           BISECT_FROM=N (bisect-check: start at patch N)'

deps: ## install the Debian packages needed (idempotent)
	@$(S)/deps.sh $(DEB_PACKAGES)

tree: ## build/linux = Debian linux-source-6.12 + patches/ (git am)
	@$(S)/tree.sh

export: ## write patches/ from the commits in build/linux
	@$(S)/export.sh

export-check: ## fail if build/linux holds work that patches/ lacks
	@$(S)/export.sh --check

# Kernels: build/<variant> from configs/qemu.config + configs/<variant>.config.
kernel-vanilla: tree ## build the kernel with the series and CONFIG_UKL off
	@$(S)/build-kernel.sh vanilla

kernels: kernel-vanilla kernel-ukl ## build every kernel variant

LINUX := $(B)/linux

# tools/ukl: the UKL glibc (cached outside the repository, keyed by its
# inputs), the object checker, and ukl-gcc, which uses both.
export UKL_GLIBC := $(B)/glibc
export UKL_CHECK := $(B)/tools/ukl/ukl-check
UKL_GCC := $(B)/bin/ukl-gcc

glibc: tree ## build the UKL glibc (tools/ukl/glibc) or take it from UKL_CACHE
	@$(S)/glibc.sh

ukl-check: tree ## build tools/ukl (ukl-check in C++17, ukl-gcc) in build/tools/ukl
	@mkdir -p $(B)/tools/ukl
	@printf '  %-8s %s\n' TOOLS build/tools/ukl
	@$(MAKE) -s --no-print-directory -C $(LINUX)/tools/ukl \
		OUTPUT=$(B)/tools/ukl/

ukl-gcc: glibc ukl-check ## build/bin/ukl-gcc: ukl-gcc set up for build/glibc
	@mkdir -p $(B)/bin
	@printf '#!/bin/sh\nexport UKL_GLIBC=%s UKL_CHECK=%s\nexec %s "$$@"\n' \
		$(UKL_GLIBC) $(UKL_CHECK) $(B)/tools/ukl/ukl-gcc >$(UKL_GCC)
	@chmod +x $(UKL_GCC)
	@printf '  %-8s %s\n' UKLGCC build/bin/ukl-gcc

# UKL applications: build/apps/NAME.a, each built by its own Makefile in the
# series (target APP_TARGET_NAME, NAME.a unless set).  The glibc ones are
# built with ukl-gcc.
APP_SRC_hello := samples/ukl
APP_SRC_ukl_test := tools/testing/selftests/ukl
APP_SRC_ukl_libc_test := tools/testing/selftests/ukl/libc
APP_MAKEFLAGS_ukl_libc_test := CC=$(UKL_GCC)
APP_SRC_echo := samples/ukl/echo
APP_TARGET_echo := echo-server
APP_MAKEFLAGS_echo := CC=$(UKL_GCC)
LIBC_APPS := ukl_libc_test echo

$(LIBC_APPS:%=$(B)/apps/%.a): ukl-gcc

$(B)/apps/%.a: tree FORCE
	@mkdir -p $(B)/apps/$*
	@printf '  %-8s %s\n' APP build/apps/$*.a
	@$(MAKE) -s --no-print-directory -C $(B)/apps/$* \
		-f $(LINUX)/$(APP_SRC_$*)/Makefile $(APP_MAKEFLAGS_$*) \
		$(or $(APP_TARGET_$*),$*.a) >$(B)/apps/$*.log 2>&1 || \
		{ tail -n 20 $(B)/apps/$*.log; exit 1; }
	@cp $(B)/apps/$*/$(or $(APP_TARGET_$*),$*.a) $@

# The UKL kernel with application NAME linked in: build/images/ukl-NAME.
ukl-%: $(B)/apps/%.a ## build the UKL kernel with app % (hello, ukl_test, ukl_libc_test, echo)
	@$(S)/build-kernel.sh ukl UKL_APP=$(B)/apps/$*.a
	@mkdir -p $(B)/images
	@cp $(B)/ukl/arch/x86/boot/bzImage $(B)/images/ukl-$*

run-ukl-%: ukl-% ## boot the UKL kernel with app % in QEMU
	@$(S)/run-qemu.sh --name ukl-$* --append 'ukl.exit=reboot' \
		--expect 'ukl: application exited with status 0' \
		--kernel $(B)/images/ukl-$*

kernel-ukl: ukl-hello ## build the UKL kernel (with samples/ukl/hello)

selftests: ukl-ukl_test ## run tools/testing/selftests/ukl as the UKL app (TAP)
	@$(S)/run-qemu.sh --name ukl-selftests --append 'ukl.exit=reboot' --tap \
		--expect 'ukl: application exited with status 0' \
		--kernel $(B)/images/ukl-ukl_test

# Files for UKL applications that run other programs: busybox as /bin/sh.
$(B)/guest/busybox.cpio: $(S)/mkinitramfs.sh
	@$(S)/mkinitramfs.sh --dir $(TOP)/tests/guest/empty --busybox $@

libc-selftests: ukl-ukl_libc_test $(B)/guest/busybox.cpio ## run the glibc test app (ukl-gcc) as the UKL app (TAP)
	@$(S)/run-qemu.sh --name ukl-libc-selftests --tap \
		--append 'ukl.exit=reboot UKL_TEST_ENV=from-cmdline' \
		--expect 'ukl: application exited with status 0' \
		--initrd $(B)/guest/busybox.cpio \
		--kernel $(B)/images/ukl-ukl_libc_test

libc-exec: ukl-ukl_libc_test $(B)/guest/busybox.cpio ## the glibc test app (PID 1) execs /bin/sh, whose exit ends the machine
	@$(S)/run-qemu.sh --name ukl-libc-exec --append 'ukl.exit=reboot -- exec' \
		--expect 'ukl: application exited with status 3' \
		--initrd $(B)/guest/busybox.cpio \
		--kernel $(B)/images/ukl-ukl_libc_test
	@grep -q 'ukl_libc_test: exec ok' $(B)/logs/ukl-libc-exec.log

libc-abort: ukl-ukl_libc_test ## abort() in the glibc test app ends in the SIGABRT status
	@$(S)/run-qemu.sh --name ukl-libc-abort --append 'ukl.exit=reboot -- abort' \
		--expect 'ukl: application exited with status 134 (signal 6)' \
		--kernel $(B)/images/ukl-ukl_libc_test

run-echo-selftest: ukl-echo ## boot samples/ukl/echo (make CC=ukl-gcc) in self-test mode
	@$(S)/run-qemu.sh --name ukl-echo --append 'ukl.exit=reboot -- --self-test' \
		--expect 'ukl: application exited with status 0' \
		--kernel $(B)/images/ukl-echo
	@grep -q 'echo: self-test passed' $(B)/logs/ukl-echo.log

# Guest programs: small static test programs that run as /init.
$(B)/guest/%: tests/guest/%.c tests/guest/tap.h
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CC $(@:$(TOP)/%=%)
	@$(CC) $(GUEST_CFLAGS) -o $@ $<

$(B)/guest/%.cpio: $(B)/guest/% $(S)/mkinitramfs.sh
	@$(S)/mkinitramfs.sh $@ $<

guests: $(B)/guest/vanilla-init.cpio $(B)/guest/hang-init.cpio \
	$(B)/guest/notok-init.cpio ## build the guest test programs

run-vanilla: kernel-vanilla $(B)/guest/vanilla-init.cpio ## boot the vanilla kernel with its test /init
	@$(S)/run-qemu.sh --name boot-vanilla --tap --expect 'vanilla-init: 0 failed' \
		--kernel $(B)/vanilla/arch/x86/boot/bzImage \
		--initrd $(B)/guest/vanilla-init.cpio

run: run-ukl-hello ## boot the default sample (samples/ukl/hello) in QEMU
	@echo '--- the application on the console (build/logs/ukl-hello.log) ---'
	@sed -n '/ukl: starting the application/,/ukl: application exited/p' \
		$(B)/logs/ukl-hello.log

unchanged-check: kernel-vanilla ## CONFIG_UKL=n vmlinux == unpatched base vmlinux
	@$(S)/unchanged-check.sh

bisect-check: $(B)/apps/hello.a ## build every prefix of the series, UKL=n and =y (slow)
	@$(S)/bisect-check.sh $(B)/apps/hello.a

checkpatch: tree ## scripts/checkpatch.pl --strict on every patch in patches/
	@$(S)/checkpatch.sh

# The kernel links the glibc test application, so that the layout checks
# see TLS and IFUNC relocations.
kunit: $(B)/apps/ukl_libc_test.a ## KUnit suites (kunit.py, x86_64, QEMU), kunit/.kunitconfig
	@$(S)/kunit.sh $(B)/apps/ukl_libc_test.a

# Every test case, cheap ones first; 'make check TESTS="a b"' runs some.
TESTS ?= series-roundtrip series-broken-patch checkpatch ukl-app-link-checks \
	boot-vanilla ukl-off-unchanged runner-timeout runner-notok boot-ukl-hello \
	ukl-exit-poweroff ukl-app-required ukl-selftests ukl-check-unit ukl-check-glibc \
	ukl-gcc-rejects ukl-libc-selftests ukl-libc-abort ukl-libc-exec \
	ukl-echo-sample kunit

check: deps ## run every test; ends with 'N passed, N failed'
	@tests/run-tests.sh $(TESTS)

clean: ## remove build products in build/ (keeps build/linux and caches)
	rm -rf $(B)/vanilla $(B)/ukl $(B)/apps $(B)/images $(B)/guest $(B)/logs \
		$(B)/kunit $(B)/accel

distclean: ## remove build/ entirely (keeps the cache in UKL_CACHE)
	rm -rf $(B)
