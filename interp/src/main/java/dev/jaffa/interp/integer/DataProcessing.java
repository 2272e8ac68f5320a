package dev.jaffa.interp.integer;

import dev.jaffa.interp.Cpu;

/**
 * Integer data-processing (register) instructions (Arm ARM C4.1.5). Each method executes one
 * instruction form from {@link dev.jaffa.interp.isa.Insn}; field extraction follows the encoding
 * table. Data processing (immediate) is in the row table ({@link DataProcessingImmRows}).
 */
public final class DataProcessing {
    private DataProcessing() {}

    public static int rd(int i) { return i & 31; }
    public static int rn(int i) { return (i >>> 5) & 31; }
    public static int rm(int i) { return (i >>> 16) & 31; }
    public static int ra(int i) { return (i >>> 10) & 31; }
    public static boolean sf(int i) { return i < 0; }

    /** Writes a result to Rd as 64 or (zero-extended) 32 bits. */
    private static void put(Cpu c, int rd, boolean sf, long v) {
        c.x[rd] = sf ? v : v & 0xFFFF_FFFFL;
        c.x[31] = 0;
    }

    /** Add/subtract with flags; Rn may be SP, Rd is SP when no flags are set. */
    private static void addSub(Cpu c, int i, long a, long b, boolean rdIsSp) {
        boolean sf = sf(i), sub = (i & (1 << 30)) != 0, setFlags = (i & (1 << 29)) != 0;
        int rd = rd(i);
        if (sub) b = ~b;
        long carry = sub ? 1 : 0;
        if (sf) {
            long r = a + b + carry;
            if (setFlags) c.nzcv = Alu.addFlags64(a, b, r);
            if (rdIsSp && !setFlags) c.setXOrSp(rd, r); else c.setX(rd, r);
        } else {
            int r = (int) a + (int) b + (int) carry;
            if (setFlags) c.nzcv = Alu.addFlags32((int) a, (int) b, r);
            long v = r & 0xFFFF_FFFFL;
            if (rdIsSp && !setFlags) c.setXOrSp(rd, v); else c.setX(rd, v);
        }
    }

    /**
     * ADD/SUB (shifted register) values the Arm ARM reserves: shift type 0b11 (ROR), and a shift
     * amount of 32 or more in the 32-bit form. Interpreter, JIT and disassembler ask here.
     */
    public static boolean addSubShiftReserved(int i) {
        return ((i >>> 22) & 3) == 3 || i >= 0 && ((i >>> 10) & 63) >= 32;
    }

    public static void addSubShiftedReg(Cpu c, int i) {
        int shift = (i >>> 22) & 3, amount = (i >>> 10) & 63;
        if (addSubShiftReserved(i)) throw c.undefined();
        long m = sf(i) ? Alu.shift64(c.x[rm(i)], shift, amount) : Alu.shift32((int) c.x[rm(i)], shift, amount);
        addSub(c, i, c.x[rn(i)], m, false);
    }

    public static void addSubExtendedReg(Cpu c, int i) {
        int option = (i >>> 13) & 7, amount = (i >>> 10) & 7;
        if (amount > 4) throw c.undefined();
        addSub(c, i, c.xOrSp(rn(i)), Alu.extend(c.x[rm(i)], option, amount), true);
    }

    public static void adcSbc(Cpu c, int i) {
        boolean sf = sf(i), sub = (i & (1 << 30)) != 0, setFlags = (i & (1 << 29)) != 0;
        long a = c.x[rn(i)], b = c.x[rm(i)];
        if (sub) b = ~b;
        int carry = (c.nzcv >>> 1) & 1;
        if (sf) {
            long r = a + b + carry;
            if (setFlags) c.nzcv = Alu.addFlags64(a, b, r);
            c.setX(rd(i), r);
        } else {
            int r = (int) a + (int) b + carry;
            if (setFlags) c.nzcv = Alu.addFlags32((int) a, (int) b, r);
            c.setW(rd(i), r);
        }
    }

    public static void logicalShiftedReg(Cpu c, int i) {
        boolean sf = sf(i);
        int shift = (i >>> 22) & 3, amount = (i >>> 10) & 63;
        if (!sf && amount >= 32) throw c.undefined();
        long m = sf ? Alu.shift64(c.x[rm(i)], shift, amount) : Alu.shift32((int) c.x[rm(i)], shift, amount);
        if ((i & (1 << 21)) != 0) m = ~m;
        logical(c, i, c.x[rn(i)], m);
    }

    /** AND, ORR, EOR, ANDS by opc (bits 30:29). */
    private static void logical(Cpu c, int i, long a, long b) {
        int opc = (i >>> 29) & 3;
        boolean sf = sf(i);
        long r;
        switch (opc) {
            case 0: r = a & b; break;
            case 1: r = a | b; break;
            case 2: r = a ^ b; break;
            default:
                r = a & b;
                c.nzcv = sf ? Alu.logicFlags64(r) : Alu.logicFlags32((int) r);
                break;
        }
        put(c, rd(i), sf, r);
    }

