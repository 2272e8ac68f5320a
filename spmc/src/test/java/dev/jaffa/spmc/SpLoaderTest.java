package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jaffa.format.Fdt;
import dev.jaffa.interp.memory.SystemBus;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loader's relocation rules (those of OP-TEE's ldelf: every SHT_RELA section, NONE a no-op,
 * symbols of the image itself, anything else a load error naming partition and type) on small
 * ELF images built here, and its checks of manifest regions against the memory map.
 */
class SpLoaderTest {
    static final long NS_RAM = 0x4000_0000L, SECURE = 0x0600_0000L, DEVICE = 0x1C09_0000L;

    final SystemBus bus = new SystemBus();
    final Spmc spmc;

    SpLoaderTest() {
        bus.addRam(NS_RAM, 1 << 20);
        bus.addRam(SECURE, 4 << 20);
        bus.setSecureOnly(SECURE, 4 << 20);
        bus.addDevice(DEVICE, 0x1000, new SystemBus.Device() {
            @Override public long read(long offset, int size) { return 0; }
            @Override public void write(long offset, int size, long value) { }
        });
        spmc = new Spmc(bus, SECURE, 4 << 20, new PrintStream(OutputStream.nullOutputStream()));
    }

    // ---- a little ELF writer ---------------------------------------------------------------------

    /** A relocation: offset, type, symbol index, addend. */
    static long[] rela(long offset, int type, int sym, long addend) { return new long[] {offset, type, sym, addend}; }

    /**
     * An ET_DYN image: one RWX PT_LOAD segment at VA 0 (file offset 0x1000) of {@code 0x3000} bytes
     * with .sp_head at 0, the code at 0x100 (b .), data words at 0x1000.., a PT_DYNAMIC at 0x2000
     * whose DT_RELA/DT_RELASZ span the first table and {@code gap} zero bytes after it; RELA tables
     * at 0x2100 (.rela.dyn) and 0x2400 (.rela.got), a .dynsym at 0x2600 and its .dynstr at 0x2700.
     * {@code sections} false leaves out the section headers (DT_RELA is then all there is).
     */
    static final class ElfImage {
        final List<long[]> relaDyn = new ArrayList<>(), relaGot = new ArrayList<>(), unallocated = new ArrayList<>();
        /** Symbols after the null one: name, value, shndx, bind. */
        final List<Object[]> symbols = new ArrayList<>();
        boolean sections = true;
        int gap = 48;

