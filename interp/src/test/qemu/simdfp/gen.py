#!/usr/bin/env python3
"""Generates the SimdFpRowsTest input cases: one line per instruction execution,
'insn fpcr v0lo v0hi v1lo v1hi v2lo v2hi v3lo v3hi' (hex), for harness.c to run under
qemu-aarch64 -cpu cortex-a57. Destination v0, sources v1 (Vn) and v2 (Vm); v0 starts as a
marker (or the accumulator) so that zeroing of unused bits and the "2" forms are checked."""
import random, struct, sys

rnd = random.Random(0x51D0F9)
FZ, DN, AHP = 1 << 24, 1 << 25, 1 << 26
RN, RP, RM, RZ = 0, 1 << 22, 2 << 22, 3 << 22
MODES = [RN, RP, RM, RZ]
MARK = (0x5A5A5A5A5A5A5A5A, 0xA5A5A5A5A5A5A5A5)

def f32(x): return struct.unpack('<I', struct.pack('<f', x))[0]
def f64(x): return struct.unpack('<Q', struct.pack('<d', x))[0]

S_SPEC = [0x00000000, 0x80000000, 0x3f800000, 0xc0200000, 0x7f800000, 0xff800000, 0x7fd23456,
          0xffa00001, 0x00012345, 0x7f7fffff, 0x3fc00000, 0x80800000]
D_SPEC = [0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xc004000000000000,
          0x7ff0000000000000, 0xfff0000000000000, 0x7ff8123456789abc, 0xfff4000000000001,
          0x000123456789abcd, 0x7fefffffffffffff]
S_FZ = [0x00012345, 0x80400000, 0x00800000, 0x00800001, 0x3f000000, 0x80000000]
D_FZ = [0x000123456789abcd, 0x8008000000000000, 0x0010000000000001, 0x3fe0000000000000]
S_NAN = [0x7fd23456, 0xffa00001, 0x7f812345, 0xffc00000, 0x3f800000, 0xff800000]
D_NAN = [0x7ff8123456789abc, 0xfff4000000000001, 0x7ff0000000000abc, 0x4000000000000000]

def rs():  # random single, normal-ish, with mantissa bits that round
    e = rnd.choice([rnd.randint(100, 154), rnd.randint(1, 30), rnd.randint(225, 254)]) if rnd.random() < 0.2 else rnd.randint(118, 136)
    return (rnd.getrandbits(1) << 31) | (e << 23) | rnd.getrandbits(23)
def rd():
    e = rnd.choice([rnd.randint(900, 1150), rnd.randint(1, 40), rnd.randint(2000, 2046)]) if rnd.random() < 0.2 else rnd.randint(1013, 1033)
    return (rnd.getrandbits(1) << 63) | (e << 52) | rnd.getrandbits(52)

def pack(vals, esize):
    lo = hi = 0
    per = 64 // esize
    for k, v in enumerate(vals):
        if k < per: lo |= v << (k * esize)
        else: hi |= v << ((k - per) * esize)
    return lo, hi

out = []
def emit(insn, fpcr, v0, v1, v2):
    out.append('%08x %x %x %x %x %x %x %x 0 0' % (insn, fpcr, v0[0], v0[1], v1[0], v1[1], v2[0], v2[1]))

def chunks(seq, n):
    seq = list(seq)
    for k in range(0, len(seq), n):
        c = seq[k:k + n]
        while len(c) < n: c.append(seq[(k + len(c)) % len(seq)])
        yield c

def allpairs(pool): return [(a, b) for a in pool for b in pool]

# ---------------------------------------------------------------- encoders
def v3(u, a, opc, q, sz, d=0, n=1, m=2): return q << 30 | u << 29 | 0b01110 << 24 | a << 23 | sz << 22 | 1 << 21 | m << 16 | opc << 11 | 1 << 10 | n << 5 | d
def s3(u, a, opc, sz, d=0, n=1, m=2): return 1 << 30 | u << 29 | 0b11110 << 24 | a << 23 | sz << 22 | 1 << 21 | m << 16 | opc << 11 | 1 << 10 | n << 5 | d
def v2(u, a, opc, q, sz, d=0, n=1): return q << 30 | u << 29 | 0b01110 << 24 | a << 23 | sz << 22 | 0b10000 << 17 | opc << 12 | 2 << 10 | n << 5 | d
def s2(u, a, opc, sz, d=0, n=1): return 1 << 30 | u << 29 | 0b11110 << 24 | a << 23 | sz << 22 | 0b10000 << 17 | opc << 12 | 2 << 10 | n << 5 | d
def acr(a, opc, d=0, n=1): return 1 << 30 | 1 << 29 | 0b01110 << 24 | a << 23 | 0b11000 << 17 | opc << 12 | 2 << 10 | n << 5 | d
def sp(a, opc, sz, d=0, n=1): return 1 << 30 | 1 << 29 | 0b11110 << 24 | a << 23 | sz << 22 | 0b11000 << 17 | opc << 12 | 2 << 10 | n << 5 | d
def el(scalar, u, opc, q, sz, idx, d=0, n=1, m=2):
    h, l = (idx >> 1, idx & 1) if sz == 0 else (idx, 0)
    top = (1 << 30 | u << 29 | 0b11111 << 24) if scalar else (q << 30 | u << 29 | 0b01111 << 24)
    return top | 1 << 23 | sz << 22 | l << 21 | m << 16 | opc << 12 | h << 11 | n << 5 | d

