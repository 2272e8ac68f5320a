#!/usr/bin/env bash
# Copies kernel modules and everything they depend on from an unpacked Debian kernel package into
# an initramfs tree, so the guest can load them without depmod:
#   modules.sh KERNEL_ROOT INITRD_ROOT MODULE... [@block MODULE...]
# KERNEL_ROOT is where the linux-image .deb was unpacked (dpkg-deb -x); MODULE is a module name
# (virtio_blk, 9p, ...). Writes INITRD_ROOT/lib/modules/VERSION/{kernel/...,modules.dep} and
# INITRD_ROOT/lib/modules/load-order (the modules in dependency order, one path per line), which
# the initramfs's /init insmods one by one (busybox modprobe also works from modules.dep). The
# modules after @block that the others do not need go to lib/modules/load-order.block instead:
# those a /init loads only when the board has a virtio block device.
# Dependencies come from each module's .modinfo ("depends=" and the "softdep=pre:" ext4 uses for
# crc32c), read without kmod so any build host can do it.
set -euo pipefail
kroot="$1"; iroot="$2"; shift 2
mdir=$(echo "$kroot"/lib/modules/*)
ver=$(basename "$mdir")
declare -A path_of
while IFS= read -r f; do
  n=$(basename "$f"); n="${n%%.ko*}"; path_of["${n//-/_}"]="${f#"$mdir"/}"
done < <(find "$mdir/kernel" -name '*.ko*')
# Modules built into the kernel need nothing.
declare -A builtin
if [ -f "$mdir/modules.builtin" ]; then
  while IFS= read -r b; do n=$(basename "$b"); builtin["${n%%.ko*}"]=1; done < "$mdir/modules.builtin"
fi

modinfo_field() { tr '\0' '\n' < "$mdir/$1" | sed -n "s/^$2=//p"; }

declare -A seen
order=()
group=main
declare -A group_of
visit() {
  local name="${1//-/_}"
  name="${name#crypto_}"
  [ -n "${seen[$name]:-}" ] && return 0
  seen[$name]=1
  [ -n "${builtin[$name]:-}" ] && return 0
  local p="${path_of[$name]:-}"
  if [ -z "$p" ]; then
    # softdeps name crypto algorithms ("crypto-crc32c"): the generic implementation provides them.
    p="${path_of[${name}_generic]:-}"
    [ -n "$p" ] || { echo "modules.sh: no module $1 in $ver" >&2; return 1; }
  fi
  local d
  for d in $(modinfo_field "$p" depends | tr ',' ' ') \
           $(modinfo_field "$p" softdep | sed -n 's/^pre: *//p' | sed 's/ post:.*//'); do
    visit "$d"
  done
  order+=("$p")
  group_of["$p"]=$group
}
for m in "$@"; do
  if [ "$m" = @block ]; then group=block; else visit "$m"; fi
done

dest="$iroot/lib/modules/$ver"
mkdir -p "$dest"
: > "$dest/modules.dep"
: > "$iroot/lib/modules/load-order"
: > "$iroot/lib/modules/load-order.block"
for p in "${order[@]}"; do
  mkdir -p "$dest/$(dirname "$p")"
  cp "$mdir/$p" "$dest/$p"
  if [ "${group_of[$p]}" = block ]; then list=load-order.block; else list=load-order; fi
  echo "/lib/modules/$ver/$p" >> "$iroot/lib/modules/$list"
done
# modules.dep: each module followed by its dependencies, nearest last loaded first (as depmod
# writes it); the closure is recomputed per module from the order above.
for p in "${order[@]}"; do
  deps=()
  declare -A need=()
  stack=($(modinfo_field "$p" depends | tr ',' ' '))
  while [ ${#stack[@]} -gt 0 ]; do
    d="${stack[-1]//-/_}"; unset 'stack[-1]'
    [ -n "${need[$d]:-}" ] && continue
    need[$d]=1
    dp="${path_of[$d]:-}"
    [ -n "$dp" ] || continue
    stack+=($(modinfo_field "$dp" depends | tr ',' ' '))
  done
  for q in "${order[@]}"; do
    n=$(basename "$q"); n="${n%%.ko*}"
    [ -n "${need[${n//-/_}]:-}" ] && deps=("$q" "${deps[@]}")
  done
  echo "$p: ${deps[*]}" >> "$dest/modules.dep"
  unset need
done
cp "$mdir/modules.builtin" "$dest/" 2>/dev/null || true
cp "$mdir/modules.order" "$dest/" 2>/dev/null || true
