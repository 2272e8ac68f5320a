#!/usr/bin/env python3
"""Records expected results for SimdPermuteRowsTest from QEMU.

Builds a static AArch64 program (aarch64-linux-gnu-gcc) that, for every case, loads V0-V7, V31,
X0-X3 and FPCR, clears FPSR, executes the case's instruction word and stores the registers and
FPSR again; runs it under `qemu-aarch64 -cpu cortex-a57` and writes
interp/src/test/resources/simdperm-qemu.txt. Register inputs come from a splitmix64 stream
(seeded per case; SimdPermuteRowsTest regenerates them the same way) with explicit overrides.

Line format:  <word> <fpcr> <seed> [in:<reg>=<lo>:<hi> ...] => <reg>=<lo>:<hi> ... fpsr=<hex>
Registers: v0-v7, v31 (lo:hi), x0-x3 (one value). Output lists only registers that changed.
"""
import os, random, subprocess, sys, tempfile

M64 = (1 << 64) - 1
VREGS = [0, 1, 2, 3, 4, 5, 6, 7, 31]

def splitmix(seed):
    s = seed & M64
    while True:
        s = (s + 0x9E3779B97F4A7C15) & M64
        z = s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        yield z ^ (z >> 31)

def inputs(seed):
    g = splitmix(seed)
    st = {}
    for r in VREGS: st['v%d' % r] = (next(g), next(g))
    for r in range(4): st['x%d' % r] = next(g)
    return st

cases = []   # (word, fpcr, seed, overrides dict, comment)
_seed = [1000]
def case(word, over=None, fpcr=0, comment=''):
    _seed[0] += 1
    cases.append((word & 0xFFFFFFFF, fpcr, _seed[0], over or {}, comment))

def lanes(vals, sz):
    """128-bit (lo, hi) from a list of element values of size 8 << sz, repeated to fill."""
    bits = 8 << sz; n = 128 // bits
    v = 0
    for e in range(n): v |= (vals[e % len(vals)] & ((1 << bits) - 1)) << (e * bits)
    return (v & M64, v >> 64)

def edge(sz):
    bits = 8 << sz; mn = 1 << (bits - 1); mx = mn - 1; ones = (1 << bits) - 1
    return [mn, mx, ones, 0, 1, mn + 1, mx - 1, 1 << (bits - 2), (1 << (bits - 1)) | 1, 3 << (bits - 3), mn | (1 << (bits - 2)) - 1]

