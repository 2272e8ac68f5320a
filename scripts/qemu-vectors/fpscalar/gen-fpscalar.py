#!/usr/bin/env python3
"""Test vectors for the scalar floating-point rows (FpScalarRowsTest), with QEMU as the oracle.

    cd scripts/qemu-vectors/fpscalar
    aarch64-linux-gnu-gcc -static -O1 oracle.c oracle-run.S -o /tmp/oracle
    python3 gen-fpscalar.py | qemu-aarch64 -cpu cortex-a57 /tmp/oracle > /tmp/fpscalar-raw.txt
    python3 gen-fpscalar.py --compact < /tmp/fpscalar-raw.txt > ../../../interp/src/test/resources/fpscalar-qemu.txt

Every case runs one instruction word with Vd = V0, Vn = V1, Vm = V2, Va = V3 (Rd = X0, Rn = X1)
on this state: V0 = {BAD, ~BAD}, X0 = BAD, V1 = {n, ~n}, V2 = {m, ~m}, V3 = {a, ~a}, X1 = n,
X2 = m, X3 = a, with NZCV and FPCR given and FPSR zero. A compact line is

    name word fpcr nzcv n m a -> v0lo v0hi x0 nzcv fpsr      (or "-> UNDEF")

all in hex. The seed is fixed, so the output is reproducible.
"""
import random
import re
import sys

BAD = 0x0BADC0DE0BADC0DE
M64 = (1 << 64) - 1
rng = random.Random(0x5CA1AB1E)

RN, RP, RM, RZ = 0, 1 << 22, 2 << 22, 3 << 22
FZ, DN, AHP = 1 << 24, 1 << 25, 1 << 26
FPCRS = [0, RP, RM, RZ, FZ, DN, FZ | DN, FZ | RM, DN | RZ]

S_SPECIAL = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
             0xffc12345, 0x7fa00001, 0xff812345, 0x00000001, 0x807fffff, 0x00400000, 0x00800000,
             0x80800000, 0x7f7fffff, 0xff7fffff, 0x3fc00000, 0x40200000, 0xc0200000, 0x3f000000,
             0xbf000000, 0x4f000000, 0xcf000000, 0x4f800000, 0x5f000000, 0x5f800000, 0xdf000000,
             0x3eaaaaab, 0x4b7fffff, 0x4effffff, 0xcf000001, 0x40400000, 0x3f7fffff, 0x00ffffff]
D_SPECIAL = [0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
             0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000012345,
             0x7ff4000000000001, 0xfff0000000054321, 0x0000000000000001, 0x800fffffffffffff,
             0x0008000000000000, 0x0010000000000000, 0x8010000000000000, 0x7fefffffffffffff,
             0xffefffffffffffff, 0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000,
             0x3fe0000000000000, 0xbfe0000000000000, 0x41e0000000000000, 0xc1e0000000000000,
             0x41f0000000000000, 0x43e0000000000000, 0x43f0000000000000, 0xc3e0000000000000,
             0x3fd5555555555555, 0x433fffffffffffff, 0x41dfffffffffffff, 0xc1e0000000200000,
             0x4008000000000000, 0x3fefffffffffffff, 0x380fffffffffffff, 0x36a0000000000000,
             0x47efffffe0000000, 0x47efffff00000000, 0x3810000000000000, 0xc7f0000000000000]
H_SPECIAL = [0x0000, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0xfe12, 0x7d01, 0xfc81, 0x0001,
             0x83ff, 0x0400, 0x7bff, 0xfbff, 0x3555, 0x4248, 0x0200]


def rand_fp(esize):
    """A random value: mostly normals near 1, some anywhere, some special."""
    k = rng.random()
    if esize == 32:
        if k < 0.25: return rng.choice(S_SPECIAL)
        if k < 0.75: return rng.getrandbits(1) << 31 | rng.randrange(100, 155) << 23 | rng.getrandbits(23)
        return rng.getrandbits(32)
    if esize == 64:
        if k < 0.25: return rng.choice(D_SPECIAL)
        if k < 0.75: return rng.getrandbits(1) << 63 | rng.randrange(990, 1060) << 52 | rng.getrandbits(52)
        return rng.getrandbits(64)
    if k < 0.3: return rng.choice(H_SPECIAL)
    return rng.getrandbits(16)


def specials(esize):
    return {32: S_SPECIAL, 64: D_SPECIAL, 16: H_SPECIAL}[esize]


