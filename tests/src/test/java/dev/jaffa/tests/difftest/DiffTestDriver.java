package dev.jaffa.tests.difftest;

import dev.jaffa.interp.isa.A64Table;
import dev.jaffa.interp.isa.Disassembler;
import dev.jaffa.interp.isa.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs batches of random instructions under Jaffa and QEMU, compares the harness reports, and
 * narrows a mismatch down to one instruction by bisection.
 */
class DiffTestDriver {
    /**
     * What a run draws: integer instructions only (the original test; V0-V31 and FPCR start zero),
     * mostly SIMD&FP rows with some integer instructions, or half and half.
     */
    enum Mode {
        INT(0), FP(85), MIXED(50);

        /** Percentage of instruction groups drawn from the SIMD&FP rows. */
        final int rowPercent;

        Mode(int rowPercent) { this.rowPercent = rowPercent; }

        static Mode parse(String s) { return valueOf(s.trim().toUpperCase(Locale.ROOT)); }
    }

    /** A generated batch: the program and the initial state it runs from. */
    static final class Batch {
        final long seed;
        final int index;
        final Program program;
        final long[] regs;
        final int nzcv;
        final byte[] scratch;
        /** V0..V31 as {low, high} pairs (null: zeros), and FPCR. */
        final long[] vregs;
        final int fpcr;

        Batch(long seed, int index, Program program, long[] regs, int nzcv, byte[] scratch, long[] vregs, int fpcr) {
            this.seed = seed; this.index = index; this.program = program;
            this.regs = regs; this.nzcv = nzcv; this.scratch = scratch; this.vregs = vregs; this.fpcr = fpcr;
        }

        Batch withProgram(Program p) { return new Batch(seed, index, p, regs, nzcv, scratch, vregs, fpcr); }
    }

    private final HarnessImage harness;
    private final int batchSize;
    private final Path failureDir;
    private final Mode mode;
    /** The SIMD&FP rows drawn from (FP and MIXED modes), and the -Djaffa.difftest.rows filter (or null). */
    private final Row[] rows;
    private final String rowFilter;
    private static final long JAFFA_MAX_INSNS = 50_000_000L, QEMU_TIMEOUT_S = 60;

    DiffTestDriver(HarnessImage harness, int batchSize, Path failureDir) {
        this(harness, batchSize, failureDir, Mode.INT, new Row[0], null);
    }

    DiffTestDriver(HarnessImage harness, int batchSize, Path failureDir, Mode mode, Row[] rows, String rowFilter) {
        this.harness = harness;
        this.batchSize = batchSize;
        this.failureDir = failureDir;
        this.mode = mode;
        this.rows = mode == Mode.INT ? new Row[0] : rows.clone();
        this.rowFilter = rowFilter;
    }

    /** The rows of {@link A64Table} whose name matches {@code regex} entirely (all rows for null). */
    static Row[] selectRows(String regex) {
        java.util.regex.Pattern p = regex == null ? null : java.util.regex.Pattern.compile(regex);
        // Without a filter: the SIMD&FP rows (the integer rows are part of every mode's integer mix).
        // Never the exception-generating and system rows: the integer mix draws the few it can compare.
        return java.util.Arrays.stream(A64Table.rows())
                .filter(r -> (r.flags() & Row.FP) != 0 || p != null && r.intSem != null)
                .filter(r -> p == null || p.matcher(r.name).matches()).toArray(Row[]::new);
    }

    // ---- generation ----------------------------------------------------------------------------

