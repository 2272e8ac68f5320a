package dev.jaffa.jit;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.ExceptionTaken;
import dev.jaffa.interp.ExecutionEngine;
import dev.jaffa.interp.InsnTracer;
import dev.jaffa.interp.Interpreter;
import dev.jaffa.interp.memory.Memory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tiering engine: interprets cold code, counts entries of each block start and the instructions
 * interpreted from it, translates a block that reaches {@link Options#threshold} entries or {@link
 * Options#thresholdInsns} instructions (on a background thread unless {@link Options#synchronous})
 * and runs the translation from then on. Same contract as {@link Interpreter#run}.
 *
 * <p><b>Keys.</b> A translation depends on its instruction bytes and on its virtual address (for
 * PC-relative values), and on nothing else: everything that depends on the translation context
 * (EL, SCTLR, the TLB arrays) is read at run time. So blocks are keyed on (RAM page object, VA),
 * and found through the current context's instruction-fetch TLB, which holds only pages executable
 * in that context. A TLBI therefore needs no flush: a stale VA mapping misses in the fetch TLB,
 * and a new mapping of the same VA leads to a different page object.
 *
 * <p><b>Invalidation.</b> A page with translated (or queued) code is marked; {@link Memory} then
 * keeps it out of the write TLB, so stores to it take the slow path and report here, and its blocks
 * are dropped (QEMU's TLB_NOTDIRTY). IC IVAU drops the blocks of that VA's page, IC IALLU
 * everything. The cache is bounded: past {@link Options#maxBlocks} translations it is flushed
 * whole, dropping every reference so the hidden classes can be unloaded.
 *
 * <p>All state is touched on the emulation thread only, except the queue of finished translations.
 */
public final class JitEngine implements ExecutionEngine, Cpu.CodeInvalidationListener, Memory.CodePageWatch {
    /** Tunables. */
    public static final class Options {
        /** Block entries before a block is translated. */
        public int threshold = Integer.getInteger("jaffa.jit.threshold", 10_000);
        /** Or: instructions interpreted from a block start before it is translated (docs/jit.md, "Tiers"). */
        public long thresholdInsns = Long.getLong("jaffa.jit.thresholdInsns", 250_000);
        /**
         * Instructions a translation runs before it is translated again for C2 (0: every
         * translation may be compiled by C2 from the start, HotSpot's own policy).
         */
        public long hotInsns = Long.getLong("jaffa.jit.hotInsns", 5_000_000);
        /** Translate on the emulation thread (deterministic; for tests). */
        public boolean synchronous;
        /** Longest block, in instructions. */
        public int maxBlockInsns = Integer.getInteger("jaffa.jit.blockInsns", 64);
        /** A region grows (by the same-page targets of its branches) while it has fewer instructions; 0: one segment. */
        public int regionInsns = Integer.getInteger("jaffa.jit.regionInsns", 64);
        /** Translations kept before the whole cache is flushed. */
        public int maxBlocks = 8192;
        /** Block starts tracked (counted, cold or translated) before everything is flushed. */
        public int maxEntries = 1 << 18;
    }

    /** Called after every execution of a translated block (lockstep testing). */
    public interface BlockObserver {
        void afterBlock(Cpu cpu);
    }

    /** Counters for --stats. */
    public static final class Stats {
        public long blockRuns, interpretedInsns, translated, translationNanos, failed, invalidations, flushes, discarded;
        /** Translations made again for C2 because they ran {@link Options#hotInsns} instructions. */
        public long promoted;
        /** Instructions run by first translations (C1) and by hot translations (C2). */
        public long firstTierInsns, hotTierInsns;
        /** CPU time of the translator thread (bytecode generation and class definition). */
        public long translationCpuNanos;
        public long bytecodeBytes;

        @Override
        public String toString() {
            return String.format("blocks translated %d (%d bytecode bytes, %.1f ms), promoted to C2 %d, not translatable %d, "
                            + "block runs %d, instructions interpreted %d / in first translations %d / in hot translations %d, "
                            + "invalidations %d, flushes %d, discarded translations %d",
                    translated, bytecodeBytes, translationNanos / 1e6, promoted, failed, blockRuns, interpretedInsns,
                    firstTierInsns, hotTierInsns, invalidations, flushes, discarded);
        }
    }

    /** One block start: its counter and, once translated, its code. */
    static final class Entry {
        final long va;
        final byte[] page;
        Entry next;
        int count;
        /** Instructions interpreted in runs that started here (the other translation trigger). */
        long interpreted;
        CompiledBlock code;
        /** Bumped by every invalidation; a translation made for an older generation is dropped. */
        int gen;
        boolean queued, failed;
        /** Instructions run by the current translation, until it is promoted. */
        long ranInsns;
        /** The current (or queued) translation is the one C2 may compile. */
        boolean hot;
        /** The installed translation is the one C2 may compile. */
        boolean codeHot;

        Entry(long va, byte[] page) {
            this.va = va;
            this.page = page;
        }
    }

    /** A marked page: its entries and its contents when it was marked. */
    private static final class CodePage {
        final List<Entry> entries = new ArrayList<>();
        final byte[] snapshot;
        final int[] words;

        CodePage(byte[] page) {
            snapshot = page.clone();
            words = new int[(Memory.OFFSET_MASK + 1) / 4];
            for (int k = 0; k < words.length; k++) words[k] = (int) JitRuntime.LE32.get(snapshot, 4 * k);
        }

        /** Whether the page still holds what its translations were made from. */
        boolean unchanged(byte[] page) {
            return java.util.Arrays.equals(snapshot, page);
        }
    }

    private static final class Job {
        final Entry entry;
        final int gen, epoch;
        final int[] words;
        final int maxInsns, regionInsns;
        final boolean hot;
        final long[] stops;
        CompiledBlock code;
        int bytecode;
        long nanos, cpuNanos;

        Job(Entry entry, int gen, int epoch, int[] words, int maxInsns, int regionInsns, boolean hot, long[] stops) {
            this.hot = hot;
            this.stops = stops;
            this.maxInsns = maxInsns;
            this.regionInsns = regionInsns;
            this.entry = entry;
            this.gen = gen;
            this.epoch = epoch;
            this.words = words;
        }
    }

    private static final int TABLE_BITS = 16;
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final AtomicInteger CLASS_IDS = new AtomicInteger();
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    public final Options options;
    public final Stats stats = new Stats();
    public BlockObserver observer;

    private Entry[] table = new Entry[1 << TABLE_BITS];
    /**
     * Per-CPU jump cache (QEMU's tb_jmp_cache idea): the last entry seen at each of 4096 slots of
     * the PC, so indirect branches and returns, which always come back to the dispatcher, usually
     * find their target without walking the table. A Linux boot looks up 44 M times: 256 slots
     * missed 9.5 M times (each a walk of the 64 K-bucket table), 4096 miss 1.6 M times.
     * Entries stay valid until a flush (dropped blocks keep their Entry, with no code), so only
     * {@link #flush} clears the caches.
     */
    private Entry[][] jumpCaches = new Entry[0][];
    private static final int JUMP_CACHE = 4096;
    private int entries, liveBlocks, epoch;
    /**
     * Instruction addresses (virtual, in any context) the engine stops before: a debugger's
     * breakpoints ({@link #setStops}). No translation contains one, and {@link #run} returns when
     * the PC reaches one, before executing it. Empty without a debugger.
     */
    private long[] stops = NO_STOPS;
    private static final long[] NO_STOPS = {};
    /**
     * Pages holding translated or queued code, with the bytes they held when first marked. The
     * snapshot stays exact while the page is marked: every store the CPUs make to it unmarks it
     * ({@link #written}). Only writes the CPUs do not make (device DMA, firmware copying into
     * guest memory) can change it unseen, and the guest must follow those with IC IVAU or IC
     * IALLU, which compare the page with its snapshot ({@link #invalidate}).
     */
    private final IdentityHashMap<byte[], CodePage> codePages = new IdentityHashMap<>();
    private final List<Cpu> cpus = new ArrayList<>();
    private final ConcurrentLinkedQueue<Job> finished = new ConcurrentLinkedQueue<>();
    private volatile boolean anyFinished;
    private static ExecutorService compiler;

    public JitEngine() { this(new Options()); }

    /** Whether HotSpot accepted the compile-tier directives ({@link HotSpotTiers}). */
    public static boolean hotSpotTiersActive() { return HotSpotTiers.active(); }

    public JitEngine(Options options) {
        this.options = options;
        if (options.hotInsns > 0) HotSpotTiers.installInBackground();
    }

    // ---- the run loop -------------------------------------------------------------------------

    @Override
    public long run(Cpu c, long budget, InsnTracer tracer) {
        if (tracer != null) return Interpreter.run(c, budget, tracer);   // tracing sees every instruction
        attach(c);
        long start = c.insnCount, end = budget >= Long.MAX_VALUE - start ? Long.MAX_VALUE : start + budget;
        boolean interpretNext = false;
        while (true) {
            try {
                while (c.insnCount < end) {
                    if (c.exitRequest != 0 && !Interpreter.exitRequested(c)) break;
                    if (isStop(c.pc)) break;
                    if (anyFinished) installFinished();
                    if (interpretNext) {
                        interpretNext = false;
                        stats.interpretedInsns++;
                        Interpreter.step(c, null);
                        continue;
                    }
                    Entry e;
                    if (end - c.insnCount <= options.maxBlockInsns) {
                        // The tail of the quantum: no block starts are created or counted here (else
                        // the instructions before every quantum's end become hot entries of their
                        // own), but a translation already made still runs when the budget covers a
                        // pass of its first segment (its prologue checks; else it leaves at once and
                        // the interpreter takes the instruction). A loop of a few instructions used
                        // to be interpreted for the last 64 of every quantum: with the 4096-instruction
                        // quanta of the FF-A benchmarks, 17 instructions of each 1100-instruction
                        // memory cycle.
                        e = translated(c, c.pc);
                        if (e == null) {
                            interpretRun(c, end);
                            continue;
                        }
                    } else {
                        e = lookup(c, c.pc);
                    }
                    if (e != null) {
                        CompiledBlock code = e.code;
                        if (code != null) {
                            stats.blockRuns++;
                            long before = c.insnCount;
                            interpretNext = code.execute(c, end) == CompiledBlock.EXIT_INTERPRET;
                            long ran = c.insnCount - before;
                            if (e.codeHot) {
                                stats.hotTierInsns += ran;
                            } else {
                                stats.firstTierInsns += ran;
                                if (!e.hot && (e.ranInsns += ran) >= options.hotInsns) promote(e);
                            }
                            if (observer != null) observer.afterBlock(c);
                            continue;
                        }
                        if (++e.count == options.threshold && !e.queued && !e.failed) request(e);
                        long before = c.insnCount;
                        interpretRun(c, end);
                        // A long straight run (an unrolled hash, a copy loop's body) repays its
                        // translation long before it has been entered `threshold` times.
                        if ((e.interpreted += c.insnCount - before) >= options.thresholdInsns
                                && e.code == null && !e.queued && !e.failed) request(e);
                        continue;
                    }
                    interpretRun(c, end);
                }
                return c.insnCount - start;
            } catch (ExceptionTaken ex) {
                // The CPU is at the exception vector; carry on from there.
                interpretNext = false;
            }
        }
    }

    /** The entry for {@code pc} in the current context if it has a translation, else null; creates nothing. */
    private Entry translated(Cpu c, long pc) {
        if ((pc & 3) != 0 || c.illegalState) return null;
        byte[] page = c.mem.execPage(pc);
        if (page == null) return null;
        Entry cached = jumpCaches[c.index][(int) (pc >>> 2) & (JUMP_CACHE - 1)];
        if (cached != null && cached.va == pc && cached.page == page) return cached.code != null ? cached : null;
        for (Entry e = table[(int) (pc >>> 2) & ((1 << TABLE_BITS) - 1)]; e != null; e = e.next) {
            if (e.va == pc && e.page == page) return e.code != null ? e : null;
        }
        return null;
    }

    /** Interprets from the current PC up to a taken branch, a page boundary, the budget or a request. */
    private void interpretRun(Cpu c, long end) {
        long n = c.insnCount;
        try {
            do {
                long pc = c.pc;
                Interpreter.step(c, null);
                if (c.pc != pc + 4 || (c.pc & Memory.OFFSET_MASK) == 0) break;
            } while (c.insnCount < end && c.exitRequest == 0 && !isStop(c.pc));
        } finally {
            stats.interpretedInsns += c.insnCount - n;
        }
    }

    /** The entry for {@code pc} in the current context, created if needed; null if the fetch would fault. */
    private Entry lookup(Cpu c, long pc) {
        if ((pc & 3) != 0 || c.illegalState) return null;
        byte[] page = c.mem.execPage(pc);
        if (page == null) return null;   // the interpreter takes the instruction abort
        Entry[] jc = jumpCaches[c.index];
        int slot = (int) (pc >>> 2) & (JUMP_CACHE - 1);
        Entry cached = jc[slot];
        if (cached != null && cached.va == pc && cached.page == page) return cached;
        int h = (int) (pc >>> 2) & ((1 << TABLE_BITS) - 1);
        for (Entry e = table[h]; e != null; e = e.next) {
            if (e.va == pc && e.page == page) return jc[slot] = e;
        }
        if (entries >= options.maxEntries) flush();
        Entry e = new Entry(pc, page);
        e.next = table[h];
        table[h] = e;
        entries++;
        return jumpCaches[c.index][slot] = e;
    }

    // ---- translation --------------------------------------------------------------------------

    private void request(Entry e) {
        if (liveBlocks >= options.maxBlocks) {
            flush();
            return;   // the entry is gone with the rest; it will get hot again
        }
        // The page's words as they were when it was marked: taken after nothing can write the page
        // unseen (later stores invalidate the entry and so the result). Shared by its jobs, read only.
        int[] words = markCode(e).words;
        e.queued = true;
        liveBlocks++;
        e.hot = options.hotInsns <= 0;
        submit(new Job(e, e.gen, epoch, words, options.maxBlockInsns, options.regionInsns, e.hot, stops));
    }

    /**
     * Translates a hot entry again as a class C2 may compile (see {@link HotSpotTiers}); its
     * current translation runs on until the new one is installed.
     */
    private void promote(Entry e) {
        e.hot = true;
        if (e.queued) return;
        CodePage cp = codePages.get(e.page);
        if (cp == null) return;   // cannot happen: a translated entry's page is marked
        e.queued = true;
        stats.promoted++;
        submit(new Job(e, e.gen, epoch, cp.words, options.maxBlockInsns, options.regionInsns, true, stops));
    }

    private void submit(Job job) {
        if (options.synchronous) {
            compile(job);
            install(job);
            return;
        }
        compiler().execute(() -> {
            compile(job);
            finished.add(job);
            anyFinished = true;
        });
    }

    /** Makes stores to the entry's page take the slow path in every CPU (before its bytes are read). */
    private CodePage markCode(Entry e) {
        CodePage cp = codePages.get(e.page);
        if (cp == null) {
            for (Cpu c : cpus) c.mem.dropWriteMappings(e.page);
            codePages.put(e.page, cp = new CodePage(e.page));
        }
        cp.entries.add(e);
        return cp;
    }

    /** Where translations are written as class files for javap (-Djaffa.jit.dumpDir=DIR), or null. */
    private static final String DUMP_DIR = System.getProperty("jaffa.jit.dumpDir");

    private static void dump(String name, byte[] classFile) {
        try {
            java.nio.file.Files.write(java.nio.file.Path.of(DUMP_DIR, name.substring(name.lastIndexOf('/') + 1) + ".class"), classFile);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("jaffa: cannot dump " + name + ": " + e.getMessage());
        }
    }

    /** Runs on the compiler thread (or inline when synchronous): bytecode, hidden class, instance. */
    private static void compile(Job job) {
        long t0 = System.nanoTime(), c0 = THREADS.getCurrentThreadCpuTime();
        try {
            String name = "dev/jaffa/jit/" + (job.hot ? HotSpotTiers.HOT_PREFIX : HotSpotTiers.FIRST_PREFIX)
                    + Long.toHexString(job.entry.va) + "_" + CLASS_IDS.incrementAndGet();
            Translator.Result r = Translator.translate(job.entry.va, job.words, job.maxInsns, job.regionInsns, job.stops, name);
            if (r != null) {
                if (DUMP_DIR != null) dump(name, r.classFile);
                // Not STRONG: the class lives as long as something references it, so a flush unloads it.
                MethodHandles.Lookup l = LOOKUP.defineHiddenClassWithClassData(r.classFile, r.info, true);
                job.code = (CompiledBlock) l.findConstructor(l.lookupClass(), MethodType.methodType(void.class)).invoke();
                job.bytecode = r.bytecodeSize;
            }
        } catch (Throwable t) {
            throw new IllegalStateException("JIT translation failed at 0x" + Long.toHexString(job.entry.va), t);
        } finally {
            job.nanos = System.nanoTime() - t0;
            job.cpuNanos = THREADS.getCurrentThreadCpuTime() - c0;
        }
    }

    private void installFinished() {
        anyFinished = false;
        Job j;
        while ((j = finished.poll()) != null) install(j);
    }

    private void install(Job j) {
        stats.translationNanos += j.nanos;
        stats.translationCpuNanos += j.cpuNanos;
        Entry e = j.entry;
        if (j.epoch != epoch || j.gen != e.gen) {
            stats.discarded++;
            return;
        }
        e.queued = false;
        if (j.code == null) {
            if (e.code != null) return;   // a promotion that failed: the first translation stays
            e.failed = true;
            stats.failed++;
            return;
        }
        e.code = j.code;
        e.codeHot = j.hot;
        stats.translated++;
        stats.bytecodeBytes += j.bytecode;
    }

    // ---- stops (a debugger's breakpoints) -------------------------------------------------------

    private boolean isStop(long pc) { return contains(stops, pc); }

    /**
     * Makes {@code vas} the addresses the engine stops before (see {@link #stops}). An added
     * address drops the translations of its page, which may contain it; a removed one only the
     * entry starting there (it could not be translated), as translations that stop short of it
     * stay correct. A debugger removes and re-inserts its breakpoints at every stop, so this must
     * not cost a whole re-translation.
     */
    public void setStops(long[] vas) {
        long[] old = stops;
        stops = vas.length == 0 ? NO_STOPS : vas.clone();
        for (Entry head : table) {
            for (Entry e = head; e != null; e = e.next) {
                if (e.code == null && !e.queued && !e.failed) continue;
                if (stopAdded(old, e.va & ~(long) Memory.OFFSET_MASK) || contains(old, e.va) && !contains(stops, e.va)) drop(e);
            }
        }
        for (Cpu c : cpus) c.exitRequest = 1;
    }

    /** Whether an address of the page at {@code page} is a stop now but was not in {@code old}. */
    private boolean stopAdded(long[] old, long page) {
        for (long va : stops) if ((va & ~(long) Memory.OFFSET_MASK) == page && !contains(old, va)) return true;
        return false;
    }

    /** Whether {@code v} is in {@code a} (a debugger has a handful of breakpoints: a scan is enough). */
    static boolean contains(long[] a, long v) {
        for (long x : a) if (x == v) return true;
        return false;
    }

    // ---- invalidation -------------------------------------------------------------------------

    private void attach(Cpu c) {
        if (c.codeListener == this) return;
        if (c.deferredRecentPcs != null) c.recentPcs();   // another engine's record, written before ours starts
        c.deferredRecentPcs = new RegionExits();
        c.codeListener = this;
        c.mem.codeWatch = this;
        cpus.add(c);
        if (c.index >= jumpCaches.length) {
            Entry[][] n = java.util.Arrays.copyOf(jumpCaches, c.index + 1);
            for (int i = 0; i < n.length; i++) if (n[i] == null) n[i] = new Entry[JUMP_CACHE];
            jumpCaches = n;
        }
        for (byte[] page : codePages.keySet()) c.mem.dropWriteMappings(page);
    }

    @Override
    public boolean isCode(byte[] page) { return codePages.containsKey(page); }

    @Override
    public void written(Cpu cpu, byte[] page, int offset, int size) {
        CodePage cp = codePages.remove(page);
        if (cp == null) return;
        for (Entry e : cp.entries) drop(e);
        cpu.exitRequest = 1;   // a region that stored into its own code (a row's store) stops after the store
    }

    private void drop(Entry e) {
        if (e.code != null || e.queued) liveBlocks--;
        e.code = null;
        e.queued = false;
        e.failed = false;
        e.count = 0;
        e.interpreted = 0;
        e.ranInsns = 0;
        e.hot = false;
        e.codeHot = false;

        e.gen++;
        stats.invalidations++;
    }

    /**
     * IC IVAU and IC IALLU (va = -1): a translation is stale only if its page no longer holds the
     * bytes it was made from, so the page of the VA (every marked page for IALLU) is compared with
     * its snapshot and its blocks are dropped only if it changed. Linux issues both all the time
     * (IVAU for each cache line of every page it maps executable, IALLU after patching its text),
     * mostly over code that did not change; dropping unchanged translations cost a re-translation
     * each time.
     */
    @Override
    public void invalidate(Cpu cpu, long va) {
        if (va == -1) {
            for (var it = codePages.entrySet().iterator(); it.hasNext(); ) {
                var m = it.next();
                if (m.getValue().unchanged(m.getKey())) continue;
                for (Entry e : m.getValue().entries) drop(e);
                it.remove();
                cpu.exitRequest = 1;   // a region running the IC leaves it: its code may be stale
            }
            return;
        }
        // The IC IVAU has just translated va without a fault (Memory.cacheMaintenance), so this cannot raise.
        byte[] page = cpu.mem.bus().readablePage(cpu.mem.physical(va, 1, Memory.ACC_CMO));
        CodePage cp = page == null ? null : codePages.get(page);
        if (cp == null || cp.unchanged(page)) return;
        codePages.remove(page);
        for (Entry e : cp.entries) drop(e);
        cpu.exitRequest = 1;
    }

    /** TLBI: nothing to do, translations are keyed on the physical page (see the class comment). */
    @Override
    public void translationsInvalidated(Cpu cpu) {}

    /** Drops every block and counter; pending translations are discarded when they arrive. */
    public void flush() {
        if (Boolean.getBoolean("jaffa.jit.debugFlush")) new Throwable("flush: entries " + entries + " live " + liveBlocks).printStackTrace();
        table = new Entry[1 << TABLE_BITS];
        for (Entry[] jc : jumpCaches) java.util.Arrays.fill(jc, null);
        codePages.clear();
        entries = 0;
        liveBlocks = 0;
        epoch++;
        stats.flushes++;
    }

    /**
     * The translator thread, one for the whole process (a daemon): every engine queues on it, so a
     * test JVM that builds thousands of machines does not build thousands of threads, and a 2-core
     * host has one translator competing with the emulation and HotSpot's compilers.
     */
    private static synchronized ExecutorService compiler() {
        if (compiler == null) {
            compiler = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "jaffa-jit");
                t.setDaemon(true);
                return t;
            });
        }
        return compiler;
    }

    /** Kept for callers of the per-engine thread era: the shared translator thread is a daemon and stays. */
    public void shutdown() {}
}
