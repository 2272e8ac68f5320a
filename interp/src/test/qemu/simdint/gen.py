#!/usr/bin/env python3
"""Generates the SimdIntRowsTest expectations with QEMU (see harness.c and README.md).

Step 1 enumerates every (U, size, Q, opcode) of the integer opcodes of the encoding classes the
rows cover and asks QEMU which words are UNDEFINED; step 2 runs each defined word on random and
edge-value inputs. Output (stdout): harness lines, "insn in.. -> out.." or "insn in.. -> undef".
"""
import random, subprocess, sys

rnd = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
CASES = int(sys.argv[2]) if len(sys.argv) > 2 else 6
M64 = (1 << 64) - 1

# (class name, base word, fields: has Q, bit 10 etc.) and the integer opcodes per U that belong to the rows.
def same(q, u, size, opc): return q << 30 | u << 29 | 0b01110 << 24 | size << 22 | 1 << 21 | opc << 11 | 1 << 10
def same_s(q, u, size, opc): return 0b01 << 30 | u << 29 | 0b11110 << 24 | size << 22 | 1 << 21 | opc << 11 | 1 << 10
def diff(q, u, size, opc): return q << 30 | u << 29 | 0b01110 << 24 | size << 22 | 1 << 21 | opc << 12
def diff_s(q, u, size, opc): return 0b01 << 30 | u << 29 | 0b11110 << 24 | size << 22 | 1 << 21 | opc << 12
def misc(q, u, size, opc): return q << 30 | u << 29 | 0b01110 << 24 | size << 22 | 0b10000 << 17 | opc << 12 | 0b10 << 10
def misc_s(q, u, size, opc): return 0b01 << 30 | u << 29 | 0b11110 << 24 | size << 22 | 0b10000 << 17 | opc << 12 | 0b10 << 10
def across(q, u, size, opc): return q << 30 | u << 29 | 0b01110 << 24 | size << 22 | 0b11000 << 17 | opc << 12 | 0b10 << 10
def pair_s(q, u, size, opc): return 0b01 << 30 | u << 29 | 0b11110 << 24 | size << 22 | 0b11000 << 17 | opc << 12 | 0b10 << 10
def elem(q, u, size, opc): return q << 30 | u << 29 | 0b01111 << 24 | size << 22 | opc << 12
def elem_s(q, u, size, opc): return 0b01 << 30 | u << 29 | 0b11111 << 24 | size << 22 | opc << 12

CLASSES = [
    ("same", same, True, {0: list(range(0, 3)) + list(range(4, 24)), 1: list(range(0, 3)) + list(range(4, 24))}),
    ("same_s", same_s, False, {0: list(range(0, 24)), 1: list(range(0, 24))}),
    ("diff", diff, True, {0: list(range(0, 14)), 1: list(range(0, 14))}),
    ("diff_s", diff_s, False, {0: list(range(0, 16)), 1: list(range(0, 16))}),
    ("misc", misc, True, {0: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 18, 20], 1: [0, 2, 3, 4, 5, 6, 7, 8, 9, 11, 18, 19, 20]}),
    ("misc_s", misc_s, False, {0: [3, 7, 8, 9, 10, 11, 18, 20], 1: [3, 7, 8, 9, 11, 18, 19, 20]}),
    ("across", across, True, {0: [3, 10, 26, 27], 1: [3, 10, 26, 27]}),
    ("pair_s", pair_s, False, {0: [27], 1: [27]}),
    ("elem", elem, True, {0: [2, 3, 6, 7, 8, 10, 11, 12, 13, 14], 1: [0, 2, 4, 6, 10, 13, 14, 15]}),
    ("elem_s", elem_s, False, {0: [3, 7, 11, 12, 13, 14], 1: [13, 15]}),
]
# Words in those spaces that are not integer instructions of these rows (other groups): skipped.
# same: 3 = logical; 24..31 FP. diff: 14 = PMULL. elem_s/elem include SDOT (14) and the RDM/UDOT ones,
# which must stay UNDEFINED (QEMU cortex-a57 agrees), so they are enumerated.

def regs_word(kind, w):
    d, n, m = rnd.randrange(4), rnd.randrange(4), rnd.randrange(4)
    w |= d | n << 5
    if kind.startswith("elem"):
        # M is the top bit of the register number when size = 10: kept 0 so that Vm is V0..V3.
        mbit = rnd.randrange(2) if (w >> 22) & 3 == 1 else 0
        w |= rnd.randrange(2) << 11 | rnd.randrange(2) << 21 | mbit << 20 | m << 16
    elif kind in ("same", "same_s", "diff", "diff_s"):
        w |= m << 16
    return w

EDGE = {0: [0, 1, 0x7f, 0x80, 0x81, 0xff, 0xfe, 0x40, 0x3f],
        1: [0, 1, 0x7fff, 0x8000, 0x8001, 0xffff, 0xfffe, 0x4000, 0x3fff],
        2: [0, 1, 0x7fffffff, 0x80000000, 0x80000001, 0xffffffff, 0xfffffffe, 0x40000000, 0x3fffffff],
        3: [0, 1, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000001, M64, M64 - 1,
            0x4000000000000000, 0x3fffffffffffffff]}

