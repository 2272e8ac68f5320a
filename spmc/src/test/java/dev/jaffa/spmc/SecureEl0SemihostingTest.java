package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.interp.Cpu;
import dev.jaffa.interp.memory.SystemBus;
import dev.jaffa.monitor.Semihosting;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Semihosting from a partition at Secure EL0 (as the FVP serves it, and Trusted Services' fwu
 * uses it for its flash file): enabled for Secure EL0 only, addresses are the partition's VAs
 * translated through its own tables, files confined to the root, no root → EACCES.
 */
class SecureEl0SemihostingTest {
    static final long DATA = Spmc.IMAGE_VA + 0x1000;

    @TempDir Path tmp;
    final SystemBus bus = new SystemBus();
    final Cpu cpu = new Cpu(0, bus);
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    Partition p;

    void bootOnePartition() throws Exception {
        bus.addRam(SpLoaderTest.NS_RAM, 1 << 20);
        bus.addRam(SpLoaderTest.SECURE, 4 << 20);
        bus.setSecureOnly(SpLoaderTest.SECURE, 4 << 20);
        Spmc spmc = new Spmc(bus, SpLoaderTest.SECURE, 4 << 20, new PrintStream(OutputStream.nullOutputStream()));
        spmc.addPartition("fwu.stripped", new SpLoaderTest.ElfImage().build(), SpLoaderTest.manifest("FWU"), "test");
        p = spmc.partitions().get(0);
        cpu.resetTo(SpLoaderTest.NS_RAM, 1);
        spmc.boot(cpu);   // the partition has the CPU, at Secure EL0
        assertTrue(cpu.secure && cpu.el == 0);
    }

    void poke(long va, byte[] b) {
        for (int i = 0; i < b.length; i++) bus.ramPage(p.space.physical(va + i))[(int) (va + i) & 0xFFF] = b[i];
    }

    void pokeLongs(long va, long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        poke(va, b.array());
    }

    long call(Semihosting sh, int op, long arg) {
        cpu.x[0] = op;
        cpu.x[1] = arg;
        assertTrue(sh.hlt(cpu, Semihosting.HLT_IMMEDIATE));
        return cpu.x[0];
    }

    Semihosting semihosting(Path root) {
        Semihosting sh = new Semihosting(root, new ByteArrayInputStream(new byte[0]), out, OutputStream.nullOutputStream());
        sh.setAllowFromSecureEl0(true);
        return sh;
    }

    @Test
    void onlySecureEl0IsLetIn() throws Exception {
        bootOnePartition();
        Semihosting sh = new Semihosting(null, new ByteArrayInputStream(new byte[0]), out, OutputStream.nullOutputStream());
        cpu.x[0] = Semihosting.SYS_TICKFREQ;
        assertFalse(sh.hlt(cpu, Semihosting.HLT_IMMEDIATE), "off by default");
        sh.setAllowFromSecureEl0(true);
        cpu.secure = false;
        assertFalse(sh.hlt(cpu, Semihosting.HLT_IMMEDIATE), "Non-secure EL0 stays refused");
        cpu.secure = true;
        assertTrue(sh.hlt(cpu, Semihosting.HLT_IMMEDIATE));
    }

    @Test
    void addressesAreThePartitionsVirtualAddresses() throws Exception {
        bootOnePartition();
        Semihosting sh = semihosting(Files.createDirectory(tmp.resolve("root")));
        poke(DATA, "from S-EL0\n\0".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, call(sh, Semihosting.SYS_WRITE0, DATA));
        sh.flush();
        assertEquals("from S-EL0\n", out.toString(StandardCharsets.US_ASCII));
        // A Secure DRAM address the partition has not mapped: EFAULT, never a peek at that memory.
        assertEquals(-1, call(sh, Semihosting.SYS_WRITE0, SpLoaderTest.SECURE));
        assertEquals(dev.jaffa.format.LinuxErrno.EFAULT, call(sh, Semihosting.SYS_ERRNO, 0));
    }

    @Test
    void filesStayInTheRootAndWithoutOneOpeningFails() throws Exception {
        bootOnePartition();
        Path root = Files.createDirectory(tmp.resolve("root"));
        poke(DATA + 0x100, "secure-flash.img\0".getBytes(StandardCharsets.US_ASCII));
        pokeLongs(DATA, DATA + 0x100, 6 /* w+b */, 16);
        Semihosting none = semihosting(null);
        assertEquals(-1, call(none, Semihosting.SYS_OPEN, DATA));
        assertEquals(dev.jaffa.format.LinuxErrno.EACCES, call(none, Semihosting.SYS_ERRNO, 0));
        Semihosting sh = semihosting(root);
        long handle = call(sh, Semihosting.SYS_OPEN, DATA);
        assertTrue(handle > 0);
        poke(DATA + 0x200, new byte[] {1, 2, 3, 4});
        pokeLongs(DATA + 0x40, handle, DATA + 0x200, 4);
        assertEquals(0, call(sh, Semihosting.SYS_WRITE, DATA + 0x40), "all bytes written");
        pokeLongs(DATA + 0x40, handle);
        assertEquals(0, call(sh, Semihosting.SYS_CLOSE, DATA + 0x40));
        assertEquals(4, Files.size(root.resolve("secure-flash.img")));
    }
}
