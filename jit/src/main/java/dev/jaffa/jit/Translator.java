package dev.jaffa.jit;

import static org.objectweb.asm.Opcodes.*;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Row;
import dev.jaffa.interp.isa.Semantics;
import dev.jaffa.interp.memory.Memory;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Translates one guest block (straight-line A64 code in one page, with side exits at conditional
 * branches and a loop back to its start where a branch targets it) into a hidden class whose
 * {@link CompiledBlock#execute} executes it.
 *
 * <p>Design: guest registers X0..X30, SP and the flags live in JVM locals for the whole block;
 * they are loaded at entry and written back at the one common exit. The flags are lazy: the
 * operands of the last flag-setting instruction, turned into NZCV only where needed (a condition
 * after CMP/SUBS or TST/ANDS is a direct compare of the operands). Loads and stores inline the
 * software-TLB hit path; a miss, an SP that SCTLR.SA would fault, and every instruction not
 * translated here leave the block <em>before</em> that instruction with {@link
 * CompiledBlock#EXIT_INTERPRET}, so the interpreter performs it with all architectural state in
 * {@link dev.jaffa.interp.Cpu}: a fault is raised by the interpreter's own code and is precise by
 * construction. The generated code itself never faults and never calls anything that observes CPU
 * state.
 *
 * <p>Generation runs twice: the first pass (into a null visitor) finds the block's extent and the
 * registers it touches; the second emits the class.
 */
final class Translator {
    private static final String CPU = "dev/jaffa/interp/Cpu";
    private static final String RT = "dev/jaffa/jit/JitRuntime";
    private static final String ALU = "dev/jaffa/interp/integer/Alu";
    private static final String BLOCK = "dev/jaffa/jit/CompiledBlock";
    private static final String RUN_DESC = "(L" + CPU + ";J)I";

    // Local variable slots of execute(Cpu c, long end) (slot 0 is the block itself).
    static final int C = 1, END = 2, CNT = 4, ENTRY_CNT = 6, XARR = 8, RD_TAGS = 9, RD_PAGES = 10, WR_TAGS = 11,
            WR_PAGES = 12, FK = 13, FA = 14, FB = 16, FR = 18, XPC = 20, XJ = 22, XG = 23, P1 = 24, P2 = 26,
            XR = 28, REG0 = 29, SP = REG0 + 62, PG1 = SP + 2, TEMP0 = PG1 + 1, CACHE0 = TEMP0 + 2 * EmitOps.TEMPS;
    /** Page-cache keys: the base register (31 = SP), or 32 for PC-relative literals; times read/write. */
    private static final int CACHE_KEYS = 33;

    /**
     * The long local holding a page cache's tag (its page follows, {@link #cachePage}). Only the
     * caches the first pass found used get slots, packed from CACHE0: every local of the method is in
     * each of C1's frame states, so unused ones cost compile time (and slots above 255 a WIDE prefix).
     */
    int cacheTag(int key, boolean write) { return cacheSlot[2 * key + (write ? 1 : 0)]; }
    int cachePage(int key, boolean write) { return cacheTag(key, write) + 2; }
    private final int[] cacheSlot = new int[2 * CACHE_KEYS];
    /** An int local: SIMD&FP enabled (Cpu.fpEnabled), evaluated once per invocation when the region has FP rows; after the caches. */
    private int fpOk = CACHE0;

    /** Static flag state: a lazy kind of {@link JitRuntime}, or DYNAMIC when only the runtime fk knows. */
    static final int DYNAMIC = -1;

    /** Most instruction slots in one region: the path history stores slot + 1 in 8 bits. */
    private static final int SLOT_CAP = 250;
    /** Largest generated method, in bytecode bytes (HotSpot does not compile methods of 8000 or more). */
    private static final int BYTECODE_LIMIT = 7000;
    private static final String INFO_DESC = "Ldev/jaffa/jit/RegionInfo;";

    /** What a translation produced. */
    static final class Result {
        final byte[] classFile;
        final int insns;
        final int bytecodeSize;
        final RegionInfo info;

        Result(byte[] classFile, int insns, int bytecodeSize, RegionInfo info) {
            this.classFile = classFile;
            this.insns = insns;
            this.bytecodeSize = bytecodeSize;
            this.info = info;
        }
    }

    private final long start;
    /** Addresses never translated (a debugger's breakpoints; see {@link JitEngine#setStops}). */
    private final long[] stops;
    /** The instruction words of the whole page holding the region. */
    private final int[] page;
    /** Longest segment, in instructions. */
    private final int limit;
    /** Segment heads (heads[0] = start); a branch to a head inside the method is a jump. */
    private final long[] heads;
    private final int nHeads;
    /** Per instruction slot: address, word and the slot where its segment begins. */
    private final long[] pcs = new long[SLOT_CAP + 2];
    private final int[] ws = new int[SLOT_CAP + 2];
    private final int[] segOf = new int[SLOT_CAP + 2];
    private String className;

    // Facts from the first pass (used by the second, and by region discovery).
    private int insns;
    private final int[] segLen;
    final boolean[] regUsed = new boolean[32], regWritten = new boolean[32];
    /** Page caches used (by key and direction), from the first pass. */
    final boolean[] cacheUsed = new boolean[2 * CACHE_KEYS];
    boolean spUsed, spWritten, flagsUsed, flagsWritten;
    boolean readsMem, writesMem;
    private boolean head0Targeted, usesFp;
    /** Shortest run of instructions ending at a jump to a head (path history depth). */
    private int runMin = Integer.MAX_VALUE;
    private boolean useP2;
    /** Same-page branch targets that are not heads, in discovery order. */
    private final java.util.ArrayList<Long> candidates = new java.util.ArrayList<>();
    private boolean overflow;

    // Emission state.
    MethodVisitor mv;
    private Label exit;
    private Label[] headLabel;
    private Label[] exitBefore;
    /** Static flag state: what the lazy flags are known to be here ({@link JitRuntime} kinds, or DYNAMIC). */
    int sk;
    private int segStart;
    /** The emitter the integer rows' semantics run on to translate them inline. */
    private final EmitOps ops = new EmitOps(this);

    private Translator(long start, int[] page, int limit, long[] heads, int nHeads, long[] stops) {
        this.stops = stops;
        this.start = start;
        this.page = page;
        this.limit = limit;
        this.heads = heads;
        this.nHeads = nHeads;
        this.segLen = new int[nHeads];
    }

    /**
     * Translates the region at {@code start}; {@code page} holds the instruction words of its whole
     * page. No instruction at an address in {@code stops} (a debugger's breakpoints) is translated:
     * a segment ends before it, as before an untranslated instruction. Returns null when not even
     * the first instruction is translated.
     *
     * <p>A region is a set of segments, each a trace (as {@link #segment} describes) starting at a
     * head: the start, then the same-page targets of its branches, added breadth-first while the
     * region has fewer than {@code regionInsns} instructions. A branch to a head is a jump inside
     * the method (after checking the exit word and the budget), so a hot loop nest or if/else
     * chain of one page runs without returning to the dispatcher.
     */
    static Result translate(long start, int[] page, int maxInsns, int regionInsns, long[] stops, String name) {
        int seg = maxInsns, region = regionInsns;
        while (true) {
            Result r = build(start, page, seg, region, stops, name);
            if (r == null || r.bytecodeSize < BYTECODE_LIMIT) return r;
            if (region > 0) region = region > seg ? region / 2 : 0;
            else if (seg > 4) seg /= 2;
            else return r;
        }
    }

    private static Result build(long start, int[] page, int seg, int region, long[] stops, String name) {
        long[] heads = new long[64];
        heads[0] = start;
        int n = 1;
        java.util.HashSet<Long> rejected = new java.util.HashSet<>();
        while (true) {
            Translator t = new Translator(start, page, seg, heads, n, stops);
            t.pass1();
            if (t.segLen[0] == 0) return null;
            int empty = -1;
            for (int s = 1; s < n; s++) if (t.segLen[s] == 0) empty = s;
            if (empty > 0 || t.overflow) {
                int s = empty > 0 ? empty : n - 1;
                if (s == 0) return null;   // cannot happen: one segment is at most SLOT_CAP
                rejected.add(heads[s]);
                System.arraycopy(heads, s + 1, heads, s, n - s - 1);
                n--;
                continue;
            }
            if (t.insns >= region || n == heads.length) break;
            long next = -1;
            for (long c : t.candidates) {
                boolean known = rejected.contains(c);
                for (int h = 0; h < n && !known; h++) known = heads[h] == c;
                if (!known) { next = c; break; }
            }
            if (next == -1) break;
            heads[n++] = next;
        }
        return new Translator(start, page, seg, heads, n, stops).generate(name);
    }

    private int headIndex(long pc) {
        for (int h = 0; h < nHeads; h++) if (heads[h] == pc) return h;
        return -1;
    }

    private void pass1() {
        mv = new MethodVisitor(ASM9) {};
        faultHandler = null;
        sems.clear();
        exitBefore = new Label[SLOT_CAP + 2];
        headLabel = new Label[nHeads];
        for (int h = 0; h < nHeads; h++) headLabel[h] = new Label();
        exit = new Label();
        insns = body(false);
    }

    private Result generate(String name) {
        className = name;
        pass1();
        if (insns == 0) return null;
        useP2 = runMin < 2;
        int slot = CACHE0;
        for (int q = 0; q < 2 * CACHE_KEYS; q++) {
            if (!cacheUsed[q]) continue;
            cacheSlot[q] = slot;
            slot += 3;
        }
        fpOk = slot;
        int[] lens = segLen.clone();
        finalLens = lens;
        // Pass 2: the class.
        // Class file version 49: the JVM verifies it by type inference, so there are no stack map
        // frames to compute (ASM's COMPUTE_FRAMES was half of the translator's time, and C2
        // compiling ASM's frame code a large part of HotSpot's). Nothing here needs a later version.
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(V1_5, ACC_FINAL | ACC_SUPER, name, null, BLOCK, null);
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, BLOCK, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        // The translation is execute itself, not a static method it calls: the dispatcher's
        // virtual call lands in the code (a wrapper was a second call per block run).
        mv = cw.visitMethod(ACC_PUBLIC, "execute", RUN_DESC, null, null);
        mv.visitCode();
        exitBefore = new Label[SLOT_CAP + 2];
        headLabel = new Label[nHeads];
        for (int h = 0; h < nHeads; h++) headLabel[h] = new Label();
        exit = new Label();
        faultHandler = null;
        sems.clear();
        candidates.clear();
        prologue(lens[0]);
        int n2 = body(true);
        if (n2 != insns) throw new IllegalStateException("translation passes disagree: " + insns + " vs " + n2);
        exitStubs();
        commonExit();
        if (faultHandler != null) rowFaultHandler();
        Label endOfCode = new Label();
        mv.visitLabel(endOfCode);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        // static final RegionInfo INFO: the slots' addresses and words, for the exit bookkeeping.
        cw.visitField(ACC_PRIVATE | ACC_STATIC | ACC_FINAL, "INFO", INFO_DESC, null, null).visitEnd();
        mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup", "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        mv.visitLdcInsn("_");
        mv.visitLdcInsn(org.objectweb.asm.Type.getType(INFO_DESC));
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(CHECKCAST, "dev/jaffa/jit/RegionInfo");
        mv.visitFieldInsn(PUTSTATIC, name, "INFO", INFO_DESC);
        // static final Semantics S<j>: constants to C2, so each row's semantics inlines at its call.
        for (int j = 0; j < sems.size(); j++) {
            cw.visitField(ACC_PRIVATE | ACC_STATIC | ACC_FINAL, "S" + j, SEM_DESC, null, null).visitEnd();
            mv.visitFieldInsn(GETSTATIC, name, "INFO", INFO_DESC);
            mv.visitFieldInsn(GETFIELD, "dev/jaffa/jit/RegionInfo", "semantics", "[" + SEM_DESC);
            pushInt(j);
            mv.visitInsn(AALOAD);
            mv.visitFieldInsn(PUTSTATIC, name, "S" + j, SEM_DESC);
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        RegionInfo info = new RegionInfo(java.util.Arrays.copyOf(pcs, insns), java.util.Arrays.copyOf(ws, insns),
                java.util.Arrays.copyOf(segOf, insns), nHeads, sems.toArray(new Semantics[0]));
        return new Result(bytes, insns, endOfCode.getOffset(), info);
    }

    // ---- prologue and exits -------------------------------------------------------------------

    private void prologue(int firstLen) {
        // Not enough budget for a whole pass of the first segment: let the interpreter take the first instruction.
        Label ok = new Label();
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "insnCount", "J");
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, CNT);
        pushLong(firstLen);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LLOAD, END);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFLE, ok);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(ok);
        mv.visitVarInsn(LLOAD, CNT);
        mv.visitVarInsn(LSTORE, ENTRY_CNT);
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "x", "[J");
        mv.visitVarInsn(ASTORE, XARR);
        if (readsMem) {
            memArray("readTags", "()[J", RD_TAGS);
            memArray("readPages", "()[[B", RD_PAGES);
        }
        if (writesMem) {
            memArray("writeTags", "()[J", WR_TAGS);
            memArray("writePages", "()[[B", WR_PAGES);
        }
        for (int r = 0; r < 31; r++) {
            if (!regUsed[r]) continue;
            mv.visitVarInsn(ALOAD, XARR);
            pushInt(r);
            mv.visitInsn(LALOAD);
            mv.visitVarInsn(LSTORE, REG0 + 2 * r);
        }
        if (spUsed) {
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, CPU, "spEl", "[J");
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, CPU, "spIndex", "I");
            mv.visitInsn(LALOAD);
            mv.visitVarInsn(LSTORE, SP);
        }
        // Flags start as the materialized NZCV; the exit locals need definite values for the verifier.
        pushInt(JitRuntime.K_NZCV);
        mv.visitVarInsn(ISTORE, FK);
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "nzcv", "I");
        mv.visitInsn(I2L);
        mv.visitVarInsn(LSTORE, FR);
        for (int slot : new int[] {FA, FB, XPC, P1, P2}) {
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, slot);
        }
        for (int slot : new int[] {XJ, XG, XR}) {
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, slot);
        }
        // Page caches: the tag and page of the last TLB hit through each base register. Inside one
        // invocation the TLB cannot change (nothing here takes a slow path, flushes or marks code),
        // so a cached entry stays exactly what the TLB would answer; -1 never matches a masked VA.
        for (int q = 0; q < 2 * CACHE_KEYS; q++) {
            if (!cacheUsed[q]) continue;
            int tag = cacheSlot[q];
            mv.visitLdcInsn(-1L);
            mv.visitVarInsn(LSTORE, tag);
            mv.visitInsn(ACONST_NULL);
            mv.visitTypeInsn(CHECKCAST, "[B");
            mv.visitVarInsn(ASTORE, tag + 2);
        }
        mv.visitInsn(ACONST_NULL);
        mv.visitTypeInsn(CHECKCAST, "[B");
        mv.visitVarInsn(ASTORE, PG1);
        if (usesFp) {
            // CPACR_EL1, CPTR_EL2, the EL and the security state cannot change inside an invocation
            // (MSR, exceptions and ERET leave the region), so one evaluation serves every FP row.
            mv.visitVarInsn(ALOAD, C);
            mv.visitMethodInsn(INVOKEVIRTUAL, CPU, "fpEnabled", "()Z", false);
            mv.visitVarInsn(ISTORE, fpOk);
        }
        if (readsMem && !writesMem) { mv.visitInsn(ACONST_NULL); mv.visitVarInsn(ASTORE, WR_TAGS); mv.visitInsn(ACONST_NULL); mv.visitVarInsn(ASTORE, WR_PAGES); }
        if (writesMem && !readsMem) { mv.visitInsn(ACONST_NULL); mv.visitVarInsn(ASTORE, RD_TAGS); mv.visitInsn(ACONST_NULL); mv.visitVarInsn(ASTORE, RD_PAGES); }
    }

    private void memArray(String getter, String desc, int slot) {
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "mem", "Ldev/jaffa/interp/memory/Memory;");
        mv.visitMethodInsn(INVOKEVIRTUAL, "dev/jaffa/interp/memory/Memory", getter, desc, false);
        mv.visitVarInsn(ASTORE, slot);
    }

    private long pcOf(int k) { return pcs[k]; }

    /** Exit after instruction slot {@code k} (executed) to a constant {@code target}. */
    private void exitAfter(int k, long target) {
        pushLong(target);
        exitAfterDynamic(k);
    }

    /** Exit after instruction slot {@code k} to the target on the stack. */
    private void exitAfterDynamic(int k) {
        mv.visitVarInsn(LSTORE, XPC);
        pushInt(k + 1 - segStart);
        mv.visitVarInsn(ISTORE, XJ);
        pushInt(k + 1);
        mv.visitVarInsn(ISTORE, XG);
        pushInt(CompiledBlock.EXIT_BRANCH);
        mv.visitVarInsn(ISTORE, XR);
        mv.visitJumpInsn(GOTO, exit);
    }

    /** The label that leaves the region before instruction slot {@code k} for the interpreter. */
    Label before(int k) {
        if (exitBefore[k] == null) exitBefore[k] = new Label();
        return exitBefore[k];
    }

    private void exitStubs() {
        for (int k = 0; k < exitBefore.length; k++) {
            if (exitBefore[k] == null) continue;
            mv.visitLabel(exitBefore[k]);
            if (k == 0) {
                // Nothing of this invocation executed yet (no jump taken): leave without touching the CPU.
                Label more = new Label();
                mv.visitVarInsn(LLOAD, P1);
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFNE, more);
                mv.visitInsn(ICONST_1);
                mv.visitInsn(IRETURN);
                mv.visitLabel(more);
            }
            pushLong(pcOf(k));
            mv.visitVarInsn(LSTORE, XPC);
            pushInt(k - segOf[k]);
            mv.visitVarInsn(ISTORE, XJ);
            pushInt(k);
            mv.visitVarInsn(ISTORE, XG);
            pushInt(CompiledBlock.EXIT_INTERPRET);
            mv.visitVarInsn(ISTORE, XR);
            mv.visitJumpInsn(GOTO, exit);
        }
    }

    /** Writes everything back as the interpreter would have it, then returns XR. */
    private void commonExit() {
        mv.visitLabel(exit);
        for (int r = 0; r < 31; r++) {
            if (!regWritten[r]) continue;
            mv.visitVarInsn(ALOAD, XARR);
            pushInt(r);
            mv.visitVarInsn(LLOAD, REG0 + 2 * r);
            mv.visitInsn(LASTORE);
        }
        if (spWritten) {
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, CPU, "spEl", "[J");
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, CPU, "spIndex", "I");
            mv.visitVarInsn(LLOAD, SP);
            mv.visitInsn(LASTORE);
        }
        if (flagsWritten) {
            mv.visitVarInsn(ALOAD, C);
            dynamicNzcv();
            mv.visitFieldInsn(PUTFIELD, CPU, "nzcv", "I");
        }
        mv.visitVarInsn(ALOAD, C);
        mv.visitVarInsn(LLOAD, XPC);
        mv.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
        leaveBookkeeping();
        mv.visitVarInsn(ILOAD, XR);
        mv.visitInsn(IRETURN);
    }

    /**
     * A jump from instruction slot {@code k} (executed, the last of its run) to the head of segment
     * {@code t}: counts the run, records it in the path history, then jumps unless an exit is
     * requested or the budget would not cover a whole pass through segment {@code t}.
     */
    private void transfer(int k, int t) {
        int run = k + 1 - segStart;
        if (run < runMin) runMin = run;
        if (t == 0) head0Targeted = true;
        mv.visitVarInsn(LLOAD, CNT);
        pushLong(run);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, CNT);
        if (useP2) {
            mv.visitVarInsn(LLOAD, P2);
            pushInt(8);
            mv.visitInsn(LSHL);
            mv.visitVarInsn(LLOAD, P1);
            pushInt(56);
            mv.visitInsn(LUSHR);
            mv.visitInsn(LOR);
            mv.visitVarInsn(LSTORE, P2);
        }
        mv.visitVarInsn(LLOAD, P1);
        pushInt(8);
        mv.visitInsn(LSHL);
        pushLong(k + 1);
        mv.visitInsn(LOR);
        mv.visitVarInsn(LSTORE, P1);
        Label leave = new Label();
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "exitRequest", "I");
        mv.visitJumpInsn(IFNE, leave);
        mv.visitVarInsn(LLOAD, CNT);
        pushLong(segLenFor(t));
        mv.visitInsn(LADD);
        mv.visitVarInsn(LLOAD, END);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFLE, headLabel[t]);
        mv.visitLabel(leave);
        pushLong(heads[t]);
        mv.visitVarInsn(LSTORE, XPC);
        pushInt(0);
        mv.visitVarInsn(ISTORE, XJ);
        pushInt(k + 1);
        mv.visitVarInsn(ISTORE, XG);
        pushInt(CompiledBlock.EXIT_BRANCH);
        mv.visitVarInsn(ISTORE, XR);
        mv.visitJumpInsn(GOTO, exit);
    }

    /** Segment lengths of the final first pass, in the second (the first pass uses a placeholder). */
    private int[] finalLens;

    private int segLenFor(int t) { return finalLens != null ? finalLens[t] : 1; }

    /** A taken branch at slot {@code k} to {@code target}: a jump to a head, or an exit. */
    private void branchTo(int k, long target) {
        int t = headIndex(target);
        if (t >= 0) {
            transfer(k, t);
            return;
        }
        if ((target ^ start) >>> 12 == 0) candidates.add(target);
        exitAfter(k, target);
    }

    // ---- the body -----------------------------------------------------------------------------

    /** Emits every segment in turn; returns the number of instruction slots used. */
    private int body(boolean emit) {
        int g = 0;
        for (int s = 0; s < nHeads; s++) {
            segStart = g;
            mv.visitLabel(headLabel[s]);
            sk = emit && s == 0 && !head0Targeted ? JitRuntime.K_NZCV : DYNAMIC;
            g = segment(heads[s], g);
            segLen[s] = g - segStart;
            if (g > SLOT_CAP - limit - 1 && s + 1 < nHeads) {
                overflow = true;
                return g;
            }
        }
        return g;
    }

    /**
     * Emits one segment: instructions from {@code pc}, following direct branches (B, BL) within
     * the page, into slots from {@code g}; a fall-through or branch to a head becomes a jump.
     * Returns the next free slot (an untranslated instruction at the end keeps its slot, for its
     * exit stub, without being counted as executed).
     */
    private int segment(long pc, int g) {
        int k = g;
        while (k - segStart < limit && (pc & ~(long) Memory.OFFSET_MASK) == (start & ~(long) Memory.OFFSET_MASK)) {
            if (k > segStart) {
                int t = headIndex(pc);
                if (t >= 0) {
                    transfer(k - 1, t);
                    return k;
                }
            }
            pcs[k] = pc;
            ws[k] = page[((int) pc & Memory.OFFSET_MASK) >> 2];
            segOf[k] = segStart;
            int r = JitEngine.contains(stops, pc) ? NOT_TRANSLATED : instruction(k, ws[k]);
            if (r == NOT_TRANSLATED) {
                if (k == segStart) return k;   // an empty segment (for the first: no translation)
                mv.visitJumpInsn(GOTO, before(k));
                return k + 1;
            }
            k++;
            if (r == ENDS_BLOCK) return k;
            pc = r == FOLLOWS ? follow : pc + 4;
        }
        // Ran into the page end or the length limit: continue at the next instruction.
        branchTo(k - 1, pc);
        return k;
    }

    static final int CONTINUES = 0, ENDS_BLOCK = 1, NOT_TRANSLATED = 2, FOLLOWS = 3;
    /** Where the block continues after an instruction that returned FOLLOWS. */
    private long follow;

    private int instruction(int k, int i) {
        Row row = A64Table.decode(i);
        if (row == null) return NOT_TRANSLATED;   // UNDEFINED: the interpreter raises it
        if (row.intSem != null && (row.flags() & Row.NOT_INLINE) == 0) {
            // An integer row: its semantics emit the instruction inline, registers and flags in
            // locals (the translator's own copy of them: EmitSemantics says why).
            ops.begin(pcs[k], k);
            EmitSemantics.of(row).exec(ops, i);
            return ops.end();   // CONTINUES, or what a branch ended as
        }
        return rowCall(row, i, k);
    }

    // ---- rows of the instruction table: a call to the row's semantics ---------------------------

    /** The fields of a {@link Row#WRITES_GPR} row that may name a written register (Rs: STXR's status). */
    private static final String[] WRITTEN_GPR_FIELDS = {"Rd", "Rt", "Rt2", "Rs"};
    private static final String SEM = "dev/jaffa/interp/isa/Semantics", SEM_DESC = "L" + SEM + ";";
    /** The distinct semantics this region calls, in field order (S0, S1, ...). */
    private final java.util.ArrayList<Semantics> sems = new java.util.ArrayList<>();
    /** The handler for exceptions raised by row semantics (null until a row that can raise one). */
    private Label faultHandler;

    /**
     * Calls the row's semantics, the same object the interpreter calls. The FP access check is a
     * guard that leaves before the instruction (the interpreter raises the trap). A row that can
     * raise an exception ({@link Row#MEM}, {@link Row#TRAPS}) gets the whole state written back
     * first, as the interpreter would have it (registers, SP, NZCV, curPc/pc/curInsn), and a
     * handler that leaves with only the bookkeeping, since the exception entry (or the SPMC) has
     * already set the CPU's state. Other rows only see the general registers named in their
     * fields and NZCV when they read it. Registers and flags the row writes are reloaded. A word
     * of a {@link Row#ENDS_BLOCK} row is not translated: the region leaves before it.
     */
    private int rowCall(Row row, int i, int k) {
        if (row.endsBlock(i)) return NOT_TRANSLATED;   // the region ends before it; the interpreter runs it
        int f = row.flags();
        if ((f & Row.FP) != 0) {
            usesFp = true;
            mv.visitVarInsn(ILOAD, fpOk);
            mv.visitJumpInsn(IFEQ, before(k));
        }
        boolean traps = (f & (Row.MEM | Row.TRAPS)) != 0;
        boolean rnSp = (f & Row.RN_SP) != 0;
        if (traps) {
            syncAll(rnSp, row, i);
            mv.visitVarInsn(ALOAD, C);
            pushLong(pcs[k]);
            mv.visitFieldInsn(PUTFIELD, CPU, "curPc", "J");
            mv.visitVarInsn(ALOAD, C);
            pushLong(pcs[k] + 4);
            mv.visitFieldInsn(PUTFIELD, CPU, "pc", "J");
            mv.visitVarInsn(ALOAD, C);
            pushInt(i);
            mv.visitFieldInsn(PUTFIELD, CPU, "curInsn", "I");
            pushInt(k + 1);
            mv.visitVarInsn(ISTORE, XG);
            pushInt(k + 1 - segStart);
            mv.visitVarInsn(ISTORE, XJ);
        } else {
            for (String name : Row.GPR_FIELDS) {
                Row.Field fl = row.field(name);
                if (fl == null) continue;
                int r = fl.get(i);
                if (r == 31) {
                    if (rnSp && name.equals("Rn")) syncSp();
                    continue;
                }
                mv.visitVarInsn(ALOAD, XARR);
                pushInt(r);
                x(r);
                mv.visitInsn(LASTORE);
            }
            if ((f & Row.READS_NZCV) != 0) {
                flagsUsed = true;
                mv.visitVarInsn(ALOAD, C);
                dynamicNzcv();
                mv.visitFieldInsn(PUTFIELD, CPU, "nzcv", "I");
            }
        }
        int idx = sems.indexOf(row.sem);
        if (idx < 0) { idx = sems.size(); sems.add(row.sem); }
        Label from = new Label(), to = new Label();
        if (traps) {
            if (faultHandler == null) faultHandler = new Label();
            mv.visitTryCatchBlock(from, to, faultHandler, "dev/jaffa/interp/ExceptionTaken");
        }
        mv.visitLabel(from);
        mv.visitFieldInsn(GETSTATIC, className == null ? "X" : className, "S" + idx, SEM_DESC);
        mv.visitVarInsn(ALOAD, C);
        pushInt(i);
        mv.visitMethodInsn(INVOKEINTERFACE, SEM, "exec", "(L" + CPU + ";I)V", true);
        mv.visitLabel(to);
        if ((f & Row.WRITES_GPR) != 0) {
            for (String name : WRITTEN_GPR_FIELDS) {
                Row.Field fl = row.field(name);
                if (fl == null || fl.get(i) == 31) continue;
                int r = fl.get(i);
                mv.visitVarInsn(ALOAD, XARR);
                pushInt(r);
                mv.visitInsn(LALOAD);
                setX(r);
            }
        }
        if ((f & Row.WRITEBACK) != 0) {
            int r = row.field(i, "Rn");
            if (r == 31 && rnSp) {
                mv.visitVarInsn(ALOAD, C);
                mv.visitFieldInsn(GETFIELD, CPU, "spEl", "[J");
                mv.visitVarInsn(ALOAD, C);
                mv.visitFieldInsn(GETFIELD, CPU, "spIndex", "I");
                mv.visitInsn(LALOAD);
                setXSp(31);
            } else if (r != 31) {
                mv.visitVarInsn(ALOAD, XARR);
                pushInt(r);
                mv.visitInsn(LALOAD);
                setX(r);
            }
        }
        if ((f & Row.WRITES_NZCV) != 0) {
            flagsUsed = true;
            flagsWritten = true;
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, CPU, "nzcv", "I");
            mv.visitInsn(I2L);
            mv.visitVarInsn(LSTORE, FR);
            pushInt(JitRuntime.K_NZCV);
            mv.visitVarInsn(ISTORE, FK);
            sk = JitRuntime.K_NZCV;
        }
        if ((f & Row.MEM) != 0) {
            // A device access may have raised an interrupt, a store may have hit translated code:
            // end the region after this instruction, as the interpreter would look at once.
            Label on = new Label();
            mv.visitVarInsn(ALOAD, C);
            mv.visitFieldInsn(GETFIELD, CPU, "exitRequest", "I");
            mv.visitJumpInsn(IFEQ, on);
            exitAfter(k, pcs[k] + 4);
            mv.visitLabel(on);
        }
        return CONTINUES;
    }

    /** Writes SP's local back to the current stack pointer. */
    private void syncSp() {
        spUsed = true;
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "spEl", "[J");
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETFIELD, CPU, "spIndex", "I");
        mv.visitVarInsn(LLOAD, SP);
        mv.visitInsn(LASTORE);
    }

    /** Writes every register and flag the region keeps in locals back to the CPU. */
    private void syncAll(boolean rnSp, Row row, int i) {
        for (String name : Row.GPR_FIELDS) {   // make the row's registers region locals (loaded at entry)
            Row.Field fl = row.field(name);
            if (fl != null && fl.get(i) != 31) { x(fl.get(i)); mv.visitInsn(POP2); }
        }
        for (int r = 0; r < 31; r++) {
            if (!regUsed[r]) continue;
            mv.visitVarInsn(ALOAD, XARR);
            pushInt(r);
            mv.visitVarInsn(LLOAD, REG0 + 2 * r);
            mv.visitInsn(LASTORE);
        }
        if (spUsed || rnSp && row.field(i, "Rn") == 31) syncSp();
        if (flagsWritten || flagsUsed) {
            mv.visitVarInsn(ALOAD, C);
            dynamicNzcv();
            mv.visitFieldInsn(PUTFIELD, CPU, "nzcv", "I");
        }
    }

    /** insnCount, curPc, curInsn and the recentPc ring as the interpreter leaves them (JitRuntime.leave). */
    private void leaveBookkeeping() {
        mv.visitVarInsn(ALOAD, C);
        mv.visitFieldInsn(GETSTATIC, className, "INFO", INFO_DESC);
        mv.visitVarInsn(ILOAD, XG);
        mv.visitVarInsn(ILOAD, XJ);
        mv.visitVarInsn(LLOAD, P1);
        mv.visitVarInsn(LLOAD, P2);
        mv.visitVarInsn(LLOAD, ENTRY_CNT);
        mv.visitVarInsn(LLOAD, CNT);
        mv.visitMethodInsn(INVOKESTATIC, RT, "leave", "(L" + CPU + ";" + INFO_DESC + "IIJJJJ)V", false);
    }

    /** Leaves after a row's semantics raised an exception: the CPU's state is already the exception's. */
    private void rowFaultHandler() {
        mv.visitLabel(faultHandler);
        mv.visitInsn(POP);
        leaveBookkeeping();
        pushInt(CompiledBlock.EXIT_BRANCH);
        mv.visitInsn(IRETURN);
    }

    // ---- register access ----------------------------------------------------------------------

    /** Pushes Xr (XZR for 31) as a long. */
    private void x(int r) {
        if (r == 31) { mv.visitInsn(LCONST_0); return; }
        regUsed[r] = true;
        mv.visitVarInsn(LLOAD, REG0 + 2 * r);
    }

    /** Pops a long into Xr (discarded for XZR). */
    private void setX(int r) {
        if (r == 31) { mv.visitInsn(POP2); return; }
        regUsed[r] = true;
        regWritten[r] = true;
        mv.visitVarInsn(LSTORE, REG0 + 2 * r);
    }

    private void setXSp(int r) {
        if (r != 31) { setX(r); return; }
        spUsed = true;
        spWritten = true;
        mv.visitVarInsn(LSTORE, SP);
    }


    void pushLong(long v) {
        if (v == 0) mv.visitInsn(LCONST_0);
        else if (v == 1) mv.visitInsn(LCONST_1);
        else mv.visitLdcInsn(v);
    }

    void pushInt(int v) {
        if (v >= -1 && v <= 5) mv.visitInsn(ICONST_0 + v);
        else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    // ---- flags --------------------------------------------------------------------------------

    /** Pushes NZCV (int) from the runtime lazy state. */
    void dynamicNzcv() {
        mv.visitVarInsn(ILOAD, FK);
        mv.visitVarInsn(LLOAD, FA);
        mv.visitVarInsn(LLOAD, FB);
        mv.visitVarInsn(LLOAD, FR);
        mv.visitMethodInsn(INVOKESTATIC, RT, "nzcv", "(IJJJ)I", false);
    }

    /** Jumps to {@code taken} when condition {@code cond} holds (Arm ARM C1.2.4). */
    void condition(int cond, Label taken) {
        flagsUsed = true;
        if (cond >= 14) { mv.visitJumpInsn(GOTO, taken); return; }
        if (sk == JitRuntime.K_SUB64 || sk == JitRuntime.K_SUB32) {
            boolean w = sk == JitRuntime.K_SUB32;
            int op;
            boolean unsigned = false, result = false;
            switch (cond) {
                case 0: op = IFEQ; break;
                case 1: op = IFNE; break;
                case 2: op = IFGE; unsigned = true; break;   // HS
                case 3: op = IFLT; unsigned = true; break;   // LO
                case 4: op = IFLT; result = true; break;     // MI
                case 5: op = IFGE; result = true; break;     // PL
                case 8: op = IFGT; unsigned = true; break;   // HI
                case 9: op = IFLE; unsigned = true; break;   // LS
                case 10: op = IFGE; break;
                case 11: op = IFLT; break;
                case 12: op = IFGT; break;
                case 13: op = IFLE; break;
                default: op = -1; break;                       // VS, VC
            }
            if (op >= 0) {
                if (result) {
                    mv.visitVarInsn(LLOAD, FR);
                    if (w) { mv.visitInsn(L2I); mv.visitJumpInsn(op, taken); }
                    else { mv.visitInsn(LCONST_0); mv.visitInsn(LCMP); mv.visitJumpInsn(op, taken); }
                    return;
                }
                if (w) {
                    mv.visitVarInsn(LLOAD, FA);
                    mv.visitInsn(L2I);
                    if (unsigned) { pushInt(Integer.MIN_VALUE); mv.visitInsn(IXOR); }
                    mv.visitVarInsn(LLOAD, FB);
                    mv.visitInsn(L2I);
                    if (unsigned) { pushInt(Integer.MIN_VALUE); mv.visitInsn(IXOR); }
                    mv.visitJumpInsn(op - IFEQ + IF_ICMPEQ, taken);
                } else {
                    mv.visitVarInsn(LLOAD, FA);
                    if (unsigned) { pushLong(Long.MIN_VALUE); mv.visitInsn(LXOR); }
                    mv.visitVarInsn(LLOAD, FB);
                    if (unsigned) { pushLong(Long.MIN_VALUE); mv.visitInsn(LXOR); }
                    mv.visitInsn(LCMP);
                    mv.visitJumpInsn(op, taken);
                }
                return;
            }
        } else if (sk == JitRuntime.K_LOGIC64 || sk == JitRuntime.K_LOGIC32) {
            // N and Z from the result, C = V = 0.
            int op;
            switch (cond) {
                case 0: op = IFEQ; break;
                case 1: op = IFNE; break;
                case 2: case 6: case 8: op = -2; break;       // HS, VS, HI: never
                case 3: case 7: case 9: op = -3; break;       // LO, VC, LS: always (LS = !C || Z)
                case 4: case 11: op = IFLT; break;            // MI, LT (N != V)
                case 5: case 10: op = IFGE; break;            // PL, GE
                case 12: op = IFGT; break;                    // GT: !Z && N == V
                default: op = IFLE; break;                    // LE
            }
            if (op == -2) return;
            if (op == -3) { mv.visitJumpInsn(GOTO, taken); return; }
            mv.visitVarInsn(LLOAD, FR);
            if (sk == JitRuntime.K_LOGIC32) mv.visitInsn(L2I);
            else { mv.visitInsn(LCONST_0); mv.visitInsn(LCMP); }
            mv.visitJumpInsn(op, taken);
            return;
        }
        pushInt(cond);
        dynamicNzcv();
        mv.visitMethodInsn(INVOKESTATIC, ALU, "conditionHolds", "(II)Z", false);
        mv.visitJumpInsn(IFNE, taken);
    }

    // ---- branches (BranchRows through EmitOps) --------------------------------------------------

    /**
     * A taken B or BL at slot {@code k} (X30 already written): a jump to a head, the trace going on
     * at a target on the same page ({@link #FOLLOWS}, {@link #follow}), or an exit.
     */
    int branchDirect(int k, long target) {
        boolean samePage = (target ^ start) >>> 12 == 0;
        int t = headIndex(target);
        if (t >= 0) {
            transfer(k, t);
            return ENDS_BLOCK;
        }
        if (samePage && k + 1 - segStart < limit) {
            follow = target;   // the trace goes on at the target
            return FOLLOWS;
        }
        branchTo(k, target);
        return ENDS_BLOCK;
    }

    /** A taken BR, BLR or RET at slot {@code k}: an exit to the target on the stack. */
    int branchDynamic(int k) {
        exitAfterDynamic(k);
        return ENDS_BLOCK;
    }

    /** Common tail of the conditional branches: the stack-free condition jumped to {@code taken}. */
    int conditional(int k, long target, Label taken) {
        Label fallThrough = new Label();
        mv.visitJumpInsn(GOTO, fallThrough);
        mv.visitLabel(taken);
        int skHere = sk;
        branchTo(k, target);
        sk = skHere;
        mv.visitLabel(fallThrough);
        return CONTINUES;
    }
}
