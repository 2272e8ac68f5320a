#!/bin/sh
# Fails if the disassembly of an AArch64 ELF uses any FP/SIMD register
# (v/q/d/s/h/b followed by a number) as an instruction operand, outside the
# functions (symbols) named after the file.
# Usage: check-no-fp.sh OBJDUMP FILE.elf [ALLOWED_SYMBOL...]
#   e.g. the difftest harness: its _start loads V0-V31 and FPCR, dt_code_end
#   saves them before the (general-registers-only) report code runs.
set -e
objdump=$1
elf=$2
shift 2
allowed=" $* "
out=$("$objdump" -d --no-show-raw-insn "$elf" | awk -F'\t' -v allowed="$allowed" '
    # Symbol headers look like "0000000040100000 <name>:".
    /^[0-9a-f]+ <[^>]*>:$/ {
        name = $0; sub(/^[0-9a-f]+ </, "", name); sub(/>:$/, "", name);
        skip = index(allowed, " " name " ") > 0;
        next;
    }
    # Instruction lines look like "  40100000:<TAB>mnemonic<TAB>operands".
    !skip && NF >= 2 && $1 ~ /^ *[0-9a-f]+:$/ {
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