# ---------------------------------------------------------------- three same
V3 = [  # (u, a, opcode, rounding-sensitive, accumulates)
    (0, 0, 0b11000, 0, 0), (0, 0, 0b11001, 1, 1), (0, 0, 0b11010, 1, 0), (0, 0, 0b11011, 1, 0), (0, 0, 0b11100, 0, 0),
    (0, 0, 0b11110, 0, 0), (0, 0, 0b11111, 1, 0), (0, 1, 0b11000, 0, 0), (0, 1, 0b11001, 1, 1), (0, 1, 0b11010, 1, 0),
    (0, 1, 0b11110, 0, 0), (0, 1, 0b11111, 1, 0), (1, 0, 0b11000, 0, 0), (1, 0, 0b11010, 1, 0), (1, 0, 0b11011, 1, 0),
    (1, 0, 0b11100, 0, 0), (1, 0, 0b11101, 0, 0), (1, 0, 0b11110, 0, 0), (1, 0, 0b11111, 1, 0), (1, 1, 0b11000, 0, 0),
    (1, 1, 0b11010, 1, 0), (1, 1, 0b11100, 0, 0), (1, 1, 0b11101, 0, 0), (1, 1, 0b11110, 0, 0)]
S3 = [(0, 0, 0b11011, 1), (0, 0, 0b11100, 0), (0, 0, 0b11111, 1), (0, 1, 0b11111, 1), (1, 0, 0b11100, 0),
      (1, 0, 0b11101, 0), (1, 1, 0b11010, 1), (1, 1, 0b11100, 0), (1, 1, 0b11101, 0)]

def acc_for(k, esize):
    pool = S_SPEC if esize == 32 else D_SPEC
    return pool[(k * 5 + 3) % len(pool)]

def run_v3(u, a, opc, rounding, accum):
    for fpcr, spool, dpool in [(RN, S_SPEC, D_SPEC), (FZ, S_FZ, D_FZ), (DN, S_NAN, D_NAN), (FZ | DN, S_NAN[:3] + S_FZ[:3], D_FZ[:2] + D_NAN[:2])]:
        for sz, pool, esize, lanes in [(0, spool, 32, 4), (1, dpool, 64, 2)]:
            pairs = allpairs(pool)
            if esize == 64 and fpcr == RN: rnd.shuffle(pairs); pairs = pairs[:40]
            for k, ch in enumerate(chunks(pairs, lanes)):
                v1 = pack([p[0] for p in ch], esize); v2_ = pack([p[1] for p in ch], esize)
                v0 = pack([acc_for(k + j, esize) for j in range(lanes)], esize) if accum else MARK
                emit(v3(u, a, opc, 1, sz), fpcr, v0, v1, v2_)
    modes = MODES if rounding else [RN]
    for fpcr in modes:
        for sz, gen, esize, lanes in [(0, rs, 32, 4), (1, rd, 64, 2)]:
            for q in (1, 0) if sz == 0 else (1,):
                for _ in range(2):
                    n_ = lanes if q else 2
                    v1 = pack([gen() for _ in range(n_)], esize); v2_ = pack([gen() for _ in range(n_)], esize)
                    v0 = pack([gen() for _ in range(n_)], esize) if accum else MARK
                    if not accum or not q: v0 = MARK if not accum else (v0[0], 0x1234567890abcdef)
                    emit(v3(u, a, opc, q, sz), fpcr, v0, v1, v2_)
    # aliasing: Vd = Vn = Vm
    emit(v3(u, a, opc, 1, 0, 0, 0, 0), RN, pack([rs() for _ in range(4)], 32), (0, 0), (0, 0))