    public static void condCompare(Cpu c, int i, boolean immediate) {
        int cond = (i >>> 12) & 15;
        if (!Alu.conditionHolds(cond, c.nzcv)) {
            c.nzcv = i & 15;
            return;
        }
        boolean sf = sf(i), sub = (i & (1 << 30)) != 0;
        long a = c.x[rn(i)];
        long b = immediate ? rm(i) : c.x[rm(i)];
        if (sub) b = ~b;
        int carry = sub ? 1 : 0;
        if (sf) c.nzcv = Alu.addFlags64(a, b, a + b + carry);
        else c.nzcv = Alu.addFlags32((int) a, (int) b, (int) a + (int) b + carry);
    }

    public static void condSelect(Cpu c, int i) {
        int cond = (i >>> 12) & 15;
        long r;
        if (Alu.conditionHolds(cond, c.nzcv)) {
            r = c.x[rn(i)];
        } else {
            r = c.x[rm(i)];
            boolean inv = (i & (1 << 30)) != 0, inc = (i & (1 << 10)) != 0;
            if (inv) r = ~r;
            if (inc) r++;
        }
        put(c, rd(i), sf(i), r);
    }

    public static void dataProc1(Cpu c, int i) {
        boolean sf = sf(i);
        int opcode = (i >>> 10) & 63;
        long v = c.x[rn(i)];
        long r;
        switch (opcode) {
            case 0: r = sf ? Long.reverse(v) : Integer.reverse((int) v); break;                    // RBIT
            case 1: r = sf ? rev16(v) : rev16(v) & 0xFFFF_FFFFL; break;                             // REV16
            case 2: r = sf ? rev32(v) : Integer.reverseBytes((int) v); break;                       // REV32 / REV (W)
            case 3: if (!sf) throw c.undefined(); r = Long.reverseBytes(v); break;                  // REV (X)
            case 4: r = sf ? Long.numberOfLeadingZeros(v) : Integer.numberOfLeadingZeros((int) v); break; // CLZ
            case 5: r = sf ? Long.numberOfLeadingZeros(v ^ (v >> 1)) - 1                             // CLS
                           : Integer.numberOfLeadingZeros((int) v ^ ((int) v >> 1)) - 1; break;
            default: throw c.undefined();
        }
        put(c, rd(i), sf, r);
    }

    private static long rev16(long v) {
        return ((v & 0x00FF00FF00FF00FFL) << 8) | ((v >>> 8) & 0x00FF00FF00FF00FFL);
    }

    private static long rev32(long v) {
        long hi = Integer.reverseBytes((int) (v >>> 32)) & 0xFFFF_FFFFL;
        long lo = Integer.reverseBytes((int) v) & 0xFFFF_FFFFL;
        return hi << 32 | lo;
    }

    public static void dataProc2(Cpu c, int i) {
        boolean sf = sf(i);
        int opcode = (i >>> 10) & 63;
        long a = c.x[rn(i)], b = c.x[rm(i)];
        long r;
        switch (opcode) {
            case 2:                                                                                  // UDIV
                r = sf ? (b == 0 ? 0 : Long.divideUnsigned(a, b))
                       : ((int) b == 0 ? 0 : Integer.divideUnsigned((int) a, (int) b));
                break;
            case 3:                                                                                  // SDIV
                r = sf ? (b == 0 ? 0 : a / b) : ((int) b == 0 ? 0 : (int) a / (int) b);
                break;
            case 8: case 9: case 10: case 11:                                                        // LSLV..RORV
                r = sf ? Alu.shift64(a, opcode - 8, (int) b & 63) : Alu.shift32((int) a, opcode - 8, (int) b & 31);
                break;
            case 16: case 17: case 18: case 19: case 20: case 21: case 22: case 23: {               // CRC32[C]
                int size = opcode & 3;
                if (size == 3 != sf) throw c.undefined();
                r = Alu.crc((int) a, b, 1 << size, (opcode & 4) != 0) & 0xFFFF_FFFFL;
                c.setX(rd(i), r);
                return;
            }
            default:
                throw c.undefined();
        }
        put(c, rd(i), sf, r);
    }

    public static void dataProc3(Cpu c, int i) {
        boolean sf = sf(i);
        int op31 = (i >>> 21) & 7;
        boolean o0 = (i & (1 << 15)) != 0;
        long n = c.x[rn(i)], m = c.x[rm(i)], a = c.x[ra(i)];
        long r;
        if (op31 == 0) {                                                                             // MADD/MSUB
            r = o0 ? a - n * m : a + n * m;
        } else {
            if (!sf) throw c.undefined();
            switch (op31) {
                case 1: r = o0 ? a - (long) (int) n * (int) m : a + (long) (int) n * (int) m; break; // SMADDL/SMSUBL
                case 5: {                                                                            // UMADDL/UMSUBL
                    long p = (n & 0xFFFF_FFFFL) * (m & 0xFFFF_FFFFL);
                    r = o0 ? a - p : a + p;
                    break;
                }
                case 2: if (o0) throw c.undefined(); r = Math.multiplyHigh(n, m); break;            // SMULH
                case 6: if (o0) throw c.undefined(); r = Alu.unsignedMultiplyHigh(n, m); break;     // UMULH
                default: throw c.undefined();
            }
        }
        put(c, rd(i), sf, r);
    }
}
