package dev.jaffa.interp.integer;

/**
 * The operations integer semantics are written in, so that one method per instruction serves both
 * engines: {@link InterpOps} performs them on the CPU, the JIT's {@code EmitOps} emits JVM bytecode
 * for them (registers and lazy flags in locals, as its own code keeps them).
 *
 * <p>Values are {@code long} handles. When interpreting a handle is the value itself; when
 * translating it names a JVM local or a constant, so semantics must never look at a handle's
 * number: they branch only on instruction bits (constant at translation time) and compute on
 * values only through these methods. Java on constants (field extraction, {@link Alu#wmask}) is
 * plain Java in both engines, wrapped with {@link #constant}.
 *
 * <p>A semantics method reads its source registers before it writes any destination (the JIT's
 * register handles name the register locals themselves: a register read after the write would see
 * the new value; {@code EmitOps} rejects that when it translates).
 *
 * <p>An abstract class rather than an interface: a call through it is a vtable call, and the
 * interpreter's sites see one receiver class ({@link InterpOps} is final).
 */
public abstract class IntOps {
    /** X[r], XZR (0) for 31. */
    public abstract long x(int r);

    /** X[r], SP for 31. */
    public abstract long xSp(int r);

    /** X[r] = v (64 bits as given); discarded for 31. */
    public abstract void setX(int r, long v);

    /** X[r] = v, SP for 31. */
    public abstract void setXSp(int r, long v);

    /** A constant value. */
    public abstract long constant(long v);

    /** The address of this instruction. */
    public abstract long pc();

    public abstract long add(long a, long b);

    public abstract long sub(long a, long b);

    public abstract long and(long a, long b);

    public abstract long or(long a, long b);

    public abstract long xor(long a, long b);

    /** a << n, 0 <= n < 64. */
    public abstract long lsl(long a, int n);

    /** a >>> n, 0 <= n < 64. */
    public abstract long lsr(long a, int n);

    /** a >> n (arithmetic), 0 <= n < 64. */
    public abstract long asr(long a, int n);

    /** ROR(a, n) of the 64-bit value, or of the low 32 bits (result zero-extended) when !sf. */
    public abstract long ror(long a, int n, boolean sf);

    /** The low 32 bits of a, zero-extended. */
    public abstract long zeroExtend32(long a);

    /** PSTATE.NZCV = the flags of AddWithCarry(a, b, '0') with result r (at 64 or 32 bits). */
    public abstract void nzcvAdd(long a, long b, long r, boolean sf);

    /** PSTATE.NZCV = the flags of AddWithCarry(a, NOT(b), '1') with result r = a - b. */
    public abstract void nzcvSub(long a, long b, long r, boolean sf);

    /** PSTATE.NZCV = N and Z of r, C = V = 0 (logical operations). */
    public abstract void nzcvLogic(long r, boolean sf);

    /** SignExtend(a<bits-1:0>), bits 8, 16 or 32. */
    public abstract long signExtend(long a, int bits);

    /** a * b (the low 64 bits). */
    public abstract long mul(long a, long b);

    /** The high 64 bits of the 128-bit product, signed (SMULH) or unsigned (UMULH). */
    public abstract long mulHigh(long a, long b, boolean signed);

    /**
     * UDIV/SDIV at 64 bits, or of the low 32 bits (result zero-extended) when !sf: a zero divisor
     * gives 0, and the most negative value divided by -1 gives itself.
     */
    public abstract long div(long a, long b, boolean signed, boolean sf);

    /**
     * LSLV, LSRV, ASRV, RORV (type 0-3): a shifted by n modulo the operation size; when !sf only the
     * low 32 bits of the result are defined.
     */
    public abstract long shiftV(int type, long a, long n, boolean sf);

    /** CLZ at 64 bits or of the low 32 bits. */
    public abstract long clz(long a, boolean sf);

