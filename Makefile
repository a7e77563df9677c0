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
	busybox-static libcli11-dev libfmt-dev gnuplot-nox \
	redis-server redis-tools memcached autoconf automake libtool \
	gcc-12-source libgmp-dev libmpfr-dev libmpc-dev cmake

GUEST_CFLAGS := -static -O2 -Wall -Wextra -Itests/guest

.DEFAULT_GOAL := all
FORCE:
.SECONDARY:
.PHONY: FORCE all help deps tree export export-check kernels kernel-vanilla \
	kernel-ukl app run run-vanilla selftests guests unchanged-check bisect-check \
	checkpatch kunit check glibc gcc-libs ukl-check ukl-gcc libc-selftests \
	libc-abort libc-exec cxx-selftests cxx-terminate run-kv run-echo-selftest bench bench-syscalls bench-smoke bench-profile bench-tools loadgen \
	app-redis app-memcached run-redis run-memcached bench-servers clean distclean

all: deps run ## install deps, build everything, boot the default sample

help: ## list the targets
	@echo 'UKL driver targets:'
	@grep -hE '^[a-zA-Z0-9_%-]+:.*## ' $(MAKEFILE_LIST) | \
		sed 's/:.*## /\t/' | awk -F'\t' '{ printf "  %-16s %s\n", $$1, $$2 }'
	@echo 'Variables: JOBS=N (parallel jobs), UKL_ACCEL=kvm|tcg (skip the probe),'
	@echo '           FORCE=1 (tree: discard unexported work), UKL_CACHE=DIR (build cache),'
	@echo '           BISECT_FROM=N (bisect-check: start at patch N),'
	@echo '           BENCH_RUN=NAME BENCH_ARGS="--only ukl ..." BENCH_LOCK=FILE OP=NAME (bench)'
	@echo '           SOAK=SECONDS SERVER_VARIANTS=a,b REDIS_PORT= MEMCACHED_PORT= KV_PORT= TIMEOUT= (servers)'

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

# tools/ukl: the UKL glibc and gcc's run-time libraries built for UKL (both
# cached outside the repository, keyed by their inputs), the object checker,
# and ukl-gcc and ukl-g++, which use them.
export UKL_GLIBC := $(B)/glibc
export UKL_GCC_LIBS := $(B)/gcc-libs
export UKL_CHECK := $(B)/tools/ukl/ukl-check
UKL_GCC := $(B)/bin/ukl-gcc
UKL_GXX := $(B)/bin/ukl-g++

glibc: tree ## build the UKL glibc (tools/ukl/glibc) or take it from UKL_CACHE
	@$(S)/glibc.sh

gcc-libs: tree ## build libgcc, libstdc++ for UKL (tools/ukl/gcc-libs) or take them from UKL_CACHE
	@$(S)/gcc-libs.sh

ukl-check: tree ## build tools/ukl (ukl-check in C++17, ukl-gcc, ukl-g++) in build/tools/ukl
	@mkdir -p $(B)/tools/ukl
	@printf '  %-8s %s\n' TOOLS build/tools/ukl
	@$(MAKE) -s --no-print-directory -C $(LINUX)/tools/ukl \
		OUTPUT=$(B)/tools/ukl/

ukl-gcc: glibc gcc-libs ukl-check ## build/bin/ukl-gcc and ukl-g++, set up for build/glibc and build/gcc-libs
	@mkdir -p $(B)/bin
	@for t in ukl-gcc ukl-g++; do \
		printf '#!/bin/sh\nexport UKL_GLIBC=%s UKL_GCC_LIBS=%s UKL_CHECK=%s\nexec %s "$$@"\n' \
			$(UKL_GLIBC) $(UKL_GCC_LIBS) $(UKL_CHECK) $(B)/tools/ukl/$$t >$(B)/bin/$$t; \
		chmod +x $(B)/bin/$$t; \
		printf '  %-8s %s\n' UKLGCC build/bin/$$t; \
	done

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
APP_SRC_ukl_cxx_test := tools/testing/selftests/ukl/cxx
APP_MAKEFLAGS_ukl_cxx_test := CXX=$(UKL_GXX)
APP_SRC_kv := samples/ukl/kv
APP_TARGET_kv := kv-server
APP_MAKEFLAGS_kv := CXX=$(UKL_GXX)
LIBC_APPS := ukl_libc_test echo ukl_cxx_test kv