def shift_byte(esize):
    return rnd.choice([0, 1, 2, 0xff, 0xfe, esize - 1, esize, esize + 1, (-esize) & 0xff, (-esize + 1) & 0xff,
                       (-esize - 1) & 0xff, 63, 64, 65, 0xc0, 0xbf, 0x7f, 0x80, 0x81, rnd.randrange(256)])

def value(sz, shifty):
    """A 64-bit word built from elements of size sz: random, edge values or shift amounts."""
    mode = rnd.randrange(4)
    if mode == 0: return rnd.getrandbits(64)
    bits = 8 << sz
    w = 0
    for e in range(64 // bits):
        if shifty and mode == 1:
            x = (rnd.getrandbits(bits) & ~0xff) | shift_byte(bits)
        elif mode == 3:
            x = rnd.getrandbits(rnd.randrange(1, bits + 1))
            if rnd.randrange(2): x = (-x) & ((1 << bits) - 1)
        else:
            x = rnd.choice(EDGE[sz])
        w |= x << (bits * e)
    return w

def run(lines):
    p = subprocess.run(["qemu-aarch64", "-cpu", "cortex-a57", "/tmp/simdint/harness"], input="\n".join(lines) + "\n",
                       capture_output=True, text=True, check=True)
    return p.stdout.splitlines()

def lanes(vals, sz):
    """Packs lane values (any ints) of size sz into (lo, hi)."""
    bits = 8 << sz
    w = 0
    for e, v in enumerate(vals):
        w |= (v & ((1 << bits) - 1)) << (bits * e)
    return w & M64, (w >> 64) & M64

def edge_lane(sz):
    bits = 8 << sz
    lim = [0, 1, -1, 2, -2, (1 << (bits - 1)) - 1, -(1 << (bits - 1)), (1 << (bits - 1)) - 2, -(1 << (bits - 1)) + 1,
           1 << (bits - 2), (1 << (bits - 2)) - 1, -(1 << (bits - 2)), (1 << bits) - 1]
    if sz > 0:  # narrowing limits of the half size
        h = bits // 2
        lim += [(1 << (h - 1)) - 1, 1 << (h - 1), -(1 << (h - 1)), -(1 << (h - 1)) - 1, (1 << h) - 1, 1 << h]
    return rnd.choice(lim) if rnd.randrange(5) else rnd.getrandbits(bits)

def edge_reg(sz):
    return lanes([edge_lane(sz) for _ in range(128 >> (3 + sz))], sz)

def line(w, regs, fpsr=None):
    if fpsr is None: fpsr = rnd.choice([0, 0, 0x8000000, 0x10])
    return "%08x " % w + " ".join("%x" % v for r in regs for v in r) + " %x" % fpsr

def shift_set(bits):
    if bits == 8: return list(range(-128, 128))
    s = {0, 1, 2, -1, -2, 127, -128, -127, 126, 63, 64, 65, -63, -64, -65, 62, -62, 31, 32, 33, -31, -32, -33, 15, 16, 17, -15, -16, -17}
    s |= {bits - 2, bits - 1, bits, bits + 1, -(bits - 1), -bits, -(bits + 1)}
    return sorted(s)

def directed():
    """Edge cases: every interesting shift amount per size, and edge-value lanes for the saturating forms."""
    out = []
    for u in (0, 1):
        for opc in (8, 9, 10, 11):
            for sz in range(4):
                bits, per = 8 << sz, 128 >> (3 + sz)
                vals = [(1 << (bits - 1)) - 1, -(1 << (bits - 1)), -1, 1, -(1 << (bits - 1)) + 1, 0x5555555555555555 & ((1 << bits) - 1),
                        (1 << (bits - 2)) + 3, -(1 << (bits - 2)) - 3]
                pairs = [(v, sh) for v in vals for sh in shift_set(bits)]
                for k in range(0, len(pairs), per):
                    chunk = pairs[k:k + per]
                    while len(chunk) < per: chunk.append(chunk[0])
                    n = lanes([v for v, _ in chunk], sz)
                    m = lanes([(rnd.getrandbits(bits) & ~0xff) | (sh & 0xff) for _, sh in chunk], sz)
                    out.append(line(same(1, u, sz, opc) | 0 | 1 << 5 | 2 << 16, [edge_reg(sz), n, m, edge_reg(sz)]))
            for sz in range(4):   # scalar forms (SSHL, USHL, SRSHL, URSHL only at D)
                if sz < 3 and opc in (8, 10): continue
                bits = 8 << sz
                for sh in shift_set(bits)[:: (8 if bits == 8 else 1)]:
                    v = rnd.choice([(1 << (bits - 1)) - 1, -(1 << (bits - 1)), -1, 1, (1 << (bits - 2)) + 1, rnd.getrandbits(bits)])
                    n = (v & ((1 << bits) - 1), rnd.getrandbits(64))
                    m = ((rnd.getrandbits(64) & ~0xff) | (sh & 0xff), rnd.getrandbits(64))
                    out.append(line(same_s(1, u, sz, opc) | 3 | 1 << 5 | 2 << 16, [edge_reg(sz), n, m, edge_reg(sz)]))
    # Saturating and multiplying forms: lanes of edge values only.
    sat_words = []
    for u in (0, 1):
        for opc in (1, 5, 22):
            for sz in range(4):
                for q in (0, 1): sat_words.append(("same", same(q, u, sz, opc), sz))
                sat_words.append(("same", same_s(1, u, sz, opc), sz))
        for opc in (3, 7):
            for sz in range(4):
                for q in (0, 1): sat_words.append(("misc", misc(q, u, sz, opc), sz))
                sat_words.append(("misc", misc_s(1, u, sz, opc), sz))
        for opc in (18, 20):
            for sz in range(3):
                for q in (0, 1): sat_words.append(("misc", misc(q, u, sz, opc), sz + 1))
                sat_words.append(("misc", misc_s(1, u, sz, opc), sz + 1))
    for opc in (9, 11, 13):
        for sz in (1, 2):
            for q in (0, 1): sat_words.append(("same", diff(q, 0, sz, opc), sz))
            sat_words.append(("same", diff_s(1, 0, sz, opc), sz))
    for opc in (3, 7, 11, 12, 13):
        for sz in (1, 2):
            for q in (0, 1): sat_words.append(("elem", elem(q, 0, sz, opc), sz))
            sat_words.append(("elem", elem_s(1, 0, sz, opc), sz))
    for kind, w, sz in sat_words:
        if sz > 3: continue
        for k in range(8):
            ww = regs_word(kind, w)
            out.append(line(ww, [edge_reg(sz if rnd.randrange(3) else min(sz + 1, 3)) for _ in range(4)]))
    # Doubling multiplies: lanes from {MIN, MIN + 1, MAX, -1}, so MIN * MIN (saturating) is frequent;
    # the accumulator from the double-width limits, so the accumulation saturates too.
    for kind, w, sz in sat_words:
        if kind == "misc" or sz not in (1, 2) or not ((kind == "same" and (w >> 11) & 0x1f == 22 and (w >> 10) & 1)
                                                     or (w >> 12) & 0xf in (3, 7, 9, 11, 12, 13)):
            continue
        bits = 8 << sz
        mul = [-(1 << (bits - 1)), -(1 << (bits - 1)) + 1, (1 << (bits - 1)) - 1, -1]
        wide = [(1 << (2 * bits - 1)) - 1, -(1 << (2 * bits - 1)), 0, -1, 1, (1 << (2 * bits - 2)), -(1 << (2 * bits - 2))]
        for k in range(6):
            ww = regs_word(kind, w)
            regs = [lanes([rnd.choice(wide) for _ in range(64 // bits)], sz + 1) if rnd.randrange(2)
                    else lanes([rnd.choice(mul) for _ in range(128 // bits)], sz) for _ in range(4)]
            out.append(line(ww, regs))
    return out

def compact(res):
    """'insn in.. -> out..' to 'insn in.. -> k=v ..' listing only the values that changed (or 'undef')."""
    a, b = res.split(" -> ")
    if b == "undef": return res
    ins, outs = a.split()[1:], b.split()
    return a + " ->" + "".join(" %d=%s" % (k, o) for k, (i, o) in enumerate(zip(ins, outs)) if int(i, 16) != int(o, 16))

def main():
    words = []
    for kind, f, hasq, ops in CLASSES:
        for u in (0, 1):
            for opc in ops[u]:
                for size in range(4):
                    for q in ((0, 1) if hasq else (1,)):
                        words.append((kind, f(q, u, size, opc)))
    probe = run(["%08x 0 0 0 0 0 0 0 0 0" % w for _, w in words])
    out = []
    batch = []
    for (kind, w), res in zip(words, probe):
        if res.endswith("undef"):
            out.append("%08x 0 0 0 0 0 0 0 0 0 -> undef" % w)
            continue
        sz = (w >> 22) & 3
        shifty = kind.startswith("same") and ((w >> 11) & 0x1f) in (8, 9, 10, 11)
        for k in range(CASES):
            ww = regs_word(kind, w)
            vals = [value(sz if rnd.randrange(4) else rnd.randrange(4), shifty) for _ in range(8)]
            fpsr = rnd.choice([0, 0, 0x8000000, 0x10])
            batch.append("%08x " % ww + " ".join("%x" % v for v in vals) + " %x" % fpsr)
    batch += directed()
    out.extend(r for r in run(batch) if not r.endswith("undef"))   # the probe above lists the undefined words
    print("\n".join(compact(r) for r in out))

main()