        byte[] build() {
            final int seg = 0x1000, size = 0x3000;
            ByteBuffer b = ByteBuffer.allocate(seg + size + 0x1000).order(ByteOrder.LITTLE_ENDIAN);
            // ELF header
            b.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
            b.putShort(16, (short) 3).putShort(18, (short) 183).putInt(20, 1).putLong(24, 0x100).putLong(32, 64);
            b.putShort(52, (short) 64).putShort(54, (short) 56).putShort(56, (short) 2);
            // PT_LOAD RWX and PT_DYNAMIC
            int ph = 64;
            b.putInt(ph, 1).putInt(ph + 4, 7).putLong(ph + 8, seg).putLong(ph + 16, 0).putLong(ph + 32, size).putLong(ph + 40, size);
            b.putInt(ph + 56, 2).putInt(ph + 60, 6).putLong(ph + 64, seg + 0x2000).putLong(ph + 72, 0x2000).putLong(ph + 88, 0x100)
                    .putLong(ph + 96, 0x100);
            // .sp_head: UUID, stack size 16 KiB, flags, reserved ~0; the code: b .
            b.putInt(seg + 16, 0x4000).putLong(seg + 24, -1L).putInt(seg + 0x100, 0x14000000);
            // the dynamic section
            long[] dyn = {7, 0x2100, 8, relaDyn.size() * 24L + gap, 9, 24, 0, 0};
            for (int i = 0; i < dyn.length; i++) b.putLong(seg + 0x2000 + 8 * i, dyn[i]);
            writeRela(b, seg + 0x2100, relaDyn);
            writeRela(b, seg + 0x2400, relaGot);
            writeRela(b, seg + 0x2500, unallocated);
            // .dynsym / .dynstr
            StringBuilder str = new StringBuilder("\0");
            for (int i = 0; i < symbols.size(); i++) {
                Object[] s = symbols.get(i);
                int o = seg + 0x2600 + 24 * (i + 1);
                b.putInt(o, str.length()).put(o + 4, (byte) ((int) s[3] << 4 | 1)).putShort(o + 6, (short) (int) s[2]).putLong(o + 8, (long) s[1]);
                str.append((String) s[0]).append('\0');
            }
            byte[] strs = str.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < strs.length; i++) b.put(seg + 0x2700 + i, strs[i]);
            if (sections) {
                int sh = seg + size;
                b.putLong(40, sh).putShort(58, (short) 64).putShort(60, (short) 6);
                // 0 null; 1 .rela.dyn; 2 .rela.got; 3 .dynsym; 4 .dynstr; 5 an unallocated RELA
                section(b, sh + 64, 4, 2, 0x2100, relaDyn.size() * 24L, 3, 24);
                section(b, sh + 128, 4, 2, 0x2400, relaGot.size() * 24L, 3, 24);
                section(b, sh + 192, 11, 2, 0x2600, 24L * (symbols.size() + 1), 4, 24);
                section(b, sh + 256, 3, 2, 0x2700, strs.length, 0, 0);
                section(b, sh + 320, 4, 0, 0x2500, unallocated.size() * 24L, 3, 24);
            }
            return b.array();
        }

        private static void section(ByteBuffer b, int o, int type, long flags, long addr, long size, int link, long entsize) {
            b.putInt(o + 4, type).putLong(o + 8, flags).putLong(o + 16, addr).putLong(o + 24, 0x1000 + addr).putLong(o + 32, size)
                    .putInt(o + 40, link).putLong(o + 56, entsize);
        }

