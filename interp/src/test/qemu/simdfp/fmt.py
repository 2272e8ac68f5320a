#!/usr/bin/env python3
"""Turns harness output into the test resource: 'insn fpcr v0 v1 v2 = r0 fpsr', 128-bit values
as hex without leading zeros (hi:lo), 'M' for the marker 0xa5a5..5a5a."""
import sys
MARK = (0xA5A5A5A5A5A5A5A5 << 64) | 0x5A5A5A5A5A5A5A5A
for line in sys.stdin:
    f = [int(x, 16) for x in line.split()]
    insn, fpcr = f[0], f[1]
    v = [(f[3 + 2 * k] << 64) | f[2 + 2 * k] for k in range(4)]
    r = (f[11] << 64) | f[10]
    fmt = lambda x: 'M' if x == MARK else '%x' % x
    print('%08x %x %s %s %s = %s %x' % (insn, fpcr, fmt(v[0]), fmt(v[1]), fmt(v[2]), fmt(r), f[12]))
