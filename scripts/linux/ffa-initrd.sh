#!/usr/bin/env bash
# Builds the FF-A module check initramfs from the output of scripts/build-ffa-modules.sh:
#   ffa-initrd.sh OUT [BUSYBOX_DEB]  ->  OUT/ffa-check.gz (its path printed on stdout)
# busybox-static (BUSYBOX_DEB, default the .deb scripts/fetch-linux.sh keeps in
# $JAFFA_CACHE/linux/debs, else one apt-get downloads) as /bin/busybox, linux/ffa-init.sh as /init, Debian's tee.ko and the
# FF-A modules in dependency order (linux/modules.sh), and ../shared/ts-linux/kmod/arm-ffa-user.ko
# with its UUID list when that fixture is present.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"
cache="${JAFFA_CACHE:-$HOME/.cache/jaffa}"
bb="${2:-$(ls -t "$cache"/linux/debs/busybox-static_*_arm64.deb "$cache"/ffa/debs/busybox-static_*_arm64.deb 2>/dev/null | head -1 || true)}"
if [ ! -f "$bb" ]; then
  # Not kept by scripts/fetch-linux.sh: the machine's own Debian (arm64 is a foreign architecture
  # there once fetch-linux.sh has run).
  mkdir -p "$cache/ffa/debs"
  (cd "$cache/ffa/debs" && apt-get download busybox-static:arm64 >/dev/null) \
    || { echo "ffa-initrd: cannot get busybox-static for arm64 (run scripts/fetch-linux.sh first)" >&2; exit 1; }
  bb=$(ls -t "$cache"/ffa/debs/busybox-static_*_arm64.deb | head -1)
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$work/bb"
dpkg-deb -x "$bb" "$work/bb"
cp "$work/bb/bin/busybox" "$root/bin/busybox"
cp "$home/scripts/linux/ffa-init.sh" "$root/init"
chmod +x "$root/init"
"$home/scripts/linux/modules.sh" "$out" "$root" tee ffa-core ffa-module arm-tstee optee
fixture="$home/../shared/ts-linux/kmod"
if [ -f "$fixture/arm-ffa-user.ko" ]; then
  cp "$fixture/arm-ffa-user.ko" "$fixture/sp_uuid_list.txt" "$root/lib/modules/"
fi
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -6) > "$out/ffa-check.gz"
echo "$out/ffa-check.gz"
