#!/bin/sh
# objdump with the image moved to 0x40000000, for tools/check-no-fp.sh: SPs
# are linked at VA 0, where branch targets such as "b24" or "d000" would
# read as FP/SIMD register names.  The real objdump comes from $OBJDUMP_REAL.
exec "${OBJDUMP_REAL:-aarch64-linux-gnu-objdump}" --adjust-vma=0x40000000 "$@"
