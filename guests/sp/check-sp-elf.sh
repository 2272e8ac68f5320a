#!/bin/sh
# Checks an S-EL0 SP image against the opteesp contract the SPMC relies on:
# PIE (ET_DYN), .sp_head is the first allocated section, at VA 0, 32 bytes,
# and every dynamic relocation is R_AARCH64_RELATIVE.
# Usage: check-sp-elf.sh READELF FILE.elf
set -e
readelf=$1
elf=$2
fail() { echo "error: $elf: $*" >&2; exit 1; }

"$readelf" -h "$elf" | grep -q 'Type:[[:space:]]*DYN' || fail "not a PIE (ET_DYN) image"
# First section with the A (alloc) flag; readelf -S -W prints one line per section.
first=$("$readelf" -S -W "$elf" | awk '
    /^ *\[ *[0-9]+\]/ {
        sub(/^ *\[ *[0-9]+\] */, "");
        name = $1; addr = $3; size = $5; flags = $7;
        if (flags ~ /A/) { print name, addr, size; exit }
    }')
set -- $first
[ "$1" = ".sp_head" ] || fail "first allocated section is '$1', not .sp_head"
[ "$((0x$2))" -eq 0 ] || fail ".sp_head is at $2, not VA 0"
[ "$((0x$3))" -eq 32 ] || fail ".sp_head is $3 bytes, not 32"
bad=$("$readelf" -r -W "$elf" | awk '$1 ~ /^[0-9a-f]+$/ && $3 != "R_AARCH64_RELATIVE"')
[ -z "$bad" ] || fail "relocations other than R_AARCH64_RELATIVE:
$bad"
if "$readelf" -d "$elf" | grep -q TEXTREL; then fail "text relocations"; fi
exit 0
