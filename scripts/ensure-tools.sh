#!/usr/bin/env bash
# Installs the tools Jaffa's build and tests need when they are missing: the GNU AArch64 cross
# toolchain and glibc (guests), QEMU (the semantic oracle), dtc (device tree checks), Debian's U-Boot for
# QEMU virt (a firmware boot test), gdb-multiarch (the gdb stub's tests), script (a pty for the
# terminal test) and make. Uses apt, with sudo when not root.
set -euo pipefail

missing=()
command -v make >/dev/null 2>&1 || missing+=(make)
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || missing+=(gcc-aarch64-linux-gnu)
command -v aarch64-linux-gnu-objdump >/dev/null 2>&1 || missing+=(binutils-aarch64-linux-gnu)
# glibc's headers and static libraries for the Linux test programs: only Recommended by the
# compiler's package, so --no-install-recommends leaves them out.
[ -f /usr/aarch64-linux-gnu/lib/libc.a ] || missing+=(libc6-dev-arm64-cross)
command -v dtc >/dev/null 2>&1 || missing+=(device-tree-compiler)   # partition manifests
command -v gdb-multiarch >/dev/null 2>&1 || missing+=(gdb-multiarch)   # GdbTest drives it
# util-linux's script(1) gives JaffaLinuxTest's interactive session a pty (essential on Debian).
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
if [ "${JAFFA_NEED_QEMU:-1}" = 1 ]; then
  command -v qemu-system-aarch64 >/dev/null 2>&1 || missing+=(qemu-system-arm)
  [ -f /usr/lib/u-boot/qemu_arm64/u-boot.bin ] || missing+=(u-boot-qemu)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "jaffa: missing ${missing[*]}; install them with your package manager" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "jaffa: missing ${missing[*]} and not root (no sudo to install them)" >&2; exit 1
  fi
fi
echo "jaffa: installing ${missing[*]} with apt-get" >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