    /** Batch {@code index} of run {@code seed}: a pure function of the two, so it can be replayed alone. */
    Batch batch(long seed, int index) {
        long batchSeed = new SplittableRandom(seed).split().nextLong() ^ (index * 0x9E3779B97F4A7C15L);
        if (mode != Mode.INT) batchSeed ^= 0xF00D_0000_0000_0000L * mode.ordinal();
        SplittableRandom rnd = new SplittableRandom(batchSeed);
        RandomInsnGenerator gen = new RandomInsnGenerator(rnd.nextLong(), harness.codeVa,
                HarnessImage.CODE_SIZE, harness.scratchVa, rows, mode.rowPercent);
        Program p = gen.generate(batchSize);
        long[] regs = new long[31];
        for (int i = 0; i < 31; i++) regs[i] = RandomInsnGenerator.edgeValue(rnd);
        byte[] scratch = new byte[HarnessImage.SCRATCH_SIZE];
        for (int i = 0; i < scratch.length; i += 8) {
            long v = RandomInsnGenerator.edgeValue(rnd);
            for (int j = 0; j < 8; j++) scratch[i + j] = (byte) (v >>> (8 * j));
        }
        int nzcv = rnd.nextInt(16);
        if (mode == Mode.INT) return new Batch(seed, index, p, regs, nzcv, scratch, null, 0);
        // SIMD&FP modes: special values in the V registers and in half of the scratch lines
        // (loads), FPCR from every AHP x DN x FZ x RMode combination, FPSR zero.
        long[] vregs = FpValues.vregs(rnd);
        int fpcr = FpValues.fpcr(rnd);
        for (int i = 0; i < scratch.length; i += 16) {
            if (rnd.nextBoolean()) continue;
            long[] q = FpValues.vregs(rnd);
            for (int j = 0; j < 16; j++) scratch[i + j] = (byte) (q[j >> 3] >>> (8 * (j & 7)));
        }
        return new Batch(seed, index, p, regs, nzcv, scratch, vregs, fpcr);
    }

    /**
     * The number of batches, from batch 0 on, that together hold at least {@code rowInstructions}
     * {@link Program#rowInstruction SIMD&FP row instructions}: generation is a pure function of the
     * seed and the index, so the batches are generated here to count them (a few ms each) and
     * again when checked.
     */
    int batchesForRows(long seed, long rowInstructions) {
        if (rows.length == 0) throw new IllegalStateException("no rows to draw from in mode " + mode);
        long n = 0;
        int batches = 0;
        while (n < rowInstructions) n += batch(seed, batches++).program.rowInstructionCount();
        return Math.max(1, batches);
    }

    // ---- running -------------------------------------------------------------------------------

    byte[] image(Batch b) { return harness.patch(b.program, b.regs, b.nzcv, b.scratch, b.vregs, b.fpcr); }

    RunOutput runJaffa(Batch b) {
        return JaffaRunner.run(harness.jaffaImage(image(b)), "difftest-harness.elf", null, JAFFA_MAX_INSNS,
                harness.hostFp(b.vregs, null));
    }

    RunOutput runQemu(Batch b) { return QemuRunner.run(image(b), null, QEMU_TIMEOUT_S); }

    List<String> differences(Batch b) { return OutputDiff.compare(runJaffa(b), runQemu(b)); }

    /** Outcome of checking one batch. */
    static final class Result {
        final Batch batch;
        final int exceptions;
        final Coverage coverage;
        final String report;   // null when the outputs agree
        /** Nanoseconds spent generating, running Jaffa and running QEMU (before any bisection). */
        long genNs, jaffaNs, qemuNs;

        Result(Batch batch, int exceptions, Coverage coverage, String report) {
            this.batch = batch; this.exceptions = exceptions; this.coverage = coverage; this.report = report;
        }
    }

    Result check(long seed, int index) {
        long t0 = System.nanoTime();
        Batch b = batch(seed, index);
        long t1 = System.nanoTime();
        Coverage cov = new Coverage(b.program, harness.codeVa);
        java.util.function.Consumer<dev.jaffa.platform.Machine> hostFp = harness.hostFp(b.vregs, cov);
        RunOutput j = JaffaRunner.run(harness.jaffaImage(image(b)), "difftest-harness.elf", null, JAFFA_MAX_INSNS, m -> {
            hostFp.accept(m);
            m.cpu.exceptionListener = cov;
        });
        long t2 = System.nanoTime();
        RunOutput q = runQemu(b);
        long t3 = System.nanoTime();
        List<String> diffs = OutputDiff.compare(j, q);
        int exc = exceptionCount(q.console);
        Result r = new Result(b, exc, cov, diffs.isEmpty() ? null : bisect(b, diffs));
        r.genNs = t1 - t0;
        r.jaffaNs = t2 - t1;
        r.qemuNs = t3 - t2;
        return r;
    }