def run_s3(u, a, opc, rounding):
    for fpcr, spool, dpool in [(RN, S_SPEC, D_SPEC), (FZ, S_FZ, D_FZ), (DN, S_NAN, D_NAN)]:
        for sz, pool, esize in [(0, spool, 32), (1, dpool, 64)]:
            pairs = allpairs(pool)
            rnd.shuffle(pairs)
            for p in pairs[:24 if fpcr == RN else 8]:
                emit(s3(u, a, opc, sz), fpcr, MARK, (p[0] | (0xAAAA0000 << 32 if sz == 0 else 0), 0x5555), (p[1], 0x6666))
    for fpcr in (MODES if rounding else [RN]):
        for sz, gen in [(0, rs), (1, rd)]:
            for _ in range(3):
                emit(s3(u, a, opc, sz), fpcr, MARK, (gen(), 0), (gen(), 0))

# ---------------------------------------------------------------- two-register misc
S_UN = [0x00000000, 0x80000000, 0x3f800000, 0xbfc00000, 0x3f000000, 0x3fc00000, 0x40200000, 0xc0200000,
        0x3effffff, 0x4b7fffff, 0x4effffff, 0x4f000000, 0xcf000000, 0xcf000001, 0x4f800000, 0x4f7fffff,
        0x7f800000, 0xff800000, 0x7fd23456, 0x7f812345, 0xffc00001, 0x00012345, 0x80400000, 0x7f7fffff,
        0x00800000, 0x3eaaaaab, 0x40490fdb, 0xbf3fffff, 0x5f000000, 0xdf000000, 0x5f800000, 0x4b000001,
        0x007fffff, 0x7e800000, 0x00200000, 0x40400000, 0x3f400000, 0xbf400000, 0x40a00000, 0xc0a00000]
D_UN = [0x0, 0x8000000000000000, 0x3ff0000000000000, 0xbff8000000000000, 0x3fe0000000000000, 0x4004000000000000,
        0xc004000000000000, 0x3fdfffffffffffff, 0x433fffffffffffff, 0x41dfffffffc00000, 0x41e0000000000000,
        0xc1e0000000000000, 0x43e0000000000000, 0xc3e0000000000000, 0x43dfffffffffffff, 0x43f0000000000000,
        0x7ff0000000000000, 0xfff0000000000000, 0x7ff8123456789abc, 0x7ff0000000000abc, 0xfff8000000000001,
        0x000123456789abcd, 0x8008000000000000, 0x7fefffffffffffff, 0x0010000000000000, 0x3fd5555555555555,
        0x400921fb54442d18, 0xc00c000000000000, 0x0008000000000000, 0x7fd0000000000000, 0x4330000000000001,
        0x3fe8000000000000]
S_INT = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x01000001, 0x00ffffff, 0xfefffffe, 0x12345678, 0x87654321,
         0x00000003, 0x7fffffc0, 0x7fffffbf, 0xffffff81, 0x40000000, 0x01000003]
D_INT = [0, 1, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000, 0x0020000000000001,
         0x001fffffffffffff, 0x123456789abcdef1, 0xfedcba9876543210, 0x7ffffffffffffe00, 0x7ffffffffffffdff,
         0x0000000100000001, 0x8000000000000001, 0x0040000000000003]
U_EST = [0, 1, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xc0000000, 0x40000000, 0x3fffffff, 0x20000000,
         0x12345678, 0x87654321, 0xfedcba98, 0xaaaaaaaa, 0x55555555, 0x9abcdef0]

V2 = [  # (u, a, opcode, kind); kind: 'f' float input, 'i' integer input, 'u' URECPE/URSQRTE, fpcr-mode dependence
    (0, 0, 0b11000, 'f', 0), (0, 0, 0b11001, 'f', 0), (0, 0, 0b11010, 'f', 0), (0, 0, 0b11011, 'f', 0),
    (0, 0, 0b11100, 'f', 0), (0, 0, 0b11101, 'i', 1), (0, 1, 0b11000, 'f', 0), (0, 1, 0b11001, 'f', 0),
    (0, 1, 0b11010, 'f', 0), (0, 1, 0b11011, 'f', 0), (0, 1, 0b11100, 'u', 0), (0, 1, 0b11101, 'f', 1),
    (0, 1, 0b01100, 'f', 0), (0, 1, 0b01101, 'f', 0), (0, 1, 0b01110, 'f', 0), (0, 1, 0b01111, 'f', 0),
    (1, 0, 0b11000, 'f', 0), (1, 0, 0b11001, 'f', 1), (1, 0, 0b11010, 'f', 0), (1, 0, 0b11011, 'f', 0),
    (1, 0, 0b11100, 'f', 0), (1, 0, 0b11101, 'i', 1), (1, 1, 0b11001, 'f', 1), (1, 1, 0b11010, 'f', 0),
    (1, 1, 0b11011, 'f', 0), (1, 1, 0b11100, 'u', 0), (1, 1, 0b11101, 'f', 1), (1, 1, 0b01100, 'f', 0),
    (1, 1, 0b01101, 'f', 0), (1, 1, 0b01111, 'f', 0), (1, 1, 0b11111, 'f', 1)]
