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

    /** Clears the local exclusive monitor (CLREX): the next store-exclusive fails. */
    public abstract void clearExclusive();
}