    private static int exceptionCount(String console) {
        for (String line : console.split("\n")) {
            if (line.startsWith("exc ") && !line.startsWith("exc esr")) {
                try { return Integer.parseInt(line.substring(4).trim()); } catch (NumberFormatException e) { return -1; }
            }
        }
        return -1;
    }

    /** Summary of a whole run. */
    static final class Summary {
        long instructions;
        int batches, mismatches, exceptions, maxExceptionsPerBatch;
        /**
         * Generated words by coverage key ({@link Program#rowKeys}): integer rows, unallocated
         * words, then SIMD&FP rows in table order.
         */
        final Map<String, Long> perRow = new LinkedHashMap<>(), rowsExecuted = new LinkedHashMap<>(),
                rowsExcepted = new LinkedHashMap<>();
        /** Words with a coverage key in {@link #perRow}, and of those the {@link Program#rowInstruction row instructions}. */
        long rowWords, rowInstructions, genNs, jaffaNs, qemuNs;
        final List<String> reports = new ArrayList<>();

        String line() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "difftest: %d random instructions checked in %d batches (%d executed, the rest branched over), "
                    + "%d exceptions taken (at most %d in a batch), %d mismatch%s%n"
                    + "  time summed over batches: generating %.1f s, Jaffa %.1f s, QEMU %.1f s",
                    instructions, batches, rowsExecuted.values().stream().mapToLong(Long::longValue).sum(),
                    exceptions, maxExceptionsPerBatch, mismatches, mismatches == 1 ? "" : "es",
                    genNs / 1e9, jaffaNs / 1e9, qemuNs / 1e9));
            if (!perRow.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "%n  rows (%d SIMD&FP row instructions; %d words of integer rows, with reserved values "
                        + "or of no row): generated/executed/raised an exception", rowInstructions, rowWords - rowInstructions));
                for (Map.Entry<String, Long> e : perRow.entrySet()) {
                    if (e.getValue() == 0 && e.getKey().endsWith(Program.RESERVED)) continue;
                    sb.append(String.format(Locale.ROOT, "%n    %-40s %7d/%7d/%6d%s", e.getKey(), e.getValue(),
                            rowsExecuted.getOrDefault(e.getKey(), 0L), rowsExcepted.getOrDefault(e.getKey(), 0L),
                            e.getValue() == 0 ? "   NEVER GENERATED (shadowed by another row?)" : ""));
                }
            }
            return sb.toString();
        }
    }

    /**
     * Checks batches {@code first .. first+count-1} of {@code seed} on {@code threads} threads,
     * stopping early after {@code maxMismatches} mismatching batches.
     */
    Summary run(long seed, int first, int count, int threads, int maxMismatches) throws InterruptedException {
        Summary s = new Summary();
        for (Row r : RandomInsnGenerator.intRows()) {
            s.perRow.put(r.name, 0L);
            s.perRow.put(r.name + Program.RESERVED, 0L);
        }
        s.perRow.put(RandomInsnGenerator.UNALLOCATED, 0L);
        Map<Row, String> labels = RandomInsnGenerator.labels(rows);
        for (Row r : rows) {
            s.perRow.put(labels.get(r), 0L);
            s.perRow.put(labels.get(r) + Program.RESERVED, 0L);
        }
        if (rows.length > 0) {
            s.perRow.put(RandomInsnGenerator.NO_ROW, 0L);
            s.perRow.put(RandomInsnGenerator.NO_ROW_MEM, 0L);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "difftest");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                final int index = i;
                futures.add(pool.submit(() -> check(seed, index)));
            }
            for (Future<Result> f : futures) {
                Result r;
                try {
                    r = f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("difftest batch failed to run", e.getCause());
                }
                s.batches++;
                s.genNs += r.genNs;
                s.jaffaNs += r.jaffaNs;
                s.qemuNs += r.qemuNs;
                s.exceptions += Math.max(0, r.exceptions);
                s.maxExceptionsPerBatch = Math.max(s.maxExceptionsPerBatch, r.exceptions);
                r.coverage.rowsExecuted.forEach((k, v) -> s.rowsExecuted.merge(k, v, Long::sum));
                r.coverage.rowsExcepted.forEach((k, v) -> s.rowsExcepted.merge(k, v, Long::sum));
                Program prog = r.batch.program;
                for (int i = 0; i < prog.length(); i++) {
                    if (prog.rowKeys[i] != null) {
                        s.instructions++;
                        s.rowWords++;
                        if (prog.rowInstruction(i)) s.rowInstructions++;
                        s.perRow.merge(prog.rowKeys[i], 1L, Long::sum);
                    }
                }
                if (r.report != null) {
                    s.mismatches++;
                    s.reports.add(r.report);
                    System.out.println(r.report);
                    if (s.mismatches >= maxMismatches) {
                        for (Future<Result> rest : futures) rest.cancel(true);
                        break;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return s;
    }

    // ---- bisection and report ------------------------------------------------------------------

    /**
     * Finds the shortest prefix of the batch's program whose outputs differ (the rest NOPs): its
     * last word is the first instruction whose effect differs. Set-up words are part of the prefix.
     */
    String bisect(Batch b, List<String> fullDiffs) {
        int n = b.program.length();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n==== difftest MISMATCH: seed %d batch %d (%d words) ====%n",
                b.seed, b.index, n));
        if (!differences(b.withProgram(b.program.prefix(0))).isEmpty()) {
            sb.append("The harness alone (all NOPs) already differs: the harness or semihosting disagrees.\n");
            fullDiffs.stream().limit(20).forEach(d -> sb.append("  ").append(d).append('\n'));
            return sb.append(reproducer(b, b)).toString();
        }
        int lo = 0, hi = n;   // prefix(lo) agrees, prefix(hi) differs
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (differences(b.withProgram(b.program.prefix(mid))).isEmpty()) lo = mid; else hi = mid;
        }
        int at = hi - 1;
        Batch minimal = b.withProgram(b.program.prefix(hi));
        List<String> diffs = differences(minimal);
        int insn = b.program.words[at];
        long pc = harness.codeVa + 4L * at;
        Row row = A64Table.decode(insn);
        sb.append(String.format(Locale.ROOT, "First differing instruction: word %d at 0x%x: %08x  %s%n",
                at, pc, insn, Disassembler.disassemble(insn, pc)));
        if (b.program.rowKeys[at] != null) {
            Row drawn = b.program.rows[at];
            sb.append("  row \"").append(b.program.rowKeys[at]).append('"').append(rowFields(drawn, insn));
            if (row == null) sb.append("  (UNDEFINED in Jaffa; objdump: ").append(objdump(insn)).append(')');
            sb.append('\n');
        } else if (row != null) {      // every generated word has a key: this is set-up code
            sb.append("  row \"").append(row.name).append('"').append(rowFields(row, insn))
              .append("  (a set-up instruction!)\n");
        } else {
            sb.append("  a set-up instruction of no row! (objdump: ").append(objdump(insn)).append(")\n");
        }
        if (b.vregs != null) sb.append(operandsBefore(b, at, row != null ? row : b.program.rows[at], insn));
        sb.append("  context (preceding words, executed unless branched over):\n");
        for (int i = Math.max(0, at - 6); i <= at; i++) {
            long ipc = harness.codeVa + 4L * i;
            sb.append(String.format(Locale.ROOT, "    %s 0x%x: %08x  %s%n", i == at ? "=>" : "  ", ipc,
                    b.program.words[i], Disassembler.disassemble(b.program.words[i], ipc)));
        }
        sb.append("  initial nzcv ").append(Integer.toHexString(b.nzcv));
        if (b.vregs != null) sb.append(", initial fpcr ").append(String.format(Locale.ROOT, "%08x", b.fpcr));
        sb.append(", differing output lines:\n");
        diffs.stream().limit(40).forEach(d -> sb.append("  ").append(d).append('\n'));
        return sb.append(reproducer(b, minimal)).toString();
    }

    /** GNU objdump's disassembly of one word (for words Jaffa does not decode), or "?". */
    static String objdump(int insn) {
        String objdump = System.getProperty("jaffa.objdump", "aarch64-linux-gnu-objdump");
        Path tmp = null;
        try {
            tmp = Files.createTempFile("jaffa-word-", ".bin");
            Files.write(tmp, new byte[] {(byte) insn, (byte) (insn >>> 8), (byte) (insn >>> 16), (byte) (insn >>> 24)});
            Process p = new ProcessBuilder(objdump, "-D", "-b", "binary", "-m", "aarch64", tmp.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            p.waitFor();
            for (String line : out.split("\n")) {
                String[] cols = line.split("\t");
                if (cols.length >= 3 && cols[0].trim().equals("0:")) {
                    return String.join(" ", java.util.Arrays.copyOfRange(cols, 2, cols.length)).trim();
                }
            }
        } catch (IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        } finally {
            if (tmp != null) try { Files.deleteIfExists(tmp); } catch (IOException ignored) { }
        }
        return "?";
    }

    private static String rowFields(Row row, int insn) {
        StringBuilder sb = new StringBuilder();
        if (row == null) return "";
        for (Row.Field f : row.fields) sb.append(' ').append(f.name).append('=').append(f.get(insn));
        return sb.toString();
    }

    /**
     * The state the differing instruction started from, as Jaffa's run of the preceding words (which
     * agrees with QEMU's) printed it: the registers the row's fields name, NZCV, FPCR and FPSR.
     */
    private String operandsBefore(Batch b, int at, Row row, int insn) {
        Map<String, String> before = OutputDiff.keyed(runJaffa(b.withProgram(b.program.prefix(at))).console);
        StringBuilder sb = new StringBuilder("  state before it (Jaffa = QEMU there):");
        List<String> keys = new ArrayList<>();
        if (row != null) {
            for (Row.Field f : row.fields) {
                String n = f.name;
                if (n.length() >= 2 && (n.charAt(0) == 'V' || n.charAt(0) == 'R') && Character.isLowerCase(n.charAt(1))) {
                    int r = f.get(insn);
                    if (n.charAt(0) == 'V') keys.add(String.format(Locale.ROOT, "v%02d", r));
                    else if (r < 31) keys.add(String.format(Locale.ROOT, "x%02d", r));
                    if (n.startsWith("Vt")) {                      // register lists: the next three
                        for (int k = 1; k < 4; k++) keys.add(String.format(Locale.ROOT, "v%02d", (r + k) & 31));
                    }
                }
            }
        }
        keys.add("nzcv");
        keys.add("fpcr");
        keys.add("fpsr");
        for (String k : new java.util.LinkedHashSet<>(keys)) sb.append("\n    ").append(before.getOrDefault(k, k + " ?"));
        return sb.append('\n').toString();
    }

    private String reproducer(Batch full, Batch minimal) {
        StringBuilder sb = new StringBuilder("Reproduce:\n");
        sb.append(String.format(Locale.ROOT,
                "  mvn -q -o -B -pl tests -am test -Dtest=DifferentialTest -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Djaffa.difftest.mode=%s -Djaffa.difftest.seed=%d -Djaffa.difftest.batch=%d -Djaffa.difftest.batchSize=%d%s%n",
                mode.name().toLowerCase(Locale.ROOT), full.seed, full.index, batchSize,
                rowFilter == null ? "" : " '-Djaffa.difftest.rows=" + rowFilter + "'"));
        if (mode != Mode.INT) {
            sb.append("  (FP batches depend on the selected rows: replay with the same row table and filter)\n");
        }
        if (failureDir != null) {
            try {
                Files.createDirectories(failureDir);
                Path elf = failureDir.resolve(String.format(Locale.ROOT, "seed%d-batch%d-minimal.elf", full.seed, full.index));
                Files.write(elf, image(minimal));
                sb.append("  ").append(String.join(" ", QemuRunner.command(elf, null))).append('\n');
                sb.append("  ./jaffa run --machine virt -m 128M ").append(elf).append('\n');
            } catch (IOException e) {
                sb.append("  (could not write the minimal ELF: ").append(e.getMessage()).append(")\n");
            }
        }
        return sb.toString();
    }
}