def garbage(v, esize):
    """Sets the bits above esize to noise sometimes: instructions must ignore them."""
    if esize < 64 and rng.random() < 0.3:
        return v | (rng.getrandbits(64 - esize) << esize)
    return v


def fpcr():
    return rng.choice(FPCRS) if rng.random() < 0.6 else rng.choice([RN, RP, RM, RZ]) | rng.choice([0, FZ, DN, FZ | DN])


out = []


def case(name, word, fcr, nzcv, n, m=0, a=0):
    out.append((name, word, fcr, nzcv, n & M64, m & M64, a & M64))


FT = {32: 0, 64: 1, 16: 3}
D, N, MM, A = 0, 1, 2, 3


def fp(base, esize):
    return base | FT[esize] << 22 | MM << 16 | N << 5 | D


# ---- data-processing (1 source)
DP1 = [("FMOV (register)", 0), ("FABS (scalar)", 1), ("FNEG (scalar)", 2), ("FSQRT (scalar)", 3),
       ("FRINTN (scalar)", 8), ("FRINTP (scalar)", 9), ("FRINTM (scalar)", 10), ("FRINTZ (scalar)", 11),
       ("FRINTA (scalar)", 12), ("FRINTX (scalar)", 14), ("FRINTI (scalar)", 15)]
for name, op in DP1:
    for es in (32, 64):
        w = 0x1E204000 | FT[es] << 22 | op << 15 | N << 5 | D
        vals = specials(es) + [rand_fp(es) for _ in range(12)]
        if name.startswith("FRINT"):
            # halves and near-halves in every rounding mode
            for v in ([0x3fc00000, 0x40200000, 0xc0200000, 0x3f000000, 0xbf000000, 0x4b000001, 0x3effffff]
                      if es == 32 else
                      [0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000, 0x3fe0000000000000,
                       0x4330000000000001, 0x3fdfffffffffffff]):
                for r in (RN, RP, RM, RZ):
                    case(name, w, r, 0, garbage(v, es))
        for v in vals:
            case(name, w, fpcr(), 0, garbage(v, es))

# FCVT: every pair, AHP for the half forms
for src in (32, 64, 16):
    for dst in (32, 64, 16):
        if src == dst: continue
        w = 0x1E224000 | FT[src] << 22 | FT[dst] << 15 | N << 5 | D
        for v in specials(src) + [rand_fp(src) for _ in range(20)]:
            f = fpcr()
            if 16 in (src, dst) and rng.random() < 0.4: f |= AHP
            case("FCVT", w, f, 0, garbage(v, src))
        if src == 16 or dst == 16:
            for v in specials(src)[:12]:
                case("FCVT", w, AHP | rng.choice([0, FZ, DN]), 0, v)

# ---- data-processing (2 source)
DP2 = [("FMUL (scalar)", 0), ("FDIV (scalar)", 1), ("FADD (scalar)", 2), ("FSUB (scalar)", 3), ("FMAX (scalar)", 4),
       ("FMIN (scalar)", 5), ("FMAXNM (scalar)", 6), ("FMINNM (scalar)", 7), ("FNMUL (scalar)", 8)]
for name, op in DP2:
    for es in (32, 64):
        w = fp(0x1E200800 | op << 12, es)
        sp = specials(es)
        for _ in range(40):
            case(name, w, fpcr(), 0, garbage(rng.choice(sp), es), garbage(rng.choice(sp), es))
        for _ in range(30):
            case(name, w, fpcr(), 0, garbage(rand_fp(es), es), garbage(rand_fp(es), es))
        # NaN operand order and quiet/signalling combinations
        for x in sp[6:10]:
            for y in sp[6:10] + [sp[2]]:
                case(name, w, rng.choice([0, DN]), 0, x, y)
                case(name, w, 0, 0, y, x)

# ---- data-processing (3 source)
DP3 = [("FMADD", 0, 0), ("FMSUB", 0, 1), ("FNMADD", 1, 0), ("FNMSUB", 1, 1)]
for name, o1, o0 in DP3:
    for es in (32, 64):
        w = 0x1F000000 | FT[es] << 22 | o1 << 21 | MM << 16 | o0 << 15 | A << 10 | N << 5 | D
        sp = specials(es)
        for _ in range(40):
            case(name, w, fpcr(), 0, garbage(rng.choice(sp), es), garbage(rng.choice(sp), es), garbage(rng.choice(sp), es))
        for _ in range(30):
            case(name, w, fpcr(), 0, rand_fp(es), rand_fp(es), rand_fp(es))
        for x in sp[6:10]:
            for y in (sp[2], sp[6], sp[8]):
                case(name, w, 0, 0, sp[2], y, x)
                case(name, w, 0, 0, x, sp[2], y)
                case(name, w, DN, 0, y, x, sp[2])
        # 0 x inf with a NaN addend
        inf, zero = sp[4], sp[0]
        for x in sp[6:10]:
            case(name, w, 0, 0, inf, zero, x)
            case(name, w, 0, 0, zero, inf, x)

