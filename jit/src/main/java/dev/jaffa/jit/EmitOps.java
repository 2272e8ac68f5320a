package dev.jaffa.jit;

import static org.objectweb.asm.Opcodes.*;

import dev.jaffa.interp.integer.IntOps;
import dev.jaffa.interp.memory.Memory;

/**
 * {@link IntOps} for the translator: running an integer row's semantics on this emits the
 * instruction inline into the region method, with guest registers, SP and the lazy flags in the
 * translator's locals, exactly as its own emitters keep them.
 *
 * <p>A handle is an index into this instruction's value table: a constant (folded at translation
 * time, including identities such as {@code x + 0}), a local (a register's own local, or a
 * temporary), or the value an operation has just left on the JVM stack ({@code pending}), which a
 * register write stores straight into the register's local and anything else first spills to a
 * temporary. Temporaries and handles are reset for each instruction.
 *
 * <p>A register handle names the register's local, so a read after the same instruction wrote the
 * register would see the new value, unlike the interpreter: that is rejected here (every
 * translation fails loudly in the tests) rather than emitted.
 */
final class EmitOps extends IntOps {
    private static final String ALU = "dev/jaffa/interp/integer/Alu", RT = "dev/jaffa/jit/JitRuntime";
    private static final int CONST = 0, LOCAL = 1;
    private static final int MAX = 64;
    /**
     * Long temporaries an instruction may use (locals from {@code Translator.TEMP0}, below 256 so
     * that their loads and stores are not WIDE: on locals numbered above 255 a load/store region's
     * bytecode grew 3%, and with it the C2-compiled code of bench.elf's hot loop got 12% slower).
     */
    static final int TEMPS = 8;
    /** Register index of SP in the write-generation table. */
    private static final int SP_REG = 32;

    private final Translator t;
    private final int[] kind = new int[MAX], slot = new int[MAX], reg = new int[MAX], gen = new int[MAX];
    private final long[] value = new long[MAX];
    /** Writes of each register (and SP) in this instruction, to recognise stale register handles. */
    private final int[] writes = new int[33];
    private int n, nextTemp, pending = -1;
    private long pc;
    /** The instruction's slot in the region (its exit stub leaves before it). */
    private int k;
    /** What the instruction ends as ({@code Translator.CONTINUES} ...), set by a conditional branch. */
    private int outcome;
    /** An unconditional branch taken at {@link #end}: NONE, to {@link #target} (B, BL), or to the target on the stack (BR, BLR, RET). */
    private int branch;
    private long target;
    private static final int NONE = 0, DIRECT = 1, DYNAMIC = 2;

    EmitOps(Translator t) { this.t = t; }

    /** Starts the instruction of region slot {@code k} at address {@code pc}. */
    void begin(long pc, int k) {
        this.pc = pc;
        this.k = k;
        key = PC_KEY;
        changed = false;
        n = 0;
        nextTemp = Translator.TEMP0;
        pending = -1;
        outcome = Translator.CONTINUES;
        branch = NONE;
        java.util.Arrays.fill(writes, 0);
    }

    /**
     * Ends the instruction: a value still on the stack was never used; an unconditional branch is
     * emitted now, after the link register write. Returns what the instruction ended as for the
     * translator's trace ({@code Translator.CONTINUES}, {@code ENDS_BLOCK}, {@code FOLLOWS}).
     */
    int end() {
        if (pending >= 0) t.mv.visitInsn(POP2);
        pending = -1;
        if (branch == DIRECT) return t.branchDirect(k, target);
        if (branch == DYNAMIC) return t.branchDynamic(k);
        return outcome;
    }

    // ---- the value table ----------------------------------------------------------------------

    private int handle(int k, long v, int s, int r) {
        if (n == MAX) throw new IllegalStateException("an instruction uses more than " + MAX + " values");
        kind[n] = k;
        value[n] = v;
        slot[n] = s;
        reg[n] = r;
        gen[n] = r >= 0 ? writes[r] : 0;
        return n++;
    }

    private int h(long handle) { return (int) handle; }

    private boolean isConst(long a) { return kind[h(a)] == CONST && h(a) != pending; }

    private boolean isConst(long a, long v) { return isConst(a) && value[h(a)] == v; }