$(LIBC_APPS:%=$(B)/apps/%.a): ukl-gcc

$(B)/apps/%.a: tree FORCE
	@mkdir -p $(B)/apps/$*
	@printf '  %-8s %s\n' APP build/apps/$*.a
	@$(MAKE) -s --no-print-directory -C $(B)/apps/$* \
		-f $(LINUX)/$(APP_SRC_$*)/Makefile $(APP_MAKEFLAGS_$*) \
		$(or $(APP_TARGET_$*),$*.a) >$(B)/apps/$*.log 2>&1 || \
		{ tail -n 20 $(B)/apps/$*.log; exit 1; }
	@cp $(B)/apps/$*/$(or $(APP_TARGET_$*),$*.a) $@

# Servers from Debian's source packages, built unmodified by the recipes in
# apps/build.sh; apps/NAME/rootfs holds the files each one reads.
SERVER_APPS := redis memcached
$(SERVER_APPS:%=$(B)/apps/%.a): $(B)/apps/%.a: ukl-gcc FORCE
	@apps/build.sh $*

$(SERVER_APPS:%=app-%): app-%: $(B)/apps/%.a

$(SERVER_APPS:%=$(B)/guest/%.cpio): $(B)/guest/%.cpio: $(S)/mkinitramfs.sh FORCE
	@$(S)/mkinitramfs.sh --dir $(TOP)/apps/$*/rootfs $@

app-redis: ## build/apps/redis.a: Debian's redis 7.0 (redis-server) built with ukl-gcc
app-memcached: ## build/apps/memcached.a: Debian's memcached 1.6 and libevent built with ukl-gcc

# Boot a server and forward 127.0.0.1:PORT to it until it exits (or TIMEOUT).
TIMEOUT ?= 3600
REDIS_PORT ?= 6379
MEMCACHED_PORT ?= 11211
run-redis: ukl-redis $(B)/guest/redis.cpio ## boot Redis as the UKL app on 127.0.0.1:REDIS_PORT (6379)
	@echo "  redis-cli -p $(REDIS_PORT) reaches it; SHUTDOWN NOSAVE ends the machine"
	@$(RUN) --name $(UKL_VARIANT)-run-redis --append 'ukl.exit=reboot -- /etc/redis.conf' \
		--hostfwd $(REDIS_PORT):6379 --timeout $(TIMEOUT) --smp 2 \
		--expect 'ukl: application exited with status' \
		--initrd $(B)/guest/redis.cpio --kernel $(IMG)/redis

run-memcached: ukl-memcached $(B)/guest/memcached.cpio ## boot Memcached as the UKL app on 127.0.0.1:MEMCACHED_PORT (11211)
	@echo "  memcached text protocol on 127.0.0.1:$(MEMCACHED_PORT); 'shutdown' ends the machine"
	@$(RUN) --name $(UKL_VARIANT)-run-memcached --hostfwd $(MEMCACHED_PORT):11211 \
		--append 'ukl.exit=reboot -- -u root -A -t 2' --timeout $(TIMEOUT) --smp 2 \
		--expect 'ukl: application exited with status' \
		--initrd $(B)/guest/memcached.cpio --kernel $(IMG)/memcached

# UKL kernels come in variants, one configs/VARIANT.config each on top of
# configs/qemu.config, built in build/VARIANT: 'ukl' (the default) and
# 'ukl-hardened' (CPU mitigations, DEBUG_ENTRY, objtool's noinstr checks).
# Every target below takes UKL_VARIANT=; the test matrix runs the selftests
# on each.  build/VARIANT is only a build directory that the next
# application relinks: each application's kernel is copied to
# build/images/VARIANT/NAME (bzImage) and NAME.vmlinux (for gdb and perf).
UKL_VARIANT ?= ukl
IMG := $(B)/images/$(UKL_VARIANT)
RUN := $(S)/run-qemu.sh
define link-ukl-image
	@$(S)/build-kernel.sh $(UKL_VARIANT) UKL_APP=$(1)
	@mkdir -p $(IMG)
	@cp $(B)/$(UKL_VARIANT)/arch/x86/boot/bzImage $(IMG)/$(2)
	@cp $(B)/$(UKL_VARIANT)/vmlinux $(IMG)/$(2).vmlinux
	@printf '  %-8s %s\n' IMAGE $(IMG:$(TOP)/%=%)/$(2)
