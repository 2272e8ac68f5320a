#!/usr/bin/env bash
# The kernel modules `jaffa linux` needs with Debian 13's FF-A kernel (scripts/build-ffa-modules.sh),
# as an initramfs archive that goes after the Debian root file system (scripts/fetch-linux.sh) and
# replaces its modules: virtio, ext4 and 9p as there (virtio_blk and ext4 loaded only with a disk),
# plus tee and Linux's FF-A drivers (ffa-core, ffa-module, arm-tstee, optee with FF-A). Linux
# unpacks it over the root file system, so its /lib/modules/load-order (and load-order.block) are
# the ones /init follows.
#   ffa-rootfs-modules.sh OUT   ->  OUT/rootfs-modules.gz (its path printed on stdout)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"
target="$out/rootfs-modules.gz"
if [ -f "$target" ] && [ "$target" -nt "$home/scripts/linux/ffa-rootfs-modules.sh" ] \
   && [ "$target" -nt "$home/scripts/linux/modules.sh" ] && [ -z "$(find "$out/ffa" -newer "$target" 2>/dev/null)" ]; then
  echo "$target"; exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Under usr/: the root file system's /lib is a symbolic link to usr/lib, and a directory entry
# "lib" in a later archive would replace that link.
"$home/scripts/linux/modules.sh" "$out" "$work/usr" virtio_mmio virtio-rng virtio_console 9pnet_virtio 9p \
  tee ffa-core ffa-module arm-tstee optee @block virtio_blk ext4
(cd "$work" && find . | cpio -o -H newc --quiet | gzip -6) > "$target.new"
mv "$target.new" "$target"
echo "$target"
