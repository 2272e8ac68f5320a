package dev.jaffa.interp.fp;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.memory.SystemBus;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FPCore's host-arithmetic fast paths give the same results and flags as the general code. */
class FPCoreFastPathTest {
    static long operand(SplittableRandom r, int esize) {
        int f = esize == 32 ? 23 : 52, emax = esize == 32 ? 255 : 2047, bias = emax / 2;
        int e;
        switch (r.nextInt(7)) {
            case 0: e = r.nextInt(4); break;
            case 1: e = emax - r.nextInt(4); break;
            case 2: e = bias / 2 + r.nextInt(7) - 3; break;
            case 3: e = bias + bias / 2 + r.nextInt(7) - 3; break;
            case 4: e = r.nextInt(emax + 1); break;
            default: e = bias + r.nextInt(9) - 4;
        }
        long m = r.nextLong() & ((1L << f) - 1);
        switch (r.nextInt(4)) {
            case 0: m &= -1L << (f - r.nextInt(8)); break;
            case 1: m |= (1L << f) - 1 - (1L << r.nextInt(f)); break;
            default:
        }
        return ((long) r.nextInt(2) << (esize - 1)) | ((long) e << f) | m;
    }

    @Test
    void fastPathsMatchGeneralCode() {
        Cpu c = new Cpu(0, new SystemBus());
        SplittableRandom r = new SplittableRandom(777);
        for (int i = 0; i < 2_000_000; i++) {
            int esize = r.nextBoolean() ? 32 : 64;
            int fpcr = (r.nextInt(4) << 22) | (r.nextInt(4) == 0 ? FPCore.FPCR_FZ : 0) | (r.nextInt(8) == 0 ? FPCore.FPCR_DN : 0);
            long a = operand(r, esize), b = operand(r, esize);
            int op = r.nextInt(6);
            if (op == 0 && r.nextInt(4) == 0) b = a ^ (1L << (esize - 1)) ^ r.nextInt(4);
            c.fpsr = 0;
            long fast, slow;
            int ff;
            switch (op) {
                case 0: fast = FPCore.add(a, b, esize, fpcr, c); ff = c.fpsr; c.fpsr = 0; slow = FPCore.addSlow(a, b, esize, fpcr, c, false); break;
                case 1: fast = FPCore.sub(a, b, esize, fpcr, c); ff = c.fpsr; c.fpsr = 0; slow = FPCore.addSlow(a, b ^ (1L << (esize - 1)), esize, fpcr, c, true); break;
                case 2: fast = FPCore.mul(a, b, esize, fpcr, c); ff = c.fpsr; c.fpsr = 0; slow = FPCore.mulSlow(a, b, esize, fpcr, c, false); break;
                case 3: fast = FPCore.div(a, b, esize, fpcr, c); ff = c.fpsr; c.fpsr = 0; slow = FPCore.divSlow(a, b, esize, fpcr, c); break;
                case 5: {
                    // Fused multiply-add, with addends near -a*b (cancellation) as often as not.
                    long add = operand(r, esize);
                    if (r.nextBoolean() && esize == 32) {
                        float pr = Float.intBitsToFloat((int) a) * Float.intBitsToFloat((int) b);
                        add = (Float.floatToRawIntBits(-pr) + r.nextInt(5) - 2) & 0xFFFFFFFFL;
                    } else if (r.nextBoolean() && esize == 64) {
                        double pr = Double.longBitsToDouble(a) * Double.longBitsToDouble(b);
                        add = Double.doubleToRawLongBits(-pr) + r.nextInt(5) - 2;
                        if (r.nextBoolean()) add ^= r.nextLong() & 0xFFFFFFFL;   // partial cancellation
                    }
                    fast = FPCore.mulAdd(add, a, b, esize, fpcr, c); ff = c.fpsr; c.fpsr = 0;
                    slow = FPCore.mulAddSlow(add, a, b, esize, fpcr, c);
                    break;
                }
                default: fast = FPCore.sqrt(a, esize, fpcr, c); ff = c.fpsr; c.fpsr = 0; slow = FPCore.sqrtSlow(a, esize, fpcr, c);
            }
            if (fast != slow || ff != c.fpsr) {
                fail(String.format("op %d esize %d fpcr %x a=%x b=%x: fast %x flags %x, general %x flags %x", op, esize, fpcr, a, b, fast, ff, slow, c.fpsr));
            }
        }
    }
}