endef

ukl-%: $(B)/apps/%.a ## build the UKL kernel with app % (hello, ukl_test, ukl_libc_test, ukl_cxx_test, echo, kv)
	$(call link-ukl-image,$(B)/apps/$*.a,$*)

# Your own application: make app UKL_APP=path/app.a [NAME=name] [INITRD=cpio]
APP_NAME = $(or $(NAME),$(basename $(notdir $(UKL_APP))))
app: tree ## link UKL_APP=path/app.a into build/images/<variant>/NAME and boot it
	$(if $(UKL_APP),,$(error make app: name the application, UKL_APP=path/to/app.a))
	$(call link-ukl-image,$(abspath $(UKL_APP)),$(APP_NAME))
	@$(RUN) --name $(UKL_VARIANT)-$(APP_NAME) --append 'ukl.exit=reboot $(APPEND)' \
		--expect 'ukl: application exited with status' --app-output \
		$(if $(INITRD),--initrd $(INITRD)) --kernel $(IMG)/$(APP_NAME)

run-ukl-%: ukl-% ## boot the UKL kernel with app % in QEMU, show its output
	@$(RUN) --name $(UKL_VARIANT)-$* --append 'ukl.exit=reboot' \
		--expect 'ukl: application exited with status 0' --app-output \
		--kernel $(IMG)/$*

kernel-ukl: ukl-hello ## build the UKL kernel (with samples/ukl/hello)

# The selftests check where system calls run: tell them what the kernel has.
SAME_STACK_ENV = grep -qx CONFIG_UKL_SAME_STACK=y $(B)/$(UKL_VARIANT)/.config && echo UKL_SAME_STACK=1

selftests: ukl-ukl_test ## run tools/testing/selftests/ukl as the UKL app (TAP)
	@$(RUN) --name $(UKL_VARIANT)-selftests --tap \
		--append "ukl.exit=reboot $$($(SAME_STACK_ENV))" \
		--expect 'ukl: application exited with status 0' \
		--kernel $(IMG)/ukl_test

# Files for UKL applications that run other programs: busybox as /bin/sh.
$(B)/guest/busybox.cpio: $(S)/mkinitramfs.sh
	@$(S)/mkinitramfs.sh --dir $(TOP)/tests/guest/empty --busybox $@

libc-selftests: ukl-ukl_libc_test $(B)/guest/busybox.cpio ## run the glibc test app (ukl-gcc) as the UKL app (TAP)
	@$(RUN) --name $(UKL_VARIANT)-libc-selftests --tap \
		--append "ukl.exit=reboot UKL_TEST_ENV=from-cmdline $$($(SAME_STACK_ENV))" \
		--expect 'ukl: application exited with status 0' \
		--initrd $(B)/guest/busybox.cpio \
		--kernel $(IMG)/ukl_libc_test

libc-exec: ukl-ukl_libc_test $(B)/guest/busybox.cpio ## the glibc test app (PID 1) execs /bin/sh, whose exit ends the machine
	@$(RUN) --name $(UKL_VARIANT)-libc-exec --append 'ukl.exit=reboot -- exec' \
		--expect 'ukl: application exited with status 3' \
		--initrd $(B)/guest/busybox.cpio \
		--kernel $(IMG)/ukl_libc_test
	@grep -q 'ukl_libc_test: exec ok' $(B)/logs/$(UKL_VARIANT)-libc-exec.log

libc-abort: ukl-ukl_libc_test ## abort() in the glibc test app ends in the SIGABRT status
	@$(RUN) --name $(UKL_VARIANT)-libc-abort --append 'ukl.exit=reboot -- abort' \
		--expect 'ukl: application exited with status 134 (signal 6)' \
		--kernel $(IMG)/ukl_libc_test

