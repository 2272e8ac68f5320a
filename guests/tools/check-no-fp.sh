#!/bin/sh
# Fails if the disassembly of an AArch64 ELF uses any FP/SIMD register
# (v/q/d/s/h/b followed by a number) as an instruction operand.
# Usage: check-no-fp.sh OBJDUMP FILE.elf
set -e
objdump=$1
elf=$2
out=$("$objdump" -d --no-show-raw-insn "$elf" | awk -F'\t' '
    # Instruction lines look like "  40100000:<TAB>mnemonic<TAB>operands".
    NF >= 2 && $1 ~ /^ *[0-9a-f]+:$/ {
        mnem = $2; ops = (NF >= 3) ? $3 : "";
        sub(/[ \t]*\/\/.*$/, "", ops);        # comments
        gsub(/<[^>]*>/, "", ops);              # symbol references
        if (mnem ~ /^\.(word|inst|short|byte)/) next;
        if (ops ~ /(^|[^A-Za-z0-9_.])[qvdsbhQVDSBH][0-9]+([^A-Za-z0-9_]|$)/) print;
    }')
if [ -n "$out" ]; then
    echo "error: $elf uses FP/SIMD registers:" >&2
    echo "$out" | head -20 >&2
    exit 1
fi