        private static void writeRela(ByteBuffer b, int o, List<long[]> rs) {
            for (long[] r : rs) {
                b.putLong(o, r[0]).putLong(o + 8, r[2] << 32 | r[1]).putLong(o + 16, r[3]);
                o += 24;
            }
        }
    }

    static Fdt manifestStart(String description) {
        Fdt f = new Fdt();
        f.beginNode("");
        f.propertyString("compatible", "arm,ffa-manifest-1.0");
        f.propertyString("description", description);
        f.propertyU32("ffa-version", 0x10001);
        f.propertyU32("uuid", 1, 2, 3, 4);
        f.propertyU32("execution-state", 0);
        f.propertyU32("messaging-method", 3);
        f.propertyU32("ns-interrupts-action", 2);
        f.propertyU32("elf-format", 1);
        return f;
    }

    static byte[] manifest(String description) {
        Fdt f = manifestStart(description);
        f.endNode();
        return f.finish();
    }

    Partition load(ElfImage img) throws LoadException {
        spmc.addPartition("image.stripped", img.build(), manifest("Relocated"), "test");
        return spmc.partitions().get(spmc.partitions().size() - 1);
    }

    long word(Partition p, long linkVa) {
        long va = Spmc.IMAGE_VA + linkVa;
        return ByteBuffer.wrap(bus.ramPage(p.space.physical(va))).order(ByteOrder.LITTLE_ENDIAN).getLong((int) va & 0xFFF);
    }

    // ---- relocations -----------------------------------------------------------------------------

    @Test
    void everyRelaSectionIsAppliedAndTheGapDtRelaszCoversIsNot() throws LoadException {
        ElfImage img = new ElfImage();
        img.relaDyn.add(rela(0x1000, SpLoader.R_AARCH64_RELATIVE, 0, 0x100));
        img.relaDyn.add(rela(0x1008, SpLoader.R_AARCH64_NONE, 0, 0x999));   // a no-op, as in ldelf
        img.relaGot.add(rela(0x1010, SpLoader.R_AARCH64_RELATIVE, 0, 0x1234));
        Partition p = load(img);
        assertEquals("Relocated", p.name, "named after the manifest's description");
        assertEquals(Spmc.IMAGE_VA + 0x100, word(p, 0x1000));
        assertEquals(0, word(p, 0x1008), "R_AARCH64_NONE writes nothing");
        assertEquals(Spmc.IMAGE_VA + 0x1234, word(p, 0x1010), ".rela.got is applied although DT_RELASZ does not reach it");
    }

    @Test
    void withoutSectionHeadersDtRelaIsUsedAndItsTrailingNoneEntriesAreNoOps() throws LoadException {
        ElfImage img = new ElfImage();
        img.sections = false;
        img.relaDyn.add(rela(0x1000, SpLoader.R_AARCH64_RELATIVE, 0, 0x200));
        img.gap = 48;   // DT_RELASZ runs two entries past the table into zeros: R_AARCH64_NONE
        Partition p = load(img);
        assertEquals(Spmc.IMAGE_VA + 0x200, word(p, 0x1000));
    }

    @Test
    void symbolRelocationsResolveAgainstTheImagesOwnSymbols() throws LoadException {
        ElfImage img = new ElfImage();
        img.symbols.add(new Object[] {"defined", 0x1800L, 1, 1});
        img.symbols.add(new Object[] {"weak_undefined", 0L, 0, 2});
        img.relaDyn.add(rela(0x1000, SpLoader.R_AARCH64_ABS64, 1, 8));
        img.relaDyn.add(rela(0x1008, SpLoader.R_AARCH64_GLOB_DAT, 1, 8));
        img.relaGot.add(rela(0x1010, SpLoader.R_AARCH64_JUMP_SLOT, 2, 0));
        Partition p = load(img);
        assertEquals(Spmc.IMAGE_VA + 0x1808, word(p, 0x1000), "ABS64: S + A");
        assertEquals(Spmc.IMAGE_VA + 0x1800, word(p, 0x1008), "GLOB_DAT: S");
        assertEquals(0, word(p, 0x1010), "a weak undefined symbol is 0");
    }

    @Test
    void anUndefinedSymbolIsALoadErrorNamingIt() {
        ElfImage img = new ElfImage();
        img.symbols.add(new Object[] {"from_a_library", 0L, 0, 1});
        img.relaGot.add(rela(0x1000, SpLoader.R_AARCH64_GLOB_DAT, 1, 0));
        LoadException e = assertThrows(LoadException.class, () -> load(img));
        assertTrue(e.getMessage().startsWith("SP Relocated: R_AARCH64_GLOB_DAT"), e.getMessage());
        assertTrue(e.getMessage().contains("'from_a_library'"), e.getMessage());
    }

    @Test
    void anyOtherTypeIsALoadErrorNamingPartitionAndType() {
        ElfImage img = new ElfImage();
        img.relaGot.add(rela(0x1000, SpLoader.R_AARCH64_TLSDESC, 0, 0));
        LoadException e = assertThrows(LoadException.class, () -> load(img));
        assertEquals("SP Relocated: relocation type 1031 (R_AARCH64_TLSDESC) at 0x1000 is not supported "
                + "(R_AARCH64_NONE, RELATIVE, ABS64, GLOB_DAT and JUMP_SLOT are)", e.getMessage());
        ElfImage img2 = new ElfImage();
        img2.relaDyn.add(rela(0x1000, 0x1234, 0, 0));
        e = assertThrows(LoadException.class, () -> load(img2));
        assertTrue(e.getMessage().contains("relocation type 4660 (unknown)"), e.getMessage());
    }

    @Test
    void unallocatedRelaSectionsDescribeTheLinkAndAreSkipped() throws LoadException {
        ElfImage img = new ElfImage();
        img.unallocated.add(rela(0x1000, 283, 0, 0));   // R_AARCH64_CALL26, as --emit-relocs leaves them
        img.relaDyn.add(rela(0x1008, SpLoader.R_AARCH64_RELATIVE, 0, 0x10));
        Partition p = load(img);
        assertEquals(0, word(p, 0x1000));
        assertEquals(Spmc.IMAGE_VA + 0x10, word(p, 0x1008));
    }

    @Test
    void aRelocationOutsideTheImageIsRefused() {
        ElfImage img = new ElfImage();
        img.relaDyn.add(rela(0x2FFC, SpLoader.R_AARCH64_RELATIVE, 0, 0));
        LoadException e = assertThrows(LoadException.class, () -> load(img));
        assertEquals("SP Relocated: relocation at 0x2ffc is outside the image", e.getMessage());
    }

    // ---- regions against the memory map ----------------------------------------------------------

    byte[] withRegion(String node, String name, long base, int pages, int attributes) {
        Fdt f = manifestStart("Regions");
        f.beginNode(node);
        f.beginNode(name);
        f.propertyU64("base-address", base);
        f.propertyU32("pages-count", pages);
        f.propertyU32("attributes", attributes);
        f.endNode();
        f.endNode();
        f.endNode();
        return f.finish();
    }

    String refusal(byte[] manifest) {
        return assertThrows(LoadException.class, () -> spmc.addPartition("x.stripped", new ElfImage().build(), manifest, "test")).getMessage();
    }

    @Test
    void regionsAreCheckedAgainstTheMemoryMap() throws LoadException {
        assertEquals("SP Regions: memory region nw-buffer (0x881000000, 8 pages, Non-secure) is not Non-secure RAM of this board "
                + "(its RAM: 0x40000000-0x400fffff)", refusal(withRegion("memory-regions", "nw-buffer", 0x8_8100_0000L, 8, 0xB)));
        assertTrue(refusal(withRegion("memory-regions", "nw-buffer", SECURE, 1, 0xB)).contains("is not Non-secure RAM"),
                "Secure DRAM is not Non-secure RAM");
        assertEquals("SP Regions: memory region sec (0x6400000, 1 pages, Secure) is not in the Secure DRAM the SPMC owns "
                + "(0x6000000-0x63fffff)", refusal(withRegion("memory-regions", "sec", SECURE + (4 << 20), 1, 3)));
        assertEquals("SP Regions: device region trng (0x7fe60000, 1 pages) is not a device of this board",
                refusal(withRegion("device-regions", "trng", 0x7FE6_0000L, 1, 3)));
        assertTrue(refusal(withRegion("device-regions", "ram", NS_RAM, 1, 3)).contains("device region ram"), "RAM is no device");
        assertTrue(refusal(withRegion("device-regions", "uart", DEVICE, 2, 3)).contains("is not a device"), "nor half a device");
        // And what the map has is accepted, mapped where the manifest copy says.
        spmc.addPartition("a.stripped", new ElfImage().build(), withRegion("device-regions", "uart", DEVICE, 1, 3), "test");
        spmc.addPartition("b.stripped", new ElfImage().build(), withRegion("memory-regions", "nw", NS_RAM + 0x8000, 2, 0xB), "test");
        spmc.addPartition("c.stripped", new ElfImage().build(), withRegion("memory-regions", "own", SECURE + (3 << 20), 1, 3), "test");
        assertTrue(spmc.secureMemory().isFree(SECURE, 16), "images are placed from the top of the carve-out down");
        Partition b = spmc.partitions().get(1);
        assertEquals(NS_RAM + 0x8000, b.space.physical(b.regionVa[0]));
        assertEquals("SP Regions: memory region own (0x6300000, 1 pages, Secure) overlaps memory already given to another partition (load the partitions with fixed Secure regions first)",
                refusal(withRegion("memory-regions", "own", SECURE + (3 << 20), 1, 3)));
    }
}
