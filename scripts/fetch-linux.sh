#!/usr/bin/env bash
# Fetches Debian 12's arm64 Linux kernel and userspace packages (apt-get download, never
# committed) into a cache outside the clone and builds the guest file systems from them:
#   $JAFFA_CACHE/linux/Image          the kernel (linux-image-arm64's current version)
#   $JAFFA_CACHE/linux/initrd.gz      the test initramfs: busybox-static running linux/init.sh
#   $JAFFA_CACHE/linux/rootfs.gz      the `jaffa linux` initramfs: busybox plus Debian's glibc,
#                                     coreutils, bash, gzip, xz and python3, /init = linux/rootfs-init.sh
# Both carry the kernel modules for the virtio devices, ext4 and 9p (linux/modules.sh).
# JAFFA_CACHE defaults to ~/.cache/jaffa; the .deb files stay in linux/debs, so later builds work
# offline. Prints the directory (progress goes to stderr). Needs apt (arm64 added as a foreign
# architecture for the download only), dpkg-deb and cpio; uses sudo when not root.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${JAFFA_CACHE:-$HOME/.cache/jaffa}/linux"
mkdir -p "$cache/debs"
inputs=$(cat "$home/scripts/fetch-linux.sh" "$home/scripts/linux/init.sh" "$home/scripts/linux/rootfs-init.sh" \
  "$home/scripts/linux/modules.sh" | sha256sum | cut -c1-16)
stamp="$cache/.stamp-$inputs"
if [ -f "$stamp" ] && [ -f "$cache/Image" ] && [ -f "$cache/initrd.gz" ] && [ -f "$cache/rootfs.gz" ]; then
  echo "$cache"; exit 0
fi
say() { echo "jaffa: $*" >&2; }

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
need=()
command -v cpio >/dev/null 2>&1 || need+=(cpio)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  $sudo dpkg --add-architecture arm64
  $sudo apt-get update -qq >&2
fi

# The kernel package the linux-image-arm64 metapackage currently depends on, and the python3
# the python3-minimal metapackage names (so the list follows Debian's point releases).
depends_of() { apt-cache depends "$1:arm64" 2>/dev/null | awk -v re="$2" '$0 ~ re {print $2; exit}' | sed 's/:arm64$//'; }
kpkg=$(depends_of linux-image-arm64 'Depends: linux-image-[0-9]')
if [ -z "$kpkg" ]; then
  $sudo apt-get update -qq >&2 || true
  kpkg=$(depends_of linux-image-arm64 'Depends: linux-image-[0-9]')
fi
py=$(depends_of python3-minimal 'Depends: python3\\.[0-9]+-minimal')
if [ -z "$kpkg" ] || [ -z "$py" ]; then
  say "cannot resolve Debian's arm64 packages (is the package registry reachable? try 'sudo apt-get update')"
  exit 1
fi
pkgs=("$kpkg" busybox-static libc6 libgcc-s1 libacl1 libattr1 libgmp10 libselinux1 libpcre2-8-0 coreutils
      libtinfo6 bash gzip xz-utils liblzma5 "$py" "lib$py" libexpat1 zlib1g)

cd "$cache/debs"
missing=()
for p in "${pkgs[@]}"; do compgen -G "${p}_*_arm64.deb" >/dev/null || missing+=("$p:arm64"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "downloading ${#missing[@]} Debian arm64 packages into $cache/debs"
  if ! apt-get download "${missing[@]}" >/dev/null 2>"$cache/apt.log"; then
    $sudo apt-get update -qq >&2 || true
    if ! apt-get download "${missing[@]}" >/dev/null 2>"$cache/apt.log"; then
      say "apt-get download failed (is the package registry reachable?):"
      tail -3 "$cache/apt.log" >&2
      exit 1
    fi
  fi
fi
deb() { ls -t "$cache/debs/${1}_"*_arm64.deb | head -1; }

say "building the kernel, the test initramfs and the root file system"
work="$cache/work"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
mkdir k bb
dpkg-deb -x "$(deb "$kpkg")" k
dpkg-deb -x "$(deb busybox-static)" bb
# Written beside and renamed at the end, as the images below: a test may be booting the old one.
cp k/boot/vmlinuz-* "$cache/Image.new"
modules=(virtio_mmio virtio_blk virtio-rng virtio_console ext4 9pnet_virtio 9p)
# The root file system's /init loads the disk's modules only when there is a disk (rootfs-init.sh).
rootfs_modules=(virtio_mmio virtio-rng virtio_console 9pnet_virtio 9p @block virtio_blk ext4)

# The test initramfs: busybox only.
root="$work/initrd"
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/mnt"
cp bb/bin/busybox "$root/bin/busybox"
cp "$home/scripts/linux/init.sh" "$root/init"
chmod +x "$root/init"
"$home/scripts/linux/modules.sh" k "$root" "${modules[@]}"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -6) > "$cache/initrd.gz.new"

# The root file system: Debian's packages unpacked as dpkg would, /usr merged as Debian 12 does.
root="$work/rootfs"
mkdir -p "$root/usr/bin" "$root/usr/sbin" "$root/usr/lib"
for d in bin sbin lib; do ln -s "usr/$d" "$root/$d"; done
# Without documentation and glibc's 20 MB of iconv charset modules (UTF-8 needs none), the image
# the kernel unpacks at every boot is a third smaller.
for p in "${pkgs[@]}"; do
  [ "$p" = "$kpkg" ] && continue
  dpkg-deb --fsys-tarfile "$(deb "$p")" | tar -x -C "$root" --keep-directory-symlink \
    --exclude='./usr/share/doc/*' --exclude='./usr/share/man/*' --exclude='./usr/share/locale/*' \
    --exclude='./usr/share/info/*' --exclude='./usr/share/lintian/*' \
    --exclude='./usr/lib/aarch64-linux-gnu/gconv/*'
done
ln -sf "${py%-minimal}" "$root/usr/bin/python3"
ln -sf bash "$root/usr/bin/sh"
mkdir -p "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/run" "$root/mnt/host" "$root/root" "$root/etc" "$root/var/tmp"
printf 'root:x:0:0:root:/root:/bin/bash\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"
echo jaffa > "$root/etc/hostname"
cp "$home/scripts/linux/rootfs-init.sh" "$root/init"
chmod +x "$root/init"
"$home/scripts/linux/modules.sh" k "$root" "${rootfs_modules[@]}"
# Every shared library a program needs must be in the image: a missing one is a build error here,
# not a confusing failure in the guest.
if command -v readelf >/dev/null 2>&1 || command -v aarch64-linux-gnu-readelf >/dev/null 2>&1; then
  re=$(command -v aarch64-linux-gnu-readelf || command -v readelf)
  for f in "$root"/usr/bin/* "$root"/usr/lib/aarch64-linux-gnu/*.so*; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    for lib in $("$re" -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
      [ -e "$root/usr/lib/aarch64-linux-gnu/$lib" ] || { say "rootfs: $(basename "$f") needs $lib, which no package provides"; exit 1; }
    done
  done
fi
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -6) > "$cache/rootfs.gz.new"

mv "$cache/Image.new" "$cache/Image"
mv "$cache/initrd.gz.new" "$cache/initrd.gz"
mv "$cache/rootfs.gz.new" "$cache/rootfs.gz"
echo "$kpkg" > "$cache/kernel-version"
cd "$cache" && rm -rf "$work" && rm -f .stamp-* && touch "$stamp"
echo "$cache"