def small(sz):
    bits = 8 << sz
    return [(1 << (bits // 2)) - 5, 7, -(1 << (bits // 2 - 2)) + 3, 1 << (bits // 2 - 1), 0, -1, 1, -200 % (1 << bits)]

# ---------------------------------------------------------------- copy
def copy(q, op, imm5, imm4, rn, rd):
    return (q << 30) | (op << 29) | 0x0E000400 | (imm5 << 16) | (imm4 << 11) | (rn << 5) | rd

def scopy(imm5, rn, rd):
    return 0x5E000400 | (imm5 << 16) | (rn << 5) | rd

def imm5s(maxsz=3):
    out = []
    for sz in range(maxsz + 1):
        n = 16 >> sz
        for idx in sorted({0, 1, n - 1, n // 2}):
            out.append((sz, (idx << (sz + 1)) | (1 << sz)))
    return out

for sz, imm5 in imm5s():
    for q in (0, 1):
        if sz == 3 and q == 0: continue
        case(copy(q, 0, imm5, 0, 1, 0), comment='dup element')
        case(copy(q, 0, imm5, 1, 1, 0), comment='dup general')
        case(copy(q, 0, imm5, 1, 31, 0), comment='dup general xzr')
    case(scopy(imm5, 1, 0), comment='dup scalar')
    case(scopy(imm5, 0, 0), comment='dup scalar d==n')
    case(copy(1, 0, imm5, 3, 1, 0), comment='ins general')
    for idx2 in (0, 1, (16 >> sz) - 1):
        imm4 = ((idx2 << sz) | (0b1010 & ((1 << sz) - 1))) & 15
        case(copy(1, 1, imm5, imm4, 1, 0), comment='ins element')
    case(copy(1, 1, imm5, 15 & ~((1 << sz) - 1) if sz < 4 else 0, 0, 0), comment='ins element d==n')
    for q in (0, 1):
        for imm4, nm in ((5, 'smov'), (7, 'umov')):
            bad = (imm5 & 15) == 0 or (imm4 == 5 and (sz == 3 or (q == 0 and sz == 2))) or \
                  (imm4 == 7 and ((q == 0 and sz == 3) or (q == 1 and sz != 3)))
            if bad: continue
            case(copy(q, 0, imm5, imm4, 1, 0), comment=nm)
            case(copy(q, 0, imm5, imm4, 1, 2), over={'v1': lanes(edge(sz), sz)}, comment=nm + ' edge')
case(copy(0, 0, 0b00100, 7, 1, 31), comment='umov to wzr')

# ---------------------------------------------------------------- permute, ext, table
for op in (1, 2, 3, 5, 6, 7):
    for sz in range(4):
        for q in (0, 1):
            if sz == 3 and q == 0: continue
            case((q << 30) | 0x0E000800 | (sz << 22) | (2 << 16) | (op << 12) | (1 << 5) | 0, comment='permute')
    case(0x4E000800 | (1 << 22) | (0 << 16) | (op << 12) | (0 << 5) | 0, comment='permute all same reg')
for q in (0, 1):
    for imm4 in range(16 if q else 8):
        case((q << 30) | 0x2E000000 | (2 << 16) | (imm4 << 11) | (1 << 5) | 0, comment='ext')
case(0x6E000000 | (0 << 16) | (5 << 11) | (0 << 5) | 0, comment='ext d=n=m')
def tidx(rng, seed):
    r = random.Random(seed)
    v = [r.randrange(rng) for _ in range(16)]
    return lanes(v, 0)
for op in (0, 1):
    for q in (0, 1):
        for ln in range(4):
            w = (q << 30) | 0x0E000000 | (2 << 16) | (ln << 13) | (op << 12) | (3 << 5) | 0
            case(w, over={'v2': tidx(80, ln * 4 + q * 2 + op)}, comment='tbl/tbx mixed in and out of range')
            case(w, comment='tbl/tbx random indexes (mostly out of range)')
            w2 = (q << 30) | 0x0E000000 | (0 << 16) | (ln << 13) | (op << 12) | (31 << 5) | 2
            case(w2, over={'v0': tidx(70, 50 + ln)}, comment='tbl/tbx wrap v31->v0, d!=m')
        wd = (q << 30) | 0x0E000000 | (0 << 16) | (1 << 13) | (op << 12) | (0 << 5) | 0
        case(wd, over={'v0': tidx(40, 99)}, comment='tbl/tbx d=n=m')

# ---------------------------------------------------------------- logical
for u in (0, 1):
    for opc in range(4):
        for q in (0, 1):
            case((q << 30) | (u << 29) | 0x0E201C00 | (opc << 22) | (2 << 16) | (1 << 5) | 0, comment='logical')
        case(0x4E201C00 | (u << 29) | (opc << 22) | (1 << 16) | (1 << 5) | 1, comment='logical n=m=d')

# ---------------------------------------------------------------- modified immediate
def modimm(q, op, cmode, imm8, rd=0, o2=0):
    return (q << 30) | (op << 29) | 0x0F000400 | ((imm8 >> 5) << 16) | (cmode << 12) | (o2 << 11) | ((imm8 & 31) << 5) | rd
IMMS = [0x00, 0xff, 0xa5, 0x5a, 0x81, 0x7e, 0x01, 0x80]
for op in (0, 1):
    for cmode in range(16):
        for q in (0, 1):
            if op == 1 and cmode == 15 and q == 0: continue
            ims = IMMS if cmode != 15 else list(range(0, 256, 7)) + [0x70, 0x7f, 0xff, 0x80]
            for imm8 in ims:
                case(modimm(q, op, cmode, imm8), comment='modimm')

# ---------------------------------------------------------------- shifts by immediate
def shv(q, u, immhb, opcode, rn=1, rd=0):
    return (q << 30) | (u << 29) | 0x0F000400 | (immhb << 16) | (opcode << 11) | (rn << 5) | rd
def shs(u, immhb, opcode, rn=1, rd=0):
    return 0x5F000400 | (u << 29) | (immhb << 16) | (opcode << 11) | (rn << 5) | rd

SAME = [(0, 0b00000, 'R'), (0, 0b00010, 'R'), (0, 0b00100, 'R'), (0, 0b00110, 'R'), (0, 0b01010, 'L'), (0, 0b01110, 'Q'),
        (1, 0b00000, 'R'), (1, 0b00010, 'R'), (1, 0b00100, 'R'), (1, 0b00110, 'R'), (1, 0b01000, 'R'), (1, 0b01010, 'L'),
        (1, 0b01100, 'Q'), (1, 0b01110, 'Q')]
NARROW = [(0, 0b10000, False), (0, 0b10001, False), (0, 0b10010, True), (0, 0b10011, True),
          (1, 0b10000, True), (1, 0b10001, True), (1, 0b10010, True), (1, 0b10011, True)]
FIXED = [(0, 0b11100), (0, 0b11111), (1, 0b11100), (1, 0b11111)]

def shifts_for(esize, right):
    s = sorted({1, 2, esize // 2, esize - 1, esize}) if right else sorted({0, 1, esize // 2, esize - 1})
    return s

for u, opc, kind in SAME:
    for sz in range(4):
        esize = 8 << sz
        for sh in shifts_for(esize, kind == 'R'):
            hb = (2 * esize - sh) if kind == 'R' else (esize + sh)
            for q in (0, 1):
                if sz == 3 and q == 0: continue
                case(shv(q, u, hb, opc), comment='shift vector')
                for k in ((0, 2, 4, 6, 8) if sz == 3 else (0,)):
                    case(shv(q, u, hb, opc), over={'v1': lanes(edge(sz)[k:], sz)}, comment='shift vector edge')
            if kind == 'Q' or sz == 3:
                case(shs(u, hb, opc), comment='shift scalar')
                case(shs(u, hb, opc), over={'v1': lanes(edge(sz), sz)}, comment='shift scalar edge')
                for k in range(1, 9):
                    case(shs(u, hb, opc), over={'v1': lanes(edge(sz)[k:], sz)}, comment='shift scalar edge %d' % k)
                case(shs(u, hb, opc), over={'v1': lanes(small(sz), sz)}, comment='shift scalar small')
            if kind == 'Q':
                for q in (0, 1):
                    if sz == 3 and q == 0: continue
                    case(shv(q, u, hb, opc), over={'v1': lanes(small(sz), sz)}, comment='sat shift small (no QC)')
for u, opc, sat in NARROW:
    for sz in range(3):
        esize = 8 << sz
        for sh in shifts_for(esize, True):
            hb = 2 * esize - sh
            for q in (0, 1):
                case(shv(q, u, hb, opc), comment='narrow')
                for k in ((0, 2, 4, 6, 8) if sz == 2 else (0,)):
                    case(shv(q, u, hb, opc), over={'v1': lanes(edge(sz + 1)[k:], sz + 1)}, comment='narrow edge')
                case(shv(q, u, hb, opc), over={'v1': lanes(small(sz + 1), sz + 1)}, comment='narrow small')
            if sat:
                case(shs(u, hb, opc), comment='narrow scalar')
                for k in range(9):
                    case(shs(u, hb, opc), over={'v1': lanes(edge(sz + 1)[k:], sz + 1)}, comment='narrow scalar edge')
                case(shs(u, hb, opc), over={'v1': lanes(small(sz + 1), sz + 1)}, comment='narrow scalar small')
for u in (0, 1):
    for sz in range(3):
        esize = 8 << sz
        for sh in (0, 1, esize // 2, esize - 1):
            for q in (0, 1):
                case(shv(q, u, esize + sh, 0b10100), comment='long')
                case(shv(q, u, esize + sh, 0b10100), over={'v1': lanes(edge(sz), sz)}, comment='long edge')

F32 = [0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00001, 0x7f800001, 0x00000001, 0x80000000, 0x4f000000,
       0xcf000001, 0x4effffff, 0x3effffff, 0x40490fdb, 0xc0490fdb, 0x5f000000, 0x00800000]
F64 = [0x3ff0000000000000, 0xbff8000000000000, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000001,
       0x7ff0000000000001, 0x0000000000000001, 0x8000000000000000, 0x43e0000000000000, 0xc3e0000000000001,
       0x400921fb54442d18, 0xc00921fb54442d18, 0x41dfffffffc00000, 0x3fe0000000000000]
for u, opc in FIXED:
    for sz in (2, 3):
        esize = 8 << sz
        for fb in (1, 2, esize // 2, esize):
            hb = 2 * esize - fb
            for q in (0, 1):
                if sz == 3 and q == 0: continue
                case(shv(q, u, hb, opc), comment='fixed vector')
                if opc == 0b11111:
                    case(shv(q, u, hb, opc), over={'v1': lanes(F32 if sz == 2 else F64, sz)}, comment='fixed vector fp specials')
                    case(shv(q, u, hb, opc), over={'v1': lanes((F32 if sz == 2 else F64)[4:], sz)}, fpcr=1 << 24, comment='fixed vector FZ')
                else:
                    for rm in range(4):
                        case(shv(q, u, hb, opc), over={'v1': lanes(edge(sz), sz)}, fpcr=rm << 22, comment='fixed vector rmode')
            for k in range(0, len(F64), 2):
                src = (F32 if sz == 2 else F64)
                if opc == 0b11111:
                    case(shs(u, hb, opc), over={'v1': lanes(src[k % len(src):], sz)}, comment='fixed scalar fp')
                else:
                    case(shs(u, hb, opc), over={'v1': lanes(edge(sz)[k % 11:], sz)}, fpcr=(k % 4) << 22, comment='fixed scalar')

# ---------------------------------------------------------------- build, run, record
HDR = r'''
#include <stdio.h>
#include <stdint.h>
typedef struct { uint64_t v[18]; uint64_t x[4]; uint64_t fpcr, fpsr; } St;
#define LOAD "ldp q0,q1,[%0]\n ldp q2,q3,[%0,#32]\n ldp q4,q5,[%0,#64]\n ldp q6,q7,[%0,#96]\n ldr q31,[%0,#128]\n" \
  "ldp x0,x1,[%0,#144]\n ldp x2,x3,[%0,#160]\n ldr x4,[%0,#176]\n msr fpcr,x4\n msr fpsr,xzr\n"
#define STORE "stp q0,q1,[%0]\n stp q2,q3,[%0,#32]\n stp q4,q5,[%0,#64]\n stp q6,q7,[%0,#96]\n str q31,[%0,#128]\n" \
  "stp x0,x1,[%0,#144]\n stp x2,x3,[%0,#160]\n mrs x4,fpsr\n str x4,[%0,#184]\n msr fpcr,xzr\n"
#define CLOB "x0","x1","x2","x3","x4","v0","v1","v2","v3","v4","v5","v6","v7","v31","memory"
'''

def order(st):
    v = []
    for r in VREGS: v += list(st['v%d' % r])
    return v + [st['x%d' % r] for r in range(4)]

def main():
    root = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(root, '..', '..', 'interp', 'src', 'test', 'resources', 'simdperm-qemu.txt')
    src = [HDR]
    states = []
    for k, (w, fpcr, seed, over, _) in enumerate(cases):
        st = inputs(seed); st.update(over); states.append(st)
        src.append('static void c%d(St *s) { asm volatile(LOAD ".inst 0x%08x\\n" STORE :: "r"(s) : CLOB); }' % (k, w))
    src.append('static const uint64_t IN[%d][22] = {' % len(cases))
    for st in states: src.append('{' + ','.join('0x%xULL' % x for x in order(st)) + '},')
    src.append('};')
    src.append('static const uint64_t FPCR[%d] = {%s};' % (len(cases), ','.join('0x%x' % c[1] for c in cases)))
    src.append('static void (*const F[%d])(St *) = {%s};' % (len(cases), ','.join('c%d' % k for k in range(len(cases)))))
    src.append('''int main(void) { St s; for (int k = 0; k < %d; k++) { for (int j = 0; j < 22; j++) ((uint64_t *) &s)[j] = IN[k][j];
        s.fpcr = FPCR[k]; s.fpsr = 0; F[k](&s); printf("%%d", k); for (int j = 0; j < 22; j++) printf(" %%llx", (unsigned long long) ((uint64_t *) &s)[j]);
        printf(" %%llx\\n", (unsigned long long) s.fpsr); } return 0; }''' % len(cases))
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, 't.c'); exe = os.path.join(d, 't')
        open(c, 'w').write('\n'.join(src))
        subprocess.check_call(['aarch64-linux-gnu-gcc', '-static', '-O1', c, '-o', exe])
        pr = subprocess.run(['qemu-aarch64', '-cpu', 'cortex-a57', exe], stdout=subprocess.PIPE)
        res = pr.stdout.decode().split('\n')
        if pr.returncode != 0:
            last = int(res[-2].split()[0]) if len(res) > 1 else -1
            sys.exit('qemu failed after case %d; next case %s' % (last, cases[last + 1]))
    names = []
    for r in VREGS: names += ['v%d' % r, None]
    names += ['x0', 'x1', 'x2', 'x3']
    lines = ['# Generated by scripts/qemu-vectors/simdperm.py from qemu-aarch64 (QEMU 7.2, -cpu cortex-a57). Do not edit.']
    for line in res:
        if not line.strip(): continue
        p = line.split(); k = int(p[0]); vals = [int(x, 16) for x in p[1:23]]; fpsr = int(p[23], 16)
        w, fpcr, seed, over, com = cases[k]
        before = order(states[k])
        ins = ' '.join('in:%s=%x:%x' % (r, v[0], v[1]) if r[0] == 'v' else 'in:%s=%x' % (r, v) for r, v in sorted(over.items()))
        outs = []
        for j, nm in enumerate(names):
            if nm is None: continue
            if nm[0] == 'v':
                if vals[j] != before[j] or vals[j + 1] != before[j + 1]: outs.append('%s=%x:%x' % (nm, vals[j], vals[j + 1]))
            elif vals[j] != before[j]: outs.append('%s=%x' % (nm, vals[j]))
        lines.append('%08x %x %d %s=> %s fpsr=%x  # %s' % (w, fpcr, seed, ins + ' ' if ins else '', ' '.join(outs), fpsr, com))
    assert len(lines) == len(cases) + 1, (len(lines), len(cases))
    open(out, 'w').write('\n'.join(lines) + '\n')
    print('%d cases -> %s' % (len(cases), out))

if __name__ == '__main__':
    main()