    /** Stores the pending stack value into a temporary, so that it can be pushed again. */
    private void settle() {
        if (pending < 0) return;
        int p = pending;
        pending = -1;
        if (nextTemp == Translator.TEMP0 + 2 * TEMPS) throw new IllegalStateException("an instruction uses more than " + TEMPS + " temporaries");
        slot[p] = nextTemp;
        nextTemp += 2;
        t.mv.visitVarInsn(LSTORE, slot[p]);
    }

    /** Pushes the value of handle {@code a}. */
    private void push(long a) {
        int x = h(a);
        if (x == pending) {
            // Only reached through an operation that settled first; keep the stack discipline simple.
            throw new IllegalStateException("pending value pushed without settling");
        }
        if (kind[x] == CONST) {
            t.pushLong(value[x]);
            return;
        }
        if (reg[x] >= 0 && writes[reg[x]] != gen[x]) {
            throw new IllegalStateException("semantics read " + (reg[x] == SP_REG ? "SP" : "X" + reg[x])
                    + " after writing it in the same instruction (at 0x" + Long.toHexString(pc) + ")");
        }
        t.mv.visitVarInsn(LLOAD, slot[x]);
    }

    /** A new value computed onto the stack. */
    private long result() {
        int r = handle(LOCAL, 0, -1, -1);
        pending = r;
        return r;
    }

    private long binary(long a, long b, int opcode) {
        settle();
        push(a);
        push(b);
        t.mv.visitInsn(opcode);
        return result();
    }

    private long shift(long a, int amount, int opcode) {
        settle();
        push(a);
        t.pushInt(amount);
        t.mv.visitInsn(opcode);
        return result();
    }

    // ---- IntOps -------------------------------------------------------------------------------

    @Override public long x(int r) {
        if (r == 31) return constant(0);
        t.regUsed[r] = true;
        return handle(LOCAL, 0, Translator.REG0 + 2 * r, r);
    }

    @Override public long xSp(int r) {
        if (r != 31) return x(r);
        t.spUsed = true;
        return handle(LOCAL, 0, Translator.SP, SP_REG);
    }

    @Override public void setX(int r, long v) {
        if (r == 31) return;
        t.regUsed[r] = true;
        t.regWritten[r] = true;
        store(v, Translator.REG0 + 2 * r, r);
    }

    @Override public void setXSp(int r, long v) {
        if (r != 31) { setX(r, v); return; }
        t.spUsed = true;
        t.spWritten = true;
        store(v, Translator.SP, SP_REG);
    }

    /** Stores value {@code v} into register {@code r}'s local; a pending value goes straight there. */
    private void store(long v, int local, int r) {
        int x = h(v);
        if (x == pending) {
            pending = -1;
            t.mv.visitVarInsn(LSTORE, local);
            writes[r]++;
            changed = true;
            slot[x] = local;       // the value now lives in the register (until it is written again)
            reg[x] = r;
            gen[x] = writes[r];
            return;
        }
        push(v);
        t.mv.visitVarInsn(LSTORE, local);
        writes[r]++;
        changed = true;
    }

    @Override public long constant(long v) { return handle(CONST, v, -1, -1); }

    @Override public long pc() { return constant(pc); }

    @Override public long add(long a, long b) {
        if (isConst(a) && isConst(b)) return constant(value[h(a)] + value[h(b)]);
        if (isConst(b, 0)) return a;
        if (isConst(a, 0)) return b;
        return binary(a, b, LADD);
    }

    @Override public long sub(long a, long b) {
        if (isConst(a) && isConst(b)) return constant(value[h(a)] - value[h(b)]);
        if (isConst(b, 0)) return a;
        return binary(a, b, LSUB);
    }

    @Override public long and(long a, long b) {
        if (isConst(a) && isConst(b)) return constant(value[h(a)] & value[h(b)]);
        if (isConst(a, 0) || isConst(b, 0)) return constant(0);
        if (isConst(b, -1)) return a;
        if (isConst(a, -1)) return b;
        return binary(a, b, LAND);
    }

    @Override public long or(long a, long b) {
        if (isConst(a) && isConst(b)) return constant(value[h(a)] | value[h(b)]);
        if (isConst(b, 0)) return a;
        if (isConst(a, 0)) return b;
        return binary(a, b, LOR);
    }

    @Override public long xor(long a, long b) {
        if (isConst(a) && isConst(b)) return constant(value[h(a)] ^ value[h(b)]);
        if (isConst(b, 0)) return a;
        if (isConst(a, 0)) return b;
        return binary(a, b, LXOR);
    }

