# Shared helpers for the UKL host scripts (POSIX sh).  Sourced, not run.

# kbuild-style progress line: "  WHAT    object"
step() {
	printf '  %-8s %s\n' "$1" "$2"
}

die() {
	printf 'error: %s\n' "$*" >&2
	exit 1
}

# Repository root, whatever the caller's cwd.
UKL_TOP=${UKL_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
LINUX_SRC=${LINUX_SRC:-$UKL_TOP/build/linux}
BASE_TARBALL=${BASE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
BASE_PACKAGE=linux-source-6.12
BASE_TAG=ukl-base
UKL_PATCHES=${UKL_PATCHES:-$UKL_TOP/patches}
# Build caches that outlive clones (ccache, glibc), keyed by their inputs.
UKL_CACHE=${UKL_CACHE:-/var/cache/ukl}

# Git identity and dates used for every commit the scripts make, so that the
# same inputs always give the same commits.
export GIT_AUTHOR_NAME="UKL Developers" GIT_AUTHOR_EMAIL="ukl-devel@example.org"
export GIT_COMMITTER_NAME="UKL Developers" GIT_COMMITTER_EMAIL="ukl-devel@example.org"

series_patches() {
	ls "$UKL_PATCHES"/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null |
		grep -v '/0000-cover-letter.patch$'
}

patches_hash() {
	series_patches | while read -r p; do
		printf '%s\n' "$(basename "$p")"
		cat "$p"
	done | sha256sum | cut -c1-16
}

git_linux() {
	git -C "$LINUX_SRC" "$@"
}

# The stamp "<HEAD sha> <patches hash>" written after the last apply or export.
tree_stamp() {
	printf '%s/ukl-stamp' "$(git_linux rev-parse --absolute-git-dir)"
}

# Environment for kernel builds: ccache in UKL_CACHE, outside the
# repository, and fixed build stamps, so that objects do not depend on when
# or where (which clone) they were built.
kbuild_env() {
	export CCACHE_DIR=${CCACHE_DIR:-$UKL_CACHE/ccache}
	export CCACHE_BASEDIR=$UKL_TOP CCACHE_NOHASHDIR=true
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
	export KBUILD_BUILD_TIMESTAMP="Sat Jan  1 00:00:00 UTC 2000"
	export KBUILD_BUILD_USER=ukl KBUILD_BUILD_HOST=ukl KBUILD_BUILD_VERSION=1
	mkdir -p "$CCACHE_DIR"
}

# cached_build NAME KEY DONE_FILE BUILD_SH TARBALL: make build/NAME a link to
# $UKL_CACHE/NAME/KEY, first running "sh BUILD_SH TARBALL DIR JOBS" there
# unless DONE_FILE (relative to the entry) shows a finished build.  The
# build goes next to the entry and is renamed, so that an interrupted build
# never looks like a finished one.
cached_build() {
	name=$1 cached=$UKL_CACHE/$1/$2 done_file=$3 build_sh=$4 tarball=$5
	if [ ! -f "$cached/$done_file" ]; then
		start=$(date +%s)
		mkdir -p "$UKL_CACHE/$name"
		sh "$build_sh" "$tarball" "$cached.new" "${JOBS:-$(nproc)}"
		rm -rf "$cached"
		mv "$cached.new" "$cached"
		step DONE "$name in $(($(date +%s) - start)) s"
	fi
	ln -sfn "$cached" "$UKL_TOP/build/$name"
	step LINK "build/$name -> $cached"
}