cxx-selftests: ukl-ukl_cxx_test ## run the C++ test app (ukl-g++) as the UKL app (TAP)
	@$(RUN) --name $(UKL_VARIANT)-cxx-selftests --tap --smp 2 \
		--append 'ukl.exit=reboot' \
		--expect 'ukl: application exited with status 0' \
		--kernel $(IMG)/ukl_cxx_test

cxx-terminate: ukl-ukl_cxx_test ## an exception escapes main() of the C++ test app: std::terminate, SIGABRT
	@$(RUN) --name $(UKL_VARIANT)-cxx-terminate --append 'ukl.exit=reboot -- terminate' \
		--expect 'ukl: application exited with status 134 (signal 6)' \
		--kernel $(IMG)/ukl_cxx_test
	@grep -q "terminate called after throwing an instance of 'std::runtime_error'" \
		$(B)/logs/$(UKL_VARIANT)-cxx-terminate.log

# Boot samples/ukl/kv (C++, make CXX=ukl-g++) on 127.0.0.1:KV_PORT.
KV_PORT ?= 6380
run-kv: ukl-kv ## boot the C++ key-value sample as the UKL app on 127.0.0.1:KV_PORT (6380)
	@echo "  redis-cli -p $(KV_PORT) reaches it; SHUTDOWN ends the machine"
	@$(RUN) --name $(UKL_VARIANT)-run-kv --hostfwd $(KV_PORT):6379 \
		--append 'ukl.exit=reboot' --timeout $(TIMEOUT) --smp 2 \
		--expect 'ukl: application exited with status' --app-output \
		--kernel $(IMG)/kv

run-echo-selftest: ukl-echo ## boot samples/ukl/echo (make CC=ukl-gcc) in self-test mode
	@$(RUN) --name $(UKL_VARIANT)-echo --append 'ukl.exit=reboot -- --self-test' \
		--expect 'ukl: application exited with status 0' \
		--kernel $(IMG)/echo
	@grep -q 'echo: self-test passed' $(B)/logs/$(UKL_VARIANT)-echo.log

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

unchanged-check: kernel-vanilla ## CONFIG_UKL=n vmlinux == unpatched base vmlinux
	@$(S)/unchanged-check.sh

bisect-check: $(B)/apps/hello.a ## build every prefix of the series, UKL=n and =y (slow)
	@$(S)/bisect-check.sh $(B)/apps/hello.a

checkpatch: tree ## scripts/checkpatch.pl --strict on every patch in patches/
	@$(S)/checkpatch.sh

# The kernel links the glibc test application, so that the layout checks
# see TLS and IFUNC relocations.
kunit: ukl-ukl_libc_test ## KUnit suites built into the UKL kernel (UKL_VARIANT), run at boot
	@$(S)/kunit.sh $(UKL_VARIANT) $(IMG)/ukl_libc_test

# Benchmarks (bench/README.md): bench/ukl-bench.c built as a static /init
# for the Linux variants and with ukl-gcc for the UKL ones, the QEMU plugin
# that counts instructions between its markers, and the driver that boots
# every variant of bench/variants.tsv and writes build/bench/<run>/.
BENCH := $(B)/bench
ifndef BENCH_RUN
BENCH_RUN := $(shell date +%Y%m%d-%H%M%S)
endif
BENCH_ARGS ?=
BENCH_TOOLS := $(BENCH)/linux.cpio $(BENCH)/ukl.cpio $(BENCH)/ukl-bench.a \
	$(BENCH)/exec-init.a \
	$(BENCH)/ukl-insn.so $(BENCH)/driver
# BENCH_LOCK=FILE: kernel builds run under flock FILE (shared machines).
BENCH_DRIVER_ARGS = --top $(TOP) $(if $(BENCH_LOCK),--lock $(BENCH_LOCK))

$(BENCH)/ukl-bench: bench/ukl-bench.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' BENCH build/bench/ukl-bench
	@$(CC) -static -O2 -Wall -Wextra -o $@ $<

$(BENCH)/linux.cpio: $(BENCH)/ukl-bench $(S)/mkinitramfs.sh
	@$(S)/mkinitramfs.sh $@ $<

# A UKL kernel starts its application, not /init: the initramfs only gives
# it the usual directories.
$(BENCH)/ukl.cpio: $(S)/mkinitramfs.sh
	@$(S)/mkinitramfs.sh --dir $(TOP)/tests/guest/empty $@