    /** CLS (leading bits equal to the sign bit, not counting it) at 64 bits or of the low 32 bits. */
    public abstract long cls(long a, boolean sf);

    /** RBIT; when !sf of the low 32 bits, only the low 32 bits of the result defined. */
    public abstract long rbit(long a, boolean sf);

    /** REV: the bytes of the register reversed; when !sf of the low 32 bits, only the low 32 bits of the result defined. */
    public abstract long rev(long a, boolean sf);

    /** REV16: the bytes of each halfword reversed. */
    public abstract long rev16(long a);

    /** REV32: the bytes of each word reversed. */
    public abstract long rev32(long a);

    /** CRC32/CRC32C: the low {@code bytes} bytes of data into the checksum in the low 32 bits of acc (low 32 bits of the result defined). */
    public abstract long crc32(long acc, long data, int bytes, boolean castagnoli);

    /** PSTATE.C as 0 or 1 (ADC, SBC). */
    public abstract long carry();

    /** ConditionHolds(cond) ? a : b (CSEL and its kin). */
    public abstract long select(int cond, long a, long b);

    /**
     * CCMP/CCMN: PSTATE.NZCV = ConditionHolds(cond) ? the flags of a - b ({@code sub}) or a + b at
     * 64 or 32 bits : nzcv.
     */
    public abstract void ccmp(int cond, long a, long b, boolean sub, int nzcv, boolean sf);

    /** Clears the local exclusive monitor (CLREX): the next store-exclusive fails. */
    public abstract void clearExclusive();

    // Branches (BranchRows). Each reads its operands at once and is the instruction's last
    // operation, but for the link register write of BL/BLR, which follows it (so BLR X30 reads the
    // old X30); the branch takes effect when the instruction ends.

    /** BranchTo(target): B, BL (target PC-relative, a constant), BR, BLR, RET (a register). */
    public abstract void branch(long target);

    /** B.cond: BranchTo(target) if ConditionHolds(cond); target a constant. */
    public abstract void branchIf(int cond, long target);

    /**
     * CBZ/CBNZ and TBZ/TBNZ: BranchTo(target) if (v AND mask) is zero, or nonzero when {@code
     * nonZero}; mask -1 (64 bits), 0xFFFFFFFF (32 bits) or one bit; target a constant.
     */
    public abstract void branchIfZero(long v, long mask, boolean nonZero, long target);

    // ---- loads and stores (LoadStoreRows) -----------------------------------------------------
    //
    // An access may fault. Interpreting, the fault is raised from inside (the CPU is then at the
    // vector); translated code instead leaves its region BEFORE the instruction whenever an access
    // misses its inline TLB test (or SP is misaligned), and the interpreter runs it again. So an
    // instruction's semantics perform every base(), load() and store() before any register write,
    // and at most one store, the last of them (a pair of stores: storePair); EmitOps rejects
    // anything else at translation time.

    /** {@link #load}/{@link #store} access kind: LDAR/STLR, an ordered access that must be aligned. */
    public static final int ORDERED = 1;
    /** Access kind of LDTR/STTR: with EL0's permissions when at EL1 (the JIT calls these rows: {@code Row.NOT_INLINE}). */
    public static final int UNPRIVILEGED = 2;

    /** The base register of a load or store: X[n], or SP for 31, which must be 16-byte aligned where SCTLR_ELx.SA/SA0 say so. */
    public abstract long base(int n);

    /** The {@code bytes} (1, 2, 4, 8) at address a, zero-extended; access 0, {@link #ORDERED} or {@link #UNPRIVILEGED}. */
    public abstract long load(long a, int bytes, int access);

    /** Stores the low {@code bytes} of v at address a. */
    public abstract void store(long a, long v, int bytes, int access);

    /** STP/STNP: v1 at a, then v2 at a + bytes (translated code checks both before either store). */
    public abstract void storePair(long a, long v1, long v2, int bytes);
}
