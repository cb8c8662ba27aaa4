#!/usr/bin/env bash
# Clean containers for issue 19's timings, without a container engine: a root file system made by
# debootstrap (Debian bookworm, minbase) plus a JRE and nothing else, entered with unshare (new mount, PID,
# UTS, IPC and network namespaces) and chroot. Needs root, debootstrap and access to deb.debian.org.
#
#   bench/blas/container.sh build DIR
#       DIR/none      bookworm minbase + openjdk-17-jre-headless: no BLAS package at all
#       DIR/libblas3  the same + Debian's reference libblas3 and liblapack3 (what coinor-csdp pulls in)
#       DIR/openblas  the same + libopenblas0-pthread (the "OpenBLAS machine")
#   bench/blas/container.sh run DIR NAME COMMAND...
#       runs COMMAND in container NAME, working directory /implreg: this checkout bind-mounted read-only
#       (build the jars first), and ../shared (the data: MovieLens-100k) read-only at /shared, where
#       implreg looks for it. /out is DIR/out/NAME, writable; /tmp is a fresh tmpfs. The environment is
#       emptied (PATH, HOME=/root, LANG=C.UTF-8 and any OPENBLAS_NUM_THREADS/IMPLREG_* passed through);
#       the network namespace has only a down loopback, so nothing leaves the container.
#   bench/blas/container.sh list DIR
#       what each container has: its BLAS/LAPACK packages and java -version
set -euo pipefail
usage() { sed -n '2,18p' "$0" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd="$1"; dir="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
names=(none libblas3 openblas)

in_root() { # in_root ROOT COMMAND... : chroot with /proc, /dev and a fresh /tmp, host network (for apt)
  local root="$1"; shift
  unshare --mount --propagation private --pid --fork bash -c '
    set -e; r="$1"; shift
    mount -t proc proc "$r/proc"; mount --rbind /dev "$r/dev"; mount -t tmpfs tmpfs "$r/tmp"
    cp /etc/resolv.conf "$r/etc/resolv.conf"
    exec chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"' \
    in_root "$root" "$@"
}

case "$cmd" in
build)
  command -v debootstrap >/dev/null || { echo "container.sh: debootstrap is not installed (apt-get install debootstrap)" >&2; exit 2; }
  base="$dir/.base"
  if [ ! -x "$base/usr/bin/java" ]; then
    rm -rf "$base"
    debootstrap --variant=minbase bookworm "$base" "$mirror" >"$dir/debootstrap.log" 2>&1 \
      || { echo "container.sh: debootstrap failed; see $dir/debootstrap.log" >&2; exit 1; }
    in_root "$base" apt-get install -y -q --no-install-recommends openjdk-17-jre-headless >"$dir/jre.log" 2>&1 \
      || { echo "container.sh: installing the JRE failed; see $dir/jre.log" >&2; exit 1; }
    in_root "$base" apt-get clean
  fi
  for n in "${names[@]}"; do
    rm -rf "${dir:?}/$n"; cp -a "$base" "$dir/$n"; mkdir -p "$dir/$n/implreg" "$dir/$n/out"
  done
  in_root "$dir/libblas3" apt-get install -y -q --no-install-recommends libblas3 liblapack3 >"$dir/libblas3.log" 2>&1
  in_root "$dir/openblas" apt-get install -y -q --no-install-recommends libopenblas0-pthread >"$dir/openblas.log" 2>&1
  for n in "${names[@]}"; do in_root "$dir/$n" apt-get clean; done
  "$0" list "$dir"
  ;;
list)
  for n in "${names[@]}"; do
    echo "== $n"
    in_root "$dir/$n" sh -c 'dpkg-query -W -f "\${Package} \${Version}\n" | grep -Ei "blas|lapack" || echo "(no BLAS/LAPACK package)"; java -version 2>&1 | head -n 1'
  done
  ;;
run)
  [ $# -ge 2 ] || usage
  name="$1"; shift
  root="$dir/$name"
  [ -x "$root/usr/bin/java" ] || { echo "container.sh: no container '$name' in $dir (run: $0 build $dir)" >&2; exit 2; }
  mkdir -p "$dir/out/$name" "$root/shared"
  pass=()
  for v in $(env | grep -Eo '^(OPENBLAS_NUM_THREADS|IMPLREG_[A-Z_]+)=' | tr -d =); do pass+=("$v=${!v}"); done
  unshare --mount --propagation private --pid --fork --uts --ipc --net bash -c '
    set -e; r="$1"; repo="$2"; out="$3"; shift 3
    mount -t proc proc "$r/proc"; mount --rbind /dev "$r/dev"; mount -t tmpfs tmpfs "$r/tmp"
    mount --bind "$repo" "$r/implreg"; mount -o remount,bind,ro "$r/implreg"
    mount --bind "$out" "$r/out"
    if [ -d "$repo/../shared" ]; then mount --bind "$repo/../shared" "$r/shared"; mount -o remount,bind,ro "$r/shared"; fi
    hostname "implreg-$(basename "$r")"
    exec chroot "$r" /bin/sh -c "cd /implreg && exec \"\$@\"" sh "$@"' \
    run "$root" "$repo" "$dir/out/$name" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "${pass[@]}" "$@"
  ;;
*) usage ;;
esac