# Linked every time (the UKL glibc may have changed), but the archive is
# replaced only when it changes, so that the UKL kernel is not relinked for
# nothing.
$(BENCH)/ukl-bench.a: bench/ukl-bench.c ukl-gcc
	@mkdir -p $(BENCH)/ukl
	@printf '  %-8s %s\n' BENCH build/bench/ukl-bench.a
	@$(UKL_GCC) -O2 -Wall -Wextra -DUKL_BENCH_UKL -c -o $(BENCH)/ukl/ukl-bench.o $<
	@$(UKL_GCC) -o $(BENCH)/ukl/ukl-bench.a $(BENCH)/ukl/ukl-bench.o
	@cmp -s $(BENCH)/ukl/ukl-bench.a $@ || cp $(BENCH)/ukl/ukl-bench.a $@

# The UKL application of the linux-on-ukl variant: it execs /init.
$(BENCH)/exec-init.a: bench/exec-init.c ukl-gcc
	@mkdir -p $(BENCH)/ukl
	@printf '  %-8s %s\n' BENCH build/bench/exec-init.a
	@$(UKL_GCC) -O2 -Wall -Wextra -c -o $(BENCH)/ukl/exec-init.o $<
	@$(UKL_GCC) -o $(BENCH)/ukl/exec-init.a $(BENCH)/ukl/exec-init.o
	@cmp -s $(BENCH)/ukl/exec-init.a $@ || cp $(BENCH)/ukl/exec-init.a $@

# qemu-plugin.h comes from the source package of the installed QEMU.
$(BENCH)/ukl-insn.so: bench/plugin/ukl-insn.c $(S)/qemu-plugin-header.sh
	@mkdir -p $(dir $@)
	@hdr=$$($(S)/qemu-plugin-header.sh) && \
		printf '  %-8s %s\n' BENCH build/bench/ukl-insn.so && \
		$(CC) -shared -fPIC -O2 -Wall -Wextra -pthread -I"$$hdr" -o $@ $<

$(BENCH)/loadgen: bench/loadgen.cc
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CXX build/bench/loadgen
	@$(CXX) -std=c++17 -O2 -Wall -Wextra -o $@ $< -lfmt -pthread

loadgen: $(BENCH)/loadgen ## build/bench/loadgen: Redis/Memcached load generator (loopback only)

$(BENCH)/driver: bench/driver.cc bench/util.h
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CXX build/bench/driver
	@$(CXX) -std=c++17 -O2 -Wall -Wextra -o $@ $< -lfmt

bench-tools: tree $(BENCH_TOOLS) ## build the benchmark, its QEMU plugin and driver

bench: deps bench-tools $(SERVER_BENCH_TOOLS) ## system calls and servers on every variant of bench/variants.tsv; report in build/bench/RUN/
	@$(BENCH)/driver run $(BENCH_DRIVER_ARGS) --run $(BENCH_RUN) \
		--command 'make bench BENCH_RUN=$(BENCH_RUN) $(BENCH_ARGS)' $(BENCH_ARGS)
	$(call run-servers,600,make bench BENCH_RUN=$(BENCH_RUN))

bench-syscalls: deps bench-tools ## only the system call and fault benchmark of make bench
	@$(BENCH)/driver run $(BENCH_DRIVER_ARGS) --run $(BENCH_RUN) \
		--command 'make bench-syscalls BENCH_RUN=$(BENCH_RUN) $(BENCH_ARGS)' $(BENCH_ARGS)

bench-smoke: bench-tools ## every benchmark op, few iterations, on linux and ukl; counts must repeat
	@$(BENCH)/driver smoke $(BENCH_DRIVER_ARGS) --run smoke --only linux,ukl \
		--iters 10 --citers 5 --time-runs 1 --count-runs 2 --timeout 300 \
		--command 'make bench-smoke' $(BENCH_ARGS)

# Server benchmarks (bench/servers.cc): Redis and Memcached on every
# variant, loaded by bench/loadgen through 127.0.0.1.  The Linux guests run
# the same sources built natively, started by bench/server-init.c.
$(SERVER_APPS:%=$(B)/apps/native/%): $(B)/apps/native/%: FORCE
	@apps/build.sh --native $*

