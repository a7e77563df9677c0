# tools/testing/selftests/ukl/cxx, an ordinary C++17 program built with
# ukl-g++ against the UKL glibc and gcc's run-time libraries built for UKL
# (make gcc-libs), runs as the UKL application on 2 vCPUs: exceptions
# across frames, a function pointer and threads, exception_ptr between
# threads, RTTI, static and thread_local constructors and destructors,
# std::thread, mutex, condition_variable, async, iostream, fstream and
# filesystem on tmpfs, chrono, regex, random, backtrace() and the
# pthread_cancel of a thread blocked in read().  Every TAP case passes.
# An exception that escapes main() ends the application through
# std::terminate() with SIGABRT.  ukl-check accepts the UKL libstdc++ and
# refuses Debian's, which user space code built.
set -eu
make -s cxx-selftests cxx-terminate

check=build/tools/ukl/ukl-check
for lib in libstdc++.a libsupc++.a libgcc.a libgcc_eh.a crtbeginT.o crtend.o; do
	"$check" -q "build/gcc-libs/lib/$lib"
done
echo "ukl-check: the UKL libstdc++, libsupc++, libgcc and libgcc_eh are clean"
stock=$(g++ -print-file-name=libstdc++.a)
if "$check" -q "$stock"; then
	echo "ukl-check accepted Debian's $stock"
	exit 1
fi
echo "ukl-check: refuses Debian's $stock"
