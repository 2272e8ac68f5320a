#!/usr/bin/env bash
# Fetches Debian 12's arm64 Linux kernel and busybox-static (apt-get download, never committed)
# into a cache outside the clone and builds the test initramfs from them:
#   $JAFFA_CACHE/linux/Image         the kernel (linux-image-arm64's current version)
#   $JAFFA_CACHE/linux/initrd.gz     busybox as /init's shell, running linux/init.sh
# JAFFA_CACHE defaults to ~/.cache/jaffa. Prints the directory. Needs apt (arm64 added as a
# foreign architecture for the download only), dpkg-deb and cpio; uses sudo when not root.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${JAFFA_CACHE:-$HOME/.cache/jaffa}/linux"
mkdir -p "$cache"
stamp="$cache/.stamp-$(sha256sum "$home/scripts/linux/init.sh" | cut -c1-16)"
if [ -f "$stamp" ] && [ -f "$cache/Image" ] && [ -f "$cache/initrd.gz" ]; then echo "$cache"; exit 0; fi

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
need=()
command -v cpio >/dev/null 2>&1 || need+=(cpio)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
if [ ${#need[@]} -gt 0 ]; then
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $sudo dpkg --add-architecture arm64
  $sudo apt-get update -qq >&2
fi
work="$cache/work"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
# The kernel package the linux-image-arm64 metapackage currently depends on.
kpkg=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
if [ -z "$kpkg" ]; then
  $sudo apt-get update -qq >&2
  kpkg=$(apt-cache depends linux-image-arm64:arm64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
fi
kpkg="${kpkg%:arm64}"
apt-get download "$kpkg:arm64" busybox-static:arm64 >&2 2>/dev/null || apt-get download "$kpkg:arm64" busybox-static:arm64 >&2
mkdir k bb
dpkg-deb -x linux-image-*.deb k
dpkg-deb -x busybox-static_*.deb bb
cp k/boot/vmlinuz-* "$cache/Image"
root="$work/initrd"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp"
cp bb/bin/busybox "$root/bin/busybox"
cp "$home/scripts/linux/init.sh" "$root/init"
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$cache/initrd.gz"
echo "$kpkg" > "$cache/kernel-version"
cd "$cache" && rm -rf "$work" && rm -f .stamp-* && touch "$stamp"
echo "$cache"