# ---- compares
CMP = [("FCMP", 0x00), ("FCMP", 0x08), ("FCMPE", 0x10), ("FCMPE", 0x18)]
for name, op in CMP:
    for es in (32, 64):
        w = fp(0x1E202000 | op, es)
        if op & 8 and rng.random() < 0.5: w = (w & ~(31 << 16)) | rng.randrange(32) << 16
        sp = specials(es)
        for _ in range(30):
            case(name, w, rng.choice([0, FZ]), rng.randrange(16), garbage(rng.choice(sp), es), garbage(rng.choice(sp), es))
        for _ in range(10):
            x = rand_fp(es)
            case(name, w, 0, 0, x, rng.choice([x, rand_fp(es)]))
for name, op in (("FCCMP", 0), ("FCCMPE", 16)):
    for es in (32, 64):
        sp = specials(es)
        for _ in range(40):
            w = fp(0x1E200400 | op | rng.randrange(16) << 12 | rng.randrange(16), es)
            case(name, w, rng.choice([0, FZ]), rng.randrange(16), rng.choice(sp), rng.choice(sp))
for es in (32, 64):
    for _ in range(24):
        w = fp(0x1E200C00 | rng.randrange(16) << 12, es)
        case("FCSEL", w, 0, rng.randrange(16), garbage(rand_fp(es), es), garbage(rand_fp(es), es))

# ---- FMOV (scalar, immediate): every imm8
for es in (32, 64):
    for imm8 in range(256):
        case("FMOV (scalar, immediate)", 0x1E201000 | FT[es] << 22 | imm8 << 13 | D, 0, 0, 0)

# ---- FMOV (general)
for w, name in ((0x1E260000, "FMOV (general)"), (0x1E270000, "FMOV (general)"), (0x9E660000, "FMOV (general)"),
                (0x9E670000, "FMOV (general)"), (0x9EAE0000, "FMOV (general)"), (0x9EAF0000, "FMOV (general)")):
    for _ in range(4):
        case(name, w | N << 5 | D, 0, 0, rng.getrandbits(64))
    case(name, w | 31 << 5 | D, 0, 0, rng.getrandbits(64))   # XZR source (from-general forms)
    case(name, w | N << 5 | 31, 0, 0, rng.getrandbits(64))   # XZR destination (to-general forms)

# ---- conversions with integers
TOINT = [("FCVTNS (scalar)", 0, 0), ("FCVTNU (scalar)", 0, 1), ("FCVTPS (scalar)", 1, 0), ("FCVTPU (scalar)", 1, 1),
         ("FCVTMS (scalar)", 2, 0), ("FCVTMU (scalar)", 2, 1), ("FCVTZS (scalar, integer)", 3, 0),
         ("FCVTZU (scalar, integer)", 3, 1), ("FCVTAS (scalar)", 0, 4), ("FCVTAU (scalar)", 0, 5)]
for name, rmode, opc in TOINT:
    for sf in (0, 1):
        for es in (32, 64):
            w = sf << 31 | 0x1E200000 | FT[es] << 22 | rmode << 19 | opc << 16 | N << 5 | D
            sp = specials(es)
            for v in rng.sample(sp, 18) + [rand_fp(es) for _ in range(8)]:
                case(name, w, rng.choice([0, 0, FZ, RM]), 0, garbage(v, es))
for name, opc in (("SCVTF (scalar, integer)", 2), ("UCVTF (scalar, integer)", 3)):
    for sf in (0, 1):
        for es in (32, 64):
            w = sf << 31 | 0x1E200000 | FT[es] << 22 | opc << 16 | N << 5 | D
            ints = [0, 1, M64, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffff, 0x8000000000000000,
                    0x00000000ffffff01, 0x1000001, 0x20000010000001, 0xfffffffffffffc01]
            for v in ints + [rng.getrandbits(64) for _ in range(6)]:
                case(name, w, rng.choice([RN, RP, RM, RZ]) | rng.choice([0, FZ]), 0, v)

