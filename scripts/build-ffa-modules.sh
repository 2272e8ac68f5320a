#!/usr/bin/env bash
# Builds Linux's FF-A drivers as loadable modules for Debian 13's arm64 kernel
# linux-image-6.12.117+deb13-arm64 (package version 6.12.117-1, pinned: the kernel the
# ../shared/ts-linux/kmod/arm-ffa-user.ko fixture is built for), from Debian's own
# linux-source-6.12, configured as Debian configured that kernel plus the FF-A drivers:
#   OUT/Image                             the kernel (from the linux-image .deb)
#   OUT/lib/modules/6.12.117+deb13-arm64  its modules, uncompressed (tee, virtio, 9p, ext4, ...),
#                                         plus the FF-A modules below; optee.ko is the FF-A build
#   OUT/ffa/ffa-core.ko ffa-module.ko     drivers/firmware/arm_ffa (CONFIG_ARM_FFA_TRANSPORT)
#   OUT/ffa/arm-tstee.ko                  drivers/tee/tstee (CONFIG_ARM_TSTEE)
#   OUT/ffa/optee.ko                      drivers/tee/optee with the FF-A ABI
#   OUT/ffa/jaffa-ffa-user.ko             guests/linux/kmod, this project's /dev/jaffa-ffa (built
#                                         out of tree from a copy in $JAFFA_CACHE/ffa/kmod)
# OUT is $JAFFA_CACHE/ffa/6.12.117+deb13-arm64 (JAFFA_CACHE defaults to ~/.cache/jaffa), printed
# on stdout; progress goes to stderr. The .debs and the prepared source tree stay in
# $JAFFA_CACHE/ffa, so a second run works offline. Nothing here touches the machine's apt
# configuration: Debian 13's packages come through a private apt configuration under
# $JAFFA_CACHE/ffa/apt or, when the pinned version has left the archive's indexes, straight from
# the pool or snapshot.debian.org; each .deb is checked against its pinned SHA-256.
#
# The modules are compiled with this host's aarch64-linux-gnu-gcc (Debian 12: GCC 12) while
# Debian built the kernel with GCC 14. Two consequences, both handled here:
#  - Kconfig re-derives the compiler-dependent symbols; the build checks that the configuration
#    the modules see differs from Debian's only in those and the FF-A symbols, and that the module
#    ABI matches (vermagic, struct module size, the CRCs of every imported symbol).
#  - The modules carry no ftrace patch sites (CC_FLAGS_FTRACE is emptied): Debian's kernel uses
#    DYNAMIC_FTRACE_WITH_CALL_OPS, which expects each traced function 8-byte aligned with two NOPs
#    before it (-fpatchable-function-entry=4,2 with -fmin-function-alignment=8, a GCC 14 option);
#    GCC 12 has only -falign-functions, which the kernel does not trust for this
#    (CC_HAS_SANE_FUNCTION_ALIGNMENT), and the kernel rewrites the sites at insmod. The drivers
#    are then simply not traceable with ftrace.
# Needs: dpkg-deb, xz, make, gcc, flex, bison, bc, libssl-dev, libelf-dev, pahole (dwarves), curl
# and the aarch64-linux-gnu cross gcc (installed with apt from the machine's own sources when
# missing, as scripts/ensure-tools.sh does).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kver=6.12.117+deb13-arm64
pkgver=6.12.117-1
base="${JAFFA_CACHE:-$HOME/.cache/jaffa}/ffa"
out="$base/$kver"
tree="$base/linux-source-$pkgver"
say() { echo "build-ffa-modules: $*" >&2; }
die() { say "$*"; exit 1; }