$(BENCH)/server-init: bench/server-init.c
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CC build/bench/server-init
	@$(CC) -static -O2 -Wall -Wextra -o $@ $<

$(BENCH)/servers-linux.cpio: $(BENCH)/server-init $(SERVER_APPS:%=$(B)/apps/native/%) $(S)/mkinitramfs.sh
	@rm -rf $(BENCH)/servers-rootfs && mkdir -p $(BENCH)/servers-rootfs/bin
	@for a in $(SERVER_APPS); do cp -a apps/$$a/rootfs/. $(BENCH)/servers-rootfs/; done
	@install -m 0755 $(BENCH)/server-init $(BENCH)/servers-rootfs/init
	@install -m 0755 $(B)/apps/native/redis $(BENCH)/servers-rootfs/bin/redis-server
	@install -m 0755 $(B)/apps/native/memcached $(BENCH)/servers-rootfs/bin/memcached
	@$(S)/mkinitramfs.sh --dir $(BENCH)/servers-rootfs $@

$(BENCH)/servers: bench/servers.cc bench/util.h
	@mkdir -p $(dir $@)
	@printf '  %-8s %s\n' CXX build/bench/servers
	@$(CXX) -std=c++17 -O2 -Wall -Wextra -o $@ $< -lfmt -pthread

# SOAK: seconds of Redis under load on the first UKL variant (make bench:
# ten minutes).  SERVER_VARIANTS: which variants (default: all).
SOAK ?= 0
SERVER_VARIANTS ?=
SERVERS_ARGS ?=
SERVER_BENCH_TOOLS := $(BENCH)/servers $(BENCH)/loadgen $(BENCH)/servers-linux.cpio $(BENCH)/ukl-insn.so \
	$(SERVER_APPS:%=$(B)/apps/%.a) $(SERVER_APPS:%=$(B)/guest/%.cpio)
run-servers = @$(BENCH)/servers --top $(TOP) --run $(BENCH_RUN) --soak $(1) \
	$(if $(SERVER_VARIANTS),--only $(SERVER_VARIANTS)) \
	--command '$(2)' $(SERVERS_ARGS)

bench-servers: deps $(SERVER_BENCH_TOOLS) ## Redis and Memcached on every variant, loaded from the host (SOAK=seconds)
	$(call run-servers,$(SOAK),make bench-servers BENCH_RUN=$(BENCH_RUN) SOAK=$(SOAK) $(SERVERS_ARGS))

OP ?= getppid
bench-profile: bench-tools ## instructions of benchmark op OP (default getppid) by function, per variant
	@$(BENCH)/driver profile $(BENCH_DRIVER_ARGS) --run profile-$(OP) --ops $(OP) \
		--command 'make bench-profile OP=$(OP) $(BENCH_ARGS)' $(BENCH_ARGS)

# Every test case, cheap ones first; 'make check TESTS="a b"' runs some.
TESTS ?= series-roundtrip series-broken-patch checkpatch ukl-app-link-checks \
	boot-vanilla ukl-off-unchanged runner-timeout runner-notok boot-ukl-hello \
	ukl-exit-poweroff ukl-app-required ukl-selftests ukl-check-unit ukl-check-glibc \
	ukl-gcc-rejects ukl-libc-selftests ukl-libc-abort ukl-libc-exec \
	ukl-cxx-selftests ukl-kv-sample ukl-echo-sample ukl-got-app-only ukl-autoconf ukl-hardened ukl-ist-pf \
	ukl-ret ukl-same-stack ukl-ret-same-stack \
	loadgen-host ukl-redis ukl-memcached ukl-sidecar \
	bench-smoke kunit

check: deps ## run every test; ends with 'N passed, N failed'
	@tests/run-tests.sh $(TESTS)

clean: ## remove build products in build/ (keeps build/linux and caches)
	rm -rf $(B)/vanilla $(B)/ukl $(B)/ukl-* $(B)/apps $(B)/images $(B)/guest $(B)/logs \
		$(B)/kunit $(B)/accel $(B)/bench $(B)/linux-mitigations

distclean: ## remove build/ entirely (keeps the cache in UKL_CACHE)
	rm -rf $(B)