# ---- conversions with fixed-point
FIXED = [("SCVTF (scalar, fixed-point)", 0, 2), ("UCVTF (scalar, fixed-point)", 0, 3),
         ("FCVTZS (scalar, fixed-point)", 3, 0), ("FCVTZU (scalar, fixed-point)", 3, 1)]
for name, rmode, opc in FIXED:
    for sf in (0, 1):
        for es in (32, 64):
            for _ in range(14):
                fbits = rng.choice([1, 2, 32, 64 if sf else 31, rng.randrange(1, 33 + 32 * sf)])
                w = sf << 31 | 0x1E000000 | FT[es] << 22 | rmode << 19 | opc << 16 | (64 - fbits) << 10 | N << 5 | D
                if opc >= 2:
                    v = rng.choice([0, 1, M64, 0x80000000, 0x7fffffff, 0x8000000000000000, rng.getrandbits(64)])
                    case(name, w, rng.choice([RN, RP, RM, RZ]), 0, v)
                else:
                    case(name, w, rng.choice([0, FZ]), 0, garbage(rng.choice(specials(es) + [rand_fp(es)]), es))

# ---- UNDEFINED: random words of the scalar FP classes (bit 30 = 0, bits 28..25 = 1111) that objdump
# calls undefined or decodes as a half-precision (FEAT_FP16), FJCVTZS, FRINT32/64 or BFCVT form.
def objdump_words(words):
    import os, struct, subprocess, tempfile
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "w.bin")
        with open(p, "wb") as f:
            f.write(b"".join(struct.pack("<I", w) for w in words))
        txt = subprocess.run(["aarch64-linux-gnu-objdump", "-D", "-b", "binary", "-m", "aarch64", p],
                             capture_output=True, text=True, check=True).stdout
    res = {}
    for line in txt.splitlines():
        mt = re.match(r"^\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)$", line)
        if mt: res[int(mt.group(1), 16) // 4] = mt.group(3)
    return [res[k] for k in range(len(words))]


def not_v80(text):
    t = text.split("//")[0]
    return (t.startswith(".inst") or re.search(r"\bh\d+\b", t) is not None
            or re.match(r"(fjcvtzs|frint(32|64)|bfcvt)", t) is not None)


cands = [(rng.getrandbits(32) & ~(1 << 30)) | (15 << 25) for _ in range(6000)]
undef = [w for w, t in zip(cands, objdump_words(cands)) if not_v80(t)]
for w in undef[:160]:
    case("UNDEFINED", w, 0, 0, 0x3f800000, 0x40000000, 0x40400000)


def raw_line(c):
    name, word, f, nzcv, n, m, a = c
    v = [BAD, ~BAD & M64, n, ~n & M64, m, ~m & M64, a, ~a & M64]
    x = [BAD, n, m, a]
    return "%08x " % word + " ".join("%x" % t for t in v + x + [nzcv, f])


if len(sys.argv) > 1 and sys.argv[1] == "--compact":
    # stdin: the oracle's output for the raw lines, in order
    results = sys.stdin.read().splitlines()
    assert len(results) == len(out), (len(results), len(out))
    print("# Generated by scripts/qemu-vectors/fpscalar/gen-fpscalar.py from qemu-aarch64 -cpu cortex-a57 (QEMU 7.2).")
    print("# name | word fpcr nzcv n m a -> v0lo v0hi x0 nzcv fpsr (hex), or -> UNDEF")
    for c, r in zip(out, results):
        name, word, f, nzcv, n, m, a = c
        assert r.startswith(raw_line(c)), (r, raw_line(c))
        res = r.split("->")[1].split()
        head = "%s | %08x %x %x %x %x %x ->" % (name, word, f, nzcv, n, m, a)
        if res == ["SIGILL"]:
            print(head + " UNDEF")
            continue
        vals = [int(t, 16) for t in res]
        v, x, onzcv, ofpsr = vals[0:8], vals[8:12], vals[12], vals[13]
        # the other registers must be untouched (the oracle can't write them; checked here for safety)
        assert v[2:] == [n, ~n & M64, m, ~m & M64, a, ~a & M64], r
        assert x[1:] == [n, m, a], r
        print(head + " %x %x %x %x %x" % (v[0], v[1], x[0], onzcv, ofpsr))
else:
    for c in out:
        print(raw_line(c))