    @Override public long lsl(long a, int s) {
        if (isConst(a)) return constant(value[h(a)] << s);
        return s == 0 ? a : shift(a, s, LSHL);
    }

    @Override public long lsr(long a, int s) {
        if (isConst(a)) return constant(value[h(a)] >>> s);
        return s == 0 ? a : shift(a, s, LUSHR);
    }

    @Override public long asr(long a, int s) {
        if (isConst(a)) return constant(value[h(a)] >> s);
        return s == 0 ? a : shift(a, s, LSHR);
    }

    @Override public long ror(long a, int s, boolean sf) {
        if (isConst(a)) return constant(dev.jaffa.interp.integer.Alu.ror(value[h(a)], s, sf));
        if (sf && s == 0) return a;
        settle();
        push(a);
        if (sf) {
            t.pushInt(s);
            t.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "rotateRight", "(JI)J", false);
        } else {
            t.mv.visitInsn(L2I);
            if (s != 0) {
                t.pushInt(s);
                t.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "rotateRight", "(II)I", false);
            }
            t.mv.visitInsn(I2L);
            t.pushLong(0xFFFF_FFFFL);
            t.mv.visitInsn(LAND);
        }
        return result();
    }

    @Override public long zeroExtend32(long a) {
        if (isConst(a)) return constant(value[h(a)] & 0xFFFF_FFFFL);
        return binary(a, constant(0xFFFF_FFFFL), LAND);
    }

    @Override public void nzcvAdd(long a, long b, long r, boolean sf) {
        flags(a, b, r, sf ? JitRuntime.K_ADD64 : JitRuntime.K_ADD32);
    }

    @Override public void nzcvSub(long a, long b, long r, boolean sf) {
        flags(a, b, r, sf ? JitRuntime.K_SUB64 : JitRuntime.K_SUB32);
    }

    @Override public void nzcvLogic(long r, boolean sf) {
        flags(-1, -1, r, sf ? JitRuntime.K_LOGIC64 : JitRuntime.K_LOGIC32);
    }

    /**
     * Records the lazy flags (operands, result and kind: JitRuntime.nzcv computes NZCV from them
     * where it is needed, a condition right after compares the operands) and the static kind the
     * translator's conditions use. A pending result stays on the stack for the register write.
     */
    private void flags(long a, long b, long r, int k) {
        changed = true;
        t.flagsUsed = true;
        t.flagsWritten = true;
        if (a >= 0 && (h(a) == pending || h(b) == pending)) settle();   // an operand is the result (x + 0 folded)
        if (h(r) == pending) t.mv.visitInsn(DUP2); else push(r);
        t.mv.visitVarInsn(LSTORE, Translator.FR);
        if (a >= 0) {              // the logical kinds need only the result
            push(a);
            t.mv.visitVarInsn(LSTORE, Translator.FA);
            push(b);
            t.mv.visitVarInsn(LSTORE, Translator.FB);
        }
        t.pushInt(k);
        t.mv.visitVarInsn(ISTORE, Translator.FK);
        t.sk = k;
    }

    // ---- data processing (register) -----------------------------------------------------------

    /** Pushes operand a for a unary operation (the caller emits it and returns {@link #result}). */
    private void operand(long a) {
        settle();
        push(a);
    }

    private void invoke(String owner, String name, String desc) {
        t.mv.visitMethodInsn(INVOKESTATIC, owner, name, desc, false);
    }

    @Override public long signExtend(long a, int bits) {
        if (isConst(a)) return constant(value[h(a)] << (64 - bits) >> (64 - bits));
        settle();
        push(a);
        t.mv.visitInsn(L2I);
        if (bits == 8) t.mv.visitInsn(I2B);
        else if (bits == 16) t.mv.visitInsn(I2S);
        t.mv.visitInsn(I2L);
        return result();
    }

    @Override public long mul(long a, long b) {
        if (isConst(a) && isConst(b)) return constant(value[h(a)] * value[h(b)]);
        if (isConst(a, 0) || isConst(b, 0)) return constant(0);
        if (isConst(b, 1)) return a;
        if (isConst(a, 1)) return b;
        return binary(a, b, LMUL);
    }

    @Override public long mulHigh(long a, long b, boolean signed) {
        settle();
        push(a);
        push(b);
        if (signed) invoke("java/lang/Math", "multiplyHigh", "(JJ)J");
        else invoke(ALU, "unsignedMultiplyHigh", "(JJ)J");
        return result();
    }

    @Override public long div(long a, long b, boolean signed, boolean sf) {
        settle();
        push(a);
        push(b);
        invoke(RT, (signed ? "sdiv" : "udiv") + (sf ? "64" : "32"), "(JJ)J");
        return result();
    }

    /** Shifts by a register: the JVM's shifts take the amount modulo 64 (long) or 32 (int), as A64 does. */
    @Override public long shiftV(int type, long a, long n, boolean sf) {
        settle();
        push(a);
        if (!sf) t.mv.visitInsn(L2I);
        push(n);
        t.mv.visitInsn(L2I);
        if (type == 3) {
            if (sf) invoke("java/lang/Long", "rotateRight", "(JI)J");
            else invoke("java/lang/Integer", "rotateRight", "(II)I");
        } else {
            int[] ops = sf ? new int[] {LSHL, LUSHR, LSHR} : new int[] {ISHL, IUSHR, ISHR};
            t.mv.visitInsn(ops[type]);
        }
        if (!sf) t.mv.visitInsn(I2L);
        return result();
    }

    @Override public long clz(long a, boolean sf) {
        operand(a);
        if (sf) invoke("java/lang/Long", "numberOfLeadingZeros", "(J)I");
        else { t.mv.visitInsn(L2I); invoke("java/lang/Integer", "numberOfLeadingZeros", "(I)I"); }
        t.mv.visitInsn(I2L);
        return result();
    }

    @Override public long cls(long a, boolean sf) {
        operand(a);
        t.mv.visitInsn(sf ? ICONST_1 : ICONST_0);
        invoke(ALU, "cls", "(JZ)J");
        return result();
    }

    /** RBIT, REV: Long's method, or Integer's on the low half. */
    private long longOrInt(long a, boolean sf, String name) {
        operand(a);
        if (sf) invoke("java/lang/Long", name, "(J)J");
        else { t.mv.visitInsn(L2I); invoke("java/lang/Integer", name, "(I)I"); t.mv.visitInsn(I2L); }
        return result();
    }

    @Override public long rbit(long a, boolean sf) { return longOrInt(a, sf, "reverse"); }

    @Override public long rev(long a, boolean sf) { return longOrInt(a, sf, "reverseBytes"); }

    @Override public long rev16(long a) {
        operand(a);
        invoke(ALU, "rev16", "(J)J");
        return result();
    }

    @Override public long rev32(long a) {
        operand(a);
        invoke(ALU, "rev32", "(J)J");
        return result();
    }

    @Override public long crc32(long acc, long data, int bytes, boolean castagnoli) {
        settle();
        push(acc);
        t.mv.visitInsn(L2I);
        push(data);
        t.pushInt(bytes);
        t.mv.visitInsn(castagnoli ? ICONST_1 : ICONST_0);
        invoke(ALU, "crc", "(IJIZ)I");
        t.mv.visitInsn(I2L);
        return result();
    }

    /** PSTATE.C from the lazy flags. */
    @Override public long carry() {
        settle();
        t.flagsUsed = true;
        t.dynamicNzcv();
        t.mv.visitInsn(ICONST_1);
        t.mv.visitInsn(IUSHR);
        t.mv.visitInsn(ICONST_1);
        t.mv.visitInsn(IAND);
        t.mv.visitInsn(I2L);
        return result();
    }

    /**
     * The translator's conditions ({@code Translator.condition}: after a compare, the operands are
     * compared directly), branching between pushes of a and b.
     */
    @Override public long select(int cond, long a, long b) {
        if (cond >= 14) return a;                    // AL, NV: always
        settle();
        org.objectweb.asm.Label holds = new org.objectweb.asm.Label(), done = new org.objectweb.asm.Label();
        t.condition(cond, holds);
        push(b);
        t.mv.visitJumpInsn(GOTO, done);
        t.mv.visitLabel(holds);
        push(a);
        t.mv.visitLabel(done);
        return result();
    }

    /** As the translator did CCMP: #nzcv when the condition fails, else the lazy flags of the compare. */
    @Override public void ccmp(int cond, long a, long b, boolean sub, int nzcv, boolean sf) {
        changed = true;
        settle();
        org.objectweb.asm.Label holds = new org.objectweb.asm.Label(), done = new org.objectweb.asm.Label();
        t.condition(cond, holds);
        t.pushInt(JitRuntime.K_NZCV);
        t.mv.visitVarInsn(ISTORE, Translator.FK);
        t.pushLong(nzcv);
        t.mv.visitVarInsn(LSTORE, Translator.FR);
        t.mv.visitJumpInsn(GOTO, done);
        t.mv.visitLabel(holds);
        push(a);
        t.mv.visitVarInsn(LSTORE, Translator.FA);
        push(b);
        t.mv.visitVarInsn(LSTORE, Translator.FB);
        push(a);
        push(b);
        t.mv.visitInsn(sub ? LSUB : LADD);
        t.mv.visitVarInsn(LSTORE, Translator.FR);
        t.pushInt(sub ? (sf ? JitRuntime.K_SUB64 : JitRuntime.K_SUB32) : (sf ? JitRuntime.K_ADD64 : JitRuntime.K_ADD32));
        t.mv.visitVarInsn(ISTORE, Translator.FK);
        t.mv.visitLabel(done);
        t.flagsUsed = true;
        t.flagsWritten = true;
        t.sk = Translator.DYNAMIC;
    }

    // ---- branches -----------------------------------------------------------------------------

    /** A branch's constant target (every PC-relative one folds to a constant). */
    private long constantTarget(long target) {
        if (!isConst(target)) throw new IllegalStateException("a conditional branch to a computed target (at 0x" + Long.toHexString(pc) + ")");
        return value[h(target)];
    }

    /**
     * B, BL: the translator's direct branch at {@link #end} (a jump to a region head, the trace
     * following it on the page, or an exit); BR, BLR, RET: the target pushed now (before BLR writes
     * X30), an exit at the end.
     */
    @Override public void branch(long target) {
        if (isConst(target)) {
            branch = DIRECT;
            this.target = value[h(target)];
            return;
        }
        if (h(target) == pending) pending = -1;     // already on the stack
        else { settle(); push(target); }
        branch = DYNAMIC;
    }

    /** The translator's condition (after a compare, the operands compared directly), then its side exit or jump. */
    @Override public void branchIf(int cond, long target) {
        long to = constantTarget(target);
        settle();
        org.objectweb.asm.Label taken = new org.objectweb.asm.Label();
        t.condition(cond, taken);
        outcome = t.conditional(k, to, taken);
    }

    /** As the translator did CBZ/TBZ: the low word as an int, the whole register, or one bit, against zero. */
    @Override public void branchIfZero(long v, long mask, boolean nonZero, long target) {
        long to = constantTarget(target);
        settle();
        org.objectweb.asm.Label taken = new org.objectweb.asm.Label();
        push(v);
        if (mask == 0xFFFF_FFFFL) {
            t.mv.visitInsn(L2I);
        } else {
            if (mask != -1) { t.pushLong(mask); t.mv.visitInsn(LAND); }
            t.mv.visitInsn(LCONST_0);
            t.mv.visitInsn(LCMP);
        }
        t.mv.visitJumpInsn(nonZero ? IFNE : IFEQ, taken);
        outcome = t.conditional(k, to, taken);
    }

    @Override public void clearExclusive() {
        changed = true;
        settle();
        t.mv.visitVarInsn(ALOAD, Translator.C);
        t.mv.visitLdcInsn(-1L);
        t.mv.visitFieldInsn(PUTFIELD, "dev/jaffa/interp/Cpu", "exclusiveAddr", "J");
    }

    // ---- loads and stores: the inline TLB hit path ----------------------------------------------
    //
    // A miss, or an SP that SCTLR.SA would fault, leaves the region before the instruction, so the
    // interpreter runs it with precise exceptions: every such test must come before the instruction
    // changes anything (IntOps says so to semantics authors; this enforces it).

    /** Page-cache key of a PC-relative access (literal loads); a base register's key is its number (SP 31). */
    private static final int PC_KEY = 32;
    /** The page-cache key of this instruction's accesses: its base register, or {@link #PC_KEY}. */
    private int key;
    /** Whether this instruction has written a register, the flags or memory: it can no longer leave before itself. */
    private boolean changed;

    private void mayLeave(String what) {
        if (changed) {
            throw new IllegalStateException("semantics " + what + " after changing state (at 0x" + Long.toHexString(pc)
                    + "): a miss could not leave before the instruction");
        }
    }

    /** Xn; SP leaves the region unless 16-byte aligned (the interpreter applies SCTLR_ELx.SA/SA0). */
    @Override public long base(int n) {
        mayLeave("read a base register");
        key = n;
        if (n != 31) return x(n);
        long sp = xSp(31);
        settle();
        push(sp);
        t.pushLong(15);
        t.mv.visitInsn(LAND);
        t.mv.visitInsn(LCONST_0);
        t.mv.visitInsn(LCMP);
        t.mv.visitJumpInsn(IFNE, t.before(k));
        return sp;
    }

    /**
     * Leaves the region before this instruction unless the access at a hits the TLB; returns the
     * local then holding the page. The key's page cache (tag and page locals) is compared first, and
     * only on a mismatch the TLB slot, which refills it. A hit implies natural alignment, which is
     * all an ORDERED access adds on Normal memory. The stack must be empty (the exit stub's).
     */
    private int hit(boolean write, int bytes, long a) {
        if (write) t.writesMem = true; else t.readsMem = true;
        t.cacheUsed[2 * key + (write ? 1 : 0)] = true;
        int tag = t.cacheTag(key, write);
        long mask = Memory.PAGE_MASK | (bytes - 1);
        org.objectweb.asm.Label ok = new org.objectweb.asm.Label();
        push(a);
        t.pushLong(mask);
        t.mv.visitInsn(LAND);
        t.mv.visitVarInsn(LLOAD, tag);
        t.mv.visitInsn(LCMP);
        t.mv.visitJumpInsn(IFEQ, ok);
        // Refill from the TLB slot, entering the page there if it can be: the page, or null where the
        // access needs the slow path (then the region is left, and the page local is not read again).
        t.mv.visitVarInsn(ALOAD, Translator.C);
        t.mv.visitFieldInsn(GETFIELD, "dev/jaffa/interp/Cpu", "mem", "Ldev/jaffa/interp/memory/Memory;");
        t.mv.visitVarInsn(ALOAD, write ? Translator.WR_TAGS : Translator.RD_TAGS);
        t.mv.visitVarInsn(ALOAD, write ? Translator.WR_PAGES : Translator.RD_PAGES);
        push(a);
        t.pushLong(mask);
        t.mv.visitInsn(write ? ICONST_1 : ICONST_0);
        invoke(RT, "lookupOrFill", "(Ldev/jaffa/interp/memory/Memory;[J[[BJJZ)[B");
        t.mv.visitInsn(DUP);
        t.mv.visitVarInsn(ASTORE, tag + 2);
        t.mv.visitJumpInsn(IFNULL, t.before(k));
        push(a);
        t.pushLong(Memory.PAGE_MASK);
        t.mv.visitInsn(LAND);
        t.mv.visitVarInsn(LSTORE, tag);
        t.mv.visitLabel(ok);
        return t.cachePage(key, write);
    }

    private static void checkAccess(int access) {
        // LDTR/STTR need EL0's permissions at EL1, which the TLB's tags do not show: Row.NOT_INLINE.
        if (access == UNPRIVILEGED) throw new IllegalStateException("unprivileged accesses are not translated inline");
    }

    @Override public long load(long a, int bytes, int access) {
        checkAccess(access);
        mayLeave("load");
        settle();
        int page = hit(false, bytes, a);
        t.mv.visitVarInsn(ALOAD, page);
        push(a);
        invoke(RT, "ld" + bytes * 8, "([BJ)J");
        return result();
    }

    /** Stores v at a from the page local {@code page}. */
    private void emitStore(int page, long a, long v, int bytes) {
        t.mv.visitVarInsn(ALOAD, page);
        push(a);
        push(v);
        invoke(RT, "st" + bytes * 8, "([BJJ)V");
    }

    @Override public void store(long a, long v, int bytes, int access) {
        checkAccess(access);
        mayLeave("store");
        settle();
        emitStore(hit(true, bytes, a), a, v, bytes);
        changed = true;
    }

    /** Both halves (which may lie in different pages: the first one's is kept in PG1) are checked before either store. */
    @Override public void storePair(long a, long v1, long v2, int bytes) {
        mayLeave("store");
        long a2 = add(a, constant(bytes));
        settle();
        t.mv.visitVarInsn(ALOAD, hit(true, bytes, a));
        t.mv.visitVarInsn(ASTORE, Translator.PG1);
        int page2 = hit(true, bytes, a2);
        emitStore(Translator.PG1, a, v1, bytes);
        emitStore(page2, a2, v2, bytes);
        changed = true;
    }
}