S2 = [  # scalar forms
    (0, 0, 0b11010, 'f', 0), (0, 0, 0b11011, 'f', 0), (0, 0, 0b11100, 'f', 0), (0, 0, 0b11101, 'i', 1),
    (0, 1, 0b11010, 'f', 0), (0, 1, 0b11011, 'f', 0), (0, 1, 0b11101, 'f', 1), (0, 1, 0b11111, 'f', 0),
    (0, 1, 0b01100, 'f', 0), (0, 1, 0b01101, 'f', 0), (0, 1, 0b01110, 'f', 0),
    (1, 0, 0b11010, 'f', 0), (1, 0, 0b11011, 'f', 0), (1, 0, 0b11100, 'f', 0), (1, 0, 0b11101, 'i', 1),
    (1, 1, 0b11010, 'f', 0), (1, 1, 0b11011, 'f', 0), (1, 1, 0b11101, 'f', 1), (1, 1, 0b01100, 'f', 0),
    (1, 1, 0b01101, 'f', 0)]

def fpcrs(modal):
    return MODES + [FZ, DN, FZ | DN | RM] if modal else MODES + [FZ, DN]

def run_v2(u, a, opc, kind, modal):
    for fpcr in fpcrs(modal):
        widths = [(0, 32, 4)] if kind == 'u' else [(0, 32, 4), (1, 64, 2)]
        for sz, esize, lanes in widths:
            if kind == 'u': pool = U_EST + [rnd.getrandbits(32) for _ in range(24)]
            elif kind == 'i': pool = (S_INT if sz == 0 else D_INT) + [rnd.getrandbits(esize) for _ in range(2)]
            else: pool = (S_UN if sz == 0 else D_UN) + [(rs() if sz == 0 else rd()) for _ in range(4)]
            if fpcr != RN and kind != 'u': rnd.shuffle(pool); pool = pool[:len(pool) // 2]
            for k, ch in enumerate(chunks(pool, lanes)):
                q = 0 if (sz == 0 and k == 1) else 1
                emit(v2(u, a, opc, q, sz), fpcr, MARK, pack(ch, esize), (0, 0))

def run_s2(u, a, opc, kind, modal):
    for fpcr in fpcrs(modal):
        for sz, esize in [(0, 32), (1, 64)]:
            if kind == 'i': pool = list(S_INT if sz == 0 else D_INT)
            else: pool = list(S_UN if sz == 0 else D_UN)
            rnd.shuffle(pool)
            for x in pool[:10 if fpcr == RN else 5]:
                emit(s2(u, a, opc, sz), fpcr, MARK, (x | (0x77770000 << 32 if sz == 0 else 0), 0x9999), (0, 0))

# FCVTN / FCVTXN / FCVTL
S_TO_H = [0x3f800000, 0x477fe000, 0x477ff000, 0x47800000, 0x38800000, 0x33800000, 0x33000000, 0x33000001,
          0x387fc000, 0x3f801000, 0x3f803000, 0x7fd23456, 0x7f812345, 0xff800000, 0x80000000, 0x00012345,
          0xc7ffffff, 0x3eaaaaab, 0x41200000, 0x38000000]
D_TO_S = [0x3ff0000000000000, 0x47efffffe0000000, 0x47effffff0000000, 0x47f0000000000000, 0x3810000000000000,
          0x36a0000000000000, 0x3690000000000000, 0x3690000000000001, 0x380fffffc0000000, 0x3ff0000010000000,
          0x3ff0000030000000, 0x7ff8123456789abc, 0x7ff0000000000abc, 0xfff0000000000000, 0x8000000000000000,
          0x000123456789abcd, 0x3fd5555555555555, 0x4024000000000000, 0x3ff0000000000001, 0xbff0000020000001]
H_VALS = [0x3c00, 0x7bff, 0x7c00, 0xfc00, 0x7e55, 0x7d55, 0xfd01, 0x0001, 0x83ff, 0x0400, 0x8000, 0x3555,
          0xffff, 0x7fff, 0x7c01, 0xc000]
S_TO_D = [0x3f800000, 0x7f7fffff, 0x00012345, 0x80400000, 0x7fd23456, 0x7f812345, 0xff800000, 0x80000000,
          0xffc00001, 0x3eaaaaab]

def run_narrow(u, odd):
    for fpcr in MODES + [FZ, DN, FZ | DN, AHP, AHP | RZ]:
        for sz in ((1,) if odd else (0, 1)):
            pool = D_TO_S if sz == 1 else S_TO_H
            esize = 64 if sz == 1 else 32
            lanes = 128 // esize
            for k, ch in enumerate(chunks(pool, lanes)):
                q = k & 1
                emit(v2(u, 0, 0b10110, q, sz), fpcr, MARK, pack(ch, esize), (0, 0))
    for fpcr in MODES + [FZ, DN]:
        if odd:
            for x in D_TO_S[:12]: emit(s2(1, 0, 0b10110, 1), fpcr, MARK, (x, 0x4444), (0, 0))

def run_fcvtl():
    for fpcr in MODES + [FZ, DN, FZ | DN, AHP, AHP | DN | FZ]:
        for sz, pool, esize in [(0, H_VALS, 16), (1, S_TO_D, 32)]:
            for k, ch in enumerate(chunks(pool, 128 // esize)):
                emit(v2(0, 0, 0b10111, k & 1, sz), fpcr, MARK, pack(ch, esize), (0, 0))

# ---------------------------------------------------------------- across lanes, scalar pairwise, by element
def run_across(a, opc):
    for fpcr, pool in [(RN, S_SPEC), (FZ, S_FZ), (DN, S_NAN), (RN, S_NAN + S_SPEC[:4])]:
        for _ in range(8):
            emit(acr(a, opc), fpcr, MARK, pack([rnd.choice(pool) for _ in range(4)], 32), (0, 0))

def run_sp(a, opc):
    for fpcr, spool, dpool in [(RN, S_SPEC, D_SPEC), (FZ, S_FZ, D_FZ), (DN, S_NAN, D_NAN)] + [(m, None, None) for m in MODES]:
        for sz in (0, 1):
            esize = 32 << sz
            if spool is None:
                pairs = [((rs(), rs()) if sz == 0 else (rd(), rd())) for _ in range(3)]
            else:
                pairs = allpairs(spool if sz == 0 else dpool)
                rnd.shuffle(pairs)
                pairs = pairs[:20 if fpcr == RN else 6]
            for p in pairs:
                emit(sp(a, opc, sz), fpcr, MARK, (p[0] | p[1] << 32, 0x3333) if sz == 0 else (p[0], p[1]), (0, 0))

EL = [(0, 0b0001, 1), (0, 0b0101, 1), (0, 0b1001, 0), (1, 0b1001, 0)]
def run_el(u, opc, accum):
    for scalar in (0, 1):
        for fpcr, spool, dpool in [(RN, S_SPEC, D_SPEC), (FZ, S_FZ, D_FZ), (DN, S_NAN, D_NAN)] + [(m, None, None) for m in MODES]:
            for sz in (0, 1):
                esize, lanes = 32 << sz, 4 >> sz
                gen = rs if sz == 0 else rd
                pool = (spool if sz == 0 else dpool) or [gen() for _ in range(8)]
                count = 6 if fpcr == RN else 2
                for k in range(count):
                    idx = rnd.randrange(lanes)
                    v1_ = pack([rnd.choice(pool) for _ in range(lanes)], esize)
                    v2_ = pack([rnd.choice(pool) for _ in range(lanes)], esize)
                    v0 = pack([rnd.choice(pool) for _ in range(lanes)], esize) if accum else MARK
                    q = 0 if (k == 1 and sz == 0) else 1
                    emit(el(scalar, u, opc, q, sz, idx), fpcr, v0, v1_, v2_)
    # aliasing: Vd = Vn = Vm
    emit(el(0, u, opc, 1, 0, 3, 0, 0, 0), RN, pack([rs() for _ in range(4)], 32), (0, 0), (0, 0))

for t in V3: run_v3(*t)
for t in S3: run_s3(*t)
for t in V2: run_v2(*t)
for t in S2: run_s2(*t)
run_narrow(0, False); run_narrow(1, True); run_fcvtl()
for t in [(0, 0b01100), (0, 0b01111), (1, 0b01100), (1, 0b01111)]: run_across(*t)
for t in [(0, 0b01100), (0, 0b01101), (0, 0b01111), (1, 0b01100), (1, 0b01111)]: run_sp(*t)
for t in EL: run_el(*t)
print('\n'.join(out))
