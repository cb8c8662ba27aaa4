#!/usr/bin/env bash
# Runs a command as on a machine with a different BLAS installation, without touching this machine's:
# a private mount namespace (unshare -m, needs root) in which Debian's OpenBLAS folder is hidden under an
# empty tmpfs and, for "reference", the libblas.so.3 / liblapack.so.3 alternatives point at Debian's
# reference BLAS/LAPACK (libblas3, liblapack3) unpacked from their .deb files (not installed).
#
#   bench/blas/scenario.sh openblas|none|reference COMMAND...
#
#   openblas   the machine as it is (libopenblas0-pthread installed)
#   none       no BLAS package installed: libblas.so.3 and liblapack.so.3 do not resolve
#   reference  only Debian's reference libblas3 + liblapack3 (what coinor-csdp pulls in on a bare image)
#
# Every scenario gets a fresh IMPLREG_CACHE_DIR, so the bundled OpenBLAS is extracted as on a first run.
set -euo pipefail
scenario="$1"; shift
triplet=x86_64-linux-gnu
work="$(mktemp -d /tmp/implreg-blas-scenario.XXXXXX)"
trap 'rm -rf "$work"' EXIT
export IMPLREG_CACHE_DIR="$work/cache"
case "$scenario" in
  openblas) "$@"; exit $? ;;
  none|reference) ;;
  *) echo "scenario.sh: unknown scenario '$scenario' (openblas, none, reference)" >&2; exit 2 ;;
esac
if [ "$scenario" = reference ]; then
  ( cd "$work" && apt-get download libblas3 liblapack3 >/dev/null 2>&1 ) \
    || { echo "scenario.sh: apt-get download libblas3 liblapack3 failed" >&2; exit 1; }
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
  cp -a /etc/alternatives "$work/alternatives"
  ln -sfn "$work/root/usr/lib/$triplet/blas/libblas.so.3" "$work/alternatives/libblas.so.3-$triplet"
  ln -sfn "$work/root/usr/lib/$triplet/lapack/liblapack.so.3" "$work/alternatives/liblapack.so.3-$triplet"
fi
# shellcheck disable=SC2016
unshare -m --propagation private bash -c '
  set -e
  mount -t tmpfs none /usr/lib/'"$triplet"'/openblas-pthread
  if [ -d "'"$work"'/alternatives" ]; then mount --bind "'"$work"'/alternatives" /etc/alternatives; fi
  exec "$@"' scenario "$@"