# The pinned packages: name, architecture, source package (its pool directory), SHA-256.
debs=(
  "linux-image-$kver arm64 linux-signed-arm64 73805585385c78e048e63fdfba66da36bab724c2cdebd96a3055a8a4f1ae287a"
  "linux-headers-$kver arm64 linux 6e6637e1a67f50ff832900053ab25111bc971e18d630c9f60924d9dcbd59153f"
  "linux-headers-${kver%-arm64}-common all linux ac1203a8778a01e09c0ef94d87a3607672c0fc3d5369540c3f1580269b277611"
  "linux-source-6.12 all linux 9141325315c7f1eca682113d185a8c77c82814aa6e32f7e127e61d6106403835"
)
deb_file() { echo "$base/debs/${1}_${pkgver}_$2.deb"; }

# The stamp covers this script and our own module's sources.
kmod_src="$home/guests/linux/kmod"
inputs=$( (cd "$home" && sha256sum scripts/build-ffa-modules.sh guests/linux/kmod/Kbuild guests/linux/kmod/*.[ch]) \
  | sha256sum | cut -c1-16)
stamp="$out/.stamp-$inputs"
if [ -f "$stamp" ]; then echo "$out"; exit 0; fi
t0=$SECONDS

# --- host tools ---------------------------------------------------------------------------------
need=()
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
command -v xz >/dev/null 2>&1 || need+=(xz-utils)
command -v make >/dev/null 2>&1 || need+=(make)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
command -v flex >/dev/null 2>&1 || need+=(flex)
command -v bison >/dev/null 2>&1 || need+=(bison)
command -v bc >/dev/null 2>&1 || need+=(bc)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || need+=(gcc-aarch64-linux-gnu)
[ -f /usr/include/openssl/ssl.h ] || need+=(libssl-dev)   # scripts/sign-file (CONFIG_MODULE_SIG)
[ -f /usr/include/libelf.h ] || need+=(libelf-dev)        # tools/bpf/resolve_btfids (DEBUG_INFO_BTF)
command -v pahole >/dev/null 2>&1 || need+=(dwarves)      # Kconfig keeps DEBUG_INFO_BTF only with pahole
command -v curl >/dev/null 2>&1 || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  say "installing ${need[*]} with apt-get"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

# --- the pinned Debian 13 packages --------------------------------------------------------------
mkdir -p "$base/debs"
verify() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }
missing=()
for d in "${debs[@]}"; do
  read -r name arch src sum <<<"$d"
  f=$(deb_file "$name" "$arch")
  verify "$f" "$sum" || missing+=("$d")
done
if [ ${#missing[@]} -gt 0 ]; then
  # A private apt configuration for trixie: its own sources, state and cache, Debian's keyring.
  apt="$base/apt"
  mkdir -p "$apt/sources.list.d" "$apt/state/lists/partial" "$apt/cache/archives/partial"
  : > "$apt/state/status"
  key=/usr/share/keyrings/debian-archive-keyring.gpg
  cat > "$apt/sources.list" <<EOF
deb [signed-by=$key] http://deb.debian.org/debian trixie main
deb [signed-by=$key] http://deb.debian.org/debian trixie-updates main
deb [signed-by=$key] http://deb.debian.org/debian-security trixie-security main
EOF
  aptopts=(-o "Dir::Etc::sourcelist=$apt/sources.list" -o "Dir::Etc::sourceparts=$apt/sources.list.d"
           -o "Dir::Etc::preferences=$apt/preferences" -o "Dir::Etc::preferencesparts=$apt/sources.list.d"
           -o "Dir::State=$apt/state" -o "Dir::State::status=$apt/state/status" -o "Dir::Cache=$apt/cache"
           -o APT::Architecture=arm64 -o APT::Architectures::=arm64 -o Acquire::Languages=none
           -o Debug::NoLocking=1 -o APT::Sandbox::User=root)
  say "fetching Debian 13 package indexes (private apt configuration in $apt)"
  apt-get -qq "${aptopts[@]}" update >&2 2>"$apt/update.log" || say "apt-get update failed (see $apt/update.log); trying the pool directly"
  for d in "${missing[@]}"; do
    read -r name arch src sum <<<"$d"
    f=$(deb_file "$name" "$arch")
    say "downloading $name $pkgver"
    rm -f "$f"
    (cd "$base/debs" && apt-get -qq "${aptopts[@]}" download "$name=$pkgver" >/dev/null 2>>"$apt/download.log") || true
    # Not in the indexes any more: the pool (main, then security), then snapshot.debian.org.
    file="$(basename "$f")"
    file="${file//+/%2B}"
    for url in "http://deb.debian.org/debian/pool/main/l/$src/$file" \
               "http://deb.debian.org/debian-security/pool/updates/main/l/$src/$file" \
               "https://snapshot.debian.org/mr/binary/$name/$pkgver/binfiles"; do
      verify "$f" "$sum" && break
      if [[ "$url" == *snapshot* ]]; then
        # snapshot serves files by their SHA-1; its machine-readable API names it.
        sha1=$(curl -fsS -m 60 "$url" 2>/dev/null | grep -o '"hash": *"[0-9a-f]*"' | head -1 | grep -o '[0-9a-f]\{40\}') || continue
        url="https://snapshot.debian.org/file/$sha1"
      fi
      say "  trying $url"
      curl -fsS -m 1800 -o "$f.part" "$url" 2>/dev/null && mv "$f.part" "$f" || rm -f "$f.part"
    done
    verify "$f" "$sum" || die "cannot get $name $pkgver with SHA-256 $sum (is deb.debian.org reachable?)"
  done
fi

# --- the kernel and its modules -----------------------------------------------------------------
if [ ! -f "$out/.unpacked" ]; then
  say "unpacking the kernel and its modules into $out"
  rm -rf "$out" && mkdir -p "$out/lib/modules"
  x="$base/image.tmp"
  rm -rf "$x" && mkdir -p "$x"
  dpkg-deb -x "$(deb_file "linux-image-$kver" arm64)" "$x"
  cp "$x/boot/vmlinuz-$kver" "$out/Image"
  cp "$x/boot/config-$kver" "$out/config"
  mv "$x/usr/lib/modules/$kver" "$out/lib/modules/$kver"
  rm -rf "$x"
  # Uncompressed, so busybox insmod and scripts/linux/modules.sh (which reads .modinfo) take them.
  find "$out/lib/modules/$kver" -name '*.ko.xz' -print0 | xargs -0 -r -n 64 xz -d
  touch "$out/.unpacked"
fi

# --- the source tree, configured as Debian's kernel plus the FF-A drivers, modules_prepare'd ----
mk=(make -s -C "$tree" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- "KERNELRELEASE=$kver" -j2)
hdr="$base/headers"
prepare_rev=2   # bump when the configuration or preparation below changes
if [ "$(cat "$tree/.prepared" 2>/dev/null)" != "$prepare_rev" ]; then
  rm -rf "$hdr" && mkdir -p "$hdr"
  dpkg-deb -x "$(deb_file "linux-headers-$kver" arm64)" "$hdr"
  debhdr="$hdr/usr/src/linux-headers-$kver"
  if [ ! -f "$tree/.extracted" ]; then
    say "extracting linux-source-6.12 $pkgver"
    rm -rf "$tree" && mkdir -p "$tree"
    dpkg-deb --fsys-tarfile "$(deb_file linux-source-6.12 all)" | tar -xO ./usr/src/linux-source-6.12.tar.xz \
      | xz -dc | tar -x -C "$tree" --strip-components=1
    touch "$tree/.extracted"
  fi
  # The source must be the one Debian's kernel was built from: its headers equal those of
  # linux-headers-…-common (same version, same Debian patches).
  dpkg-deb -x "$(deb_file "linux-headers-${kver%-arm64}-common" all)" "$hdr"
  for d in include arch/arm64/include; do
    diff -rq -x generated -x config "$hdr/usr/src/linux-headers-${kver%-arm64}-common/$d" "$tree/$d" >&2 \
      || die "linux-source-6.12's $d differs from linux-headers-${kver%-arm64}-common's"
  done
  say "configuring (Debian's config + ARM_FFA_TRANSPORT=m, ARM_TSTEE=m)"
  cp "$debhdr/.config" "$tree/.config"
  "$tree/scripts/config" --file "$tree/.config" -m ARM_FFA_TRANSPORT -m ARM_TSTEE -m OPTEE -m TEE
  "${mk[@]}" olddefconfig >&2
  say "make modules_prepare (host tools with the host gcc)"
  "${mk[@]}" modules_prepare >&2
  # The CRCs of everything the modules import: Debian's, not a rebuilt kernel's.
  cp "$debhdr/Module.symvers" "$tree/Module.symvers"
  echo "$prepare_rev" > "$tree/.prepared"
fi
debhdr="$hdr/usr/src/linux-headers-$kver"

# The configuration must be Debian's apart from the FF-A drivers and what Kconfig derives from
# the host's tools: the compiler/assembler/linker/pahole/rustc probes and versions, and three
# things only the kernel image uses (the 32-bit compat vDSO, which needs Debian's arm-linux-gnueabihf
# compiler; RELR relocations of vmlinux; the inline-memset option of GCC 14). Anything else could
# change a structure's layout under the modules, so it stops the build.
allowed='^CONFIG_(ARM_FFA_TRANSPORT|ARM_FFA_SMCCC|ARM_TSTEE|CC_VERSION_TEXT|GCC_VERSION|AS_VERSION|LD_VERSION'
allowed+='|CC_HAS_[A-Z0-9_]+|GCC_ASM_[A-Z0-9_]+|CC_OPT_INLINE_MEMSET|PAHOLE_VERSION|PAHOLE_HAS_[A-Z0-9_]+'
allowed+='|RUSTC_[A-Z0-9_]+|COMPAT_VDSO|GENERIC_COMPAT_VDSO|THUMB2_COMPAT_VDSO|RELR|TOOLS_SUPPORT_RELR)='
norm() { grep '^CONFIG_' "$1" | sort; }
diff <(norm "$debhdr/include/config/auto.conf") <(norm "$tree/include/config/auto.conf") \
  | sed -n 's/^\([<>]\) /\1 /p' > "$base/config.diff" || true
if sed 's/^[<>] //' "$base/config.diff" | grep -Ev "$allowed" > "$base/config.unexpected"; then
  say "the configuration differs from Debian's beyond the FF-A drivers and the host tools' probes:"
  sed 's/^/  /' "$base/config.unexpected" >&2
  die "(fix the configuration step; $base/config.diff has the whole difference, < Debian's, > ours)"
fi

# --- the modules --------------------------------------------------------------------------------
build() {  # build DIR [EXTRA_SYMBOLS]  (DIR relative to the tree, or absolute)
  say "building $1"
  local d="$1"
  [[ "$d" == /* ]] || d="$tree/$d"
  "${mk[@]}" "M=$d" CC_FLAGS_FTRACE= ${2:+"KBUILD_EXTRA_SYMBOLS=$2"} modules >&2
}
t1=$SECONDS
build drivers/firmware/arm_ffa
build drivers/tee/tstee "$tree/drivers/firmware/arm_ffa/Module.symvers"
build drivers/tee/optee "$tree/drivers/firmware/arm_ffa/Module.symvers"
# Our own module, from a fresh copy: kbuild writes its objects next to the sources.
kmod="$base/kmod"
rm -rf "$kmod" && mkdir -p "$kmod"
cp "$kmod_src/Kbuild" "$kmod_src"/*.[ch] "$kmod/"
build "$kmod" "$tree/drivers/firmware/arm_ffa/Module.symvers"
say "modules built in $((SECONDS - t1)) s"

# --- the ABI checks -----------------------------------------------------------------------------
readelf=aarch64-linux-gnu-readelf
modinfo_of() { tr '\0' '\n' < "$1" | sed -n "s/^$2=//p"; }
mdir="$out/lib/modules/$kver"
ref="$mdir/kernel/drivers/tee/tee.ko"
this_module_size() { $readelf -SW "$1" | awk '$2 == ".gnu.linkonce.this_module" {print $6}'; }
mods=(drivers/firmware/arm_ffa/ffa-core.ko drivers/firmware/arm_ffa/ffa-module.ko
      drivers/tee/tstee/arm-tstee.ko drivers/tee/optee/optee.ko "$kmod/jaffa-ffa-user.ko")
path_of() { [[ "$1" == /* ]] && echo "$1" || echo "$tree/$1"; }
for m in "${mods[@]}"; do
  k=$(path_of "$m")
  [ "$(modinfo_of "$k" vermagic)" = "$(modinfo_of "$ref" vermagic)" ] \
    || die "$m: vermagic '$(modinfo_of "$k" vermagic)' is not Debian's '$(modinfo_of "$ref" vermagic)'"
  [ "$(this_module_size "$k")" = "$(this_module_size "$ref")" ] \
    || die "$m: struct module is $(this_module_size "$k") bytes, Debian's $(this_module_size "$ref")"
  ! $readelf -SW "$k" | grep -q __patchable_function_entries || die "$m: has ftrace patch sites"
done
# Every symbol version a module records (its __versions section: struct modversion_info, a
# 64-bit CRC and a 56-byte name) must be the one Debian's kernel or our ffa-core exports.
cat "$tree/Module.symvers" "$tree/drivers/firmware/arm_ffa/Module.symvers" > "$base/symvers.all"
versions() {  # prints "name crc" per entry
  aarch64-linux-gnu-objcopy -O binary --only-section=__versions "$1" "$base/versions.bin"
  od -An -v -tx1 -w64 "$base/versions.bin" | awk '
    BEGIN { for (i = 1; i < 256; i++) chr[sprintf("%02x", i)] = sprintf("%c", i) }
    { name = ""; for (i = 9; i <= 64 && $i != "00"; i++) name = name chr[$i]
      print name, "0x" $4 $3 $2 $1 }'
}
for m in "${mods[@]}"; do
  bad=$(versions "$(path_of "$m")" | awk 'NR == FNR { crc[$2] = $1; next }
                                     !($1 in crc) || crc[$1] != $2 { print $1 }' "$base/symvers.all" -)
  [ -z "$bad" ] || die "$m: symbol versions not Debian's: $bad"
done
modinfo_of "$tree/drivers/tee/optee/optee.ko" depends | grep -q ffa-core || die "optee.ko was built without the FF-A ABI"
# The out-of-tree arm-ffa-user fixture, when present, must accept our ffa-core's symbol versions.
fixture="$home/../shared/ts-linux/kmod/arm-ffa-user.ko"
if [ -f "$fixture" ]; then
  bad=$(versions "$fixture" | awk 'NR == FNR { crc[$2] = $1; next }
                                   !($1 in crc) || crc[$1] != $2 { print $1 }' "$base/symvers.all" -)
  [ -z "$bad" ] && say "arm-ffa-user.ko's symbol versions match" || say "warning: arm-ffa-user.ko expects other versions of: $bad"
fi

modinfo_of "$kmod/jaffa-ffa-user.ko" depends | grep -q ffa-core || die "jaffa-ffa-user.ko does not import ffa-core"
# Without debug information, as Debian installs its own (INSTALL_MOD_STRIP); Debian's optee.ko
# (no FF-A ABI) is replaced in the modules tree, ours goes to kernel/extra.
mkdir -p "$out/ffa"
for m in "${mods[@]}"; do
  aarch64-linux-gnu-strip --strip-debug -o "$out/ffa/$(basename "$m")" "$(path_of "$m")"
  if [[ "$m" == /* ]]; then d="$mdir/kernel/extra"; else d="$mdir/kernel/$(dirname "$m")"; fi
  mkdir -p "$d" && cp "$out/ffa/$(basename "$m")" "$d/"
done
cp "$base/config.diff" "$out/ffa/config.diff"
rm -f "$out"/.stamp-* && touch "$stamp"
say "done in $((SECONDS - t0)) s"
echo "$out"
