package dev.jaffa.spmc;

import dev.jaffa.monitor.CpuContext;

/**
 * Builds a partition from its image and manifest, as OP-TEE's SPMC does: the image as a PIE ELF
 * with {@code .sp_head} (Trusted Services' "opteesp" format: segments placed at a base the SPMC
 * chooses, relocated as OP-TEE's ldelf relocates, a stack of the size .sp_head asks for) or as a
 * raw binary entered at its first byte; memory and device regions mapped; the boot information
 * blob and a read-only copy of the manifest with region addresses rewritten to VAs.
 */
final class SpLoader {
    private SpLoader() {}

    /** "SPKG" little-endian. */
    static final int SPKG_MAGIC = 0x474B_5053;
    private static final int PAGE = SecureMemory.PAGE;
    private static final int PF_X = 1, PF_W = 2, PT_LOAD = 1, PT_DYNAMIC = 2;
    private static final long DT_NULL = 0, DT_RELA = 7, DT_RELASZ = 8, DT_RELAENT = 9, DT_REL = 17, DT_RELR = 36;
    static final int R_AARCH64_RELATIVE = 1027;
    /** .sp_head: 16-byte binary UUID, u32 stack_size, u32 flags, u64 reserved = ~0. */
    private static final int DEFAULT_STACK = 64 << 10;

    /** Splits an SP package (header v1/v2: magic, version, pm_offset, pm_size, img_offset, img_size). */
    static byte[][] unpack(String sp, byte[] pkg) throws LoadException {
        if (pkg.length < 24 || le32(pkg, 0) != SPKG_MAGIC) throw new LoadException("SP " + sp + ": not an SP package (no SPKG magic)");
        int version = le32(pkg, 4);
        long pmOff = le32(pkg, 8) & 0xFFFF_FFFFL, pmSize = le32(pkg, 12) & 0xFFFF_FFFFL;
        long imgOff = le32(pkg, 16) & 0xFFFF_FFFFL, imgSize = le32(pkg, 20) & 0xFFFF_FFFFL;
        if (version != 1 && version != 2) throw new LoadException("SP " + sp + ": SP package version " + version + " (1 or 2 expected)");
        if (pmOff + pmSize > pkg.length || imgOff + imgSize > pkg.length || pmOff + pmSize > imgOff) {
            throw new LoadException("SP " + sp + ": SP package offsets are out of bounds or overlap");
        }
        return new byte[][] {
            java.util.Arrays.copyOfRange(pkg, (int) imgOff, (int) (imgOff + imgSize)),
            java.util.Arrays.copyOfRange(pkg, (int) pmOff, (int) (pmOff + pmSize)),
        };
    }

    static Partition load(String name, int id, byte[] image, Manifest m, SecureMemory mem, String source) throws LoadException {
        // Regions at fixed addresses are checked and claimed before anything is allocated, so the
        // partition's own image never lands on them.
        checkRegions(name, m, mem);
        for (Manifest.Region r : m.memoryRegions) {
            if (r.base >= 0 && (r.attributes & 8) == 0 && !mem.reserve(r.base, r.pages)) {
                throw new LoadException(String.format("SP %s: memory region %s at 0x%x is not free Secure memory", name, r.name, r.base));
            }
        }
        AddressSpace space = new AddressSpace(mem);
        Partition p = new Partition(name, id, m, space, source);
        long entry;
        long stackTop = Spmc.STACK_TOP;
        int stack = DEFAULT_STACK;
        if (m.elfFormat) {
            long[] out = new long[4];
            loadElf(name, image, mem, space, out);
            entry = out[0];
            p.loadBias = out[3];
            p.imageVa = Spmc.IMAGE_VA;
            p.imageEnd = out[1];
            if (out[2] > 0) stack = (int) out[2];
        } else {
            int pages = (image.length + PAGE - 1) / PAGE;
            long pa = allocate(name, mem, Math.max(pages, 1));
            copy(mem, pa, image, 0, image.length);
            if (!space.map(Spmc.IMAGE_VA, pa, Math.max(pages, 1), AddressSpace.R | AddressSpace.W | AddressSpace.X, false, false)) {
                throw full(name);
            }
            entry = Spmc.IMAGE_VA;
            p.imageVa = Spmc.IMAGE_VA;
            p.imageEnd = Spmc.IMAGE_VA + (long) pages * PAGE;
            stack = 0;   // a raw-binary SP sets up its own stack
        }
        if (stack > 0) {
            int pages = (stack + PAGE - 1) / PAGE;
            long pa = allocate(name, mem, pages);
            if (!space.map(stackTop - (long) pages * PAGE, pa, pages, AddressSpace.R | AddressSpace.W, false, false)) throw full(name);
        }
        mapRegions(p, mem);
        byte[] fdt = rewrittenManifest(p);
        int fdtPages = (fdt.length + PAGE - 1) / PAGE;
        long fdtPa = allocate(name, mem, fdtPages);
        copy(mem, fdtPa, fdt, 0, fdt.length);
        space.map(Spmc.FDT_VA, fdtPa, fdtPages, AddressSpace.R, false, false);
        p.fdtVa = Spmc.FDT_VA;
        p.fdtPages = fdtPages;
        long infoPa = allocate(name, mem, 1);
        byte[] info = bootInfo(m.ffaVersion, Spmc.FDT_VA, fdt.length);
        copy(mem, infoPa, info, 0, info.length);
        space.map(Spmc.BOOT_INFO_VA, infoPa, 1, AddressSpace.R, false, false);
        p.bootInfoVa = Spmc.BOOT_INFO_VA;
        p.bootInfoPages = 1;
        int daif = m.nsInterruptsAction == Manifest.NS_INTR_QUEUED ? 0x3 : 0;
        CpuContext c = CpuContext.forEl0Entry(entry, stack > 0 ? stackTop : 0, daif, true, AddressSpace.SCTLR, p.ttbr0(),
                AddressSpace.TCR, AddressSpace.MAIR);
        c.setX(m.gpRegister, Spmc.BOOT_INFO_VA);
        p.context = c;
        return p;
    }

    private static long allocate(String sp, SecureMemory mem, int pages) throws LoadException {
        long pa = mem.allocate(pages);
        if (pa < 0) throw full(sp);
        return pa;
    }

    private static LoadException full(String sp) {
        return new LoadException("SP " + sp + ": secure memory exhausted while loading");
    }

    /** out[0] = entry VA, out[1] = end of the image VA range, out[2] = .sp_head stack size (0 if none), out[3] = load bias. */
    private static void loadElf(String sp, byte[] b, SecureMemory mem, AddressSpace space, long[] out) throws LoadException {
        if (b.length < 64 || le32(b, 0) != 0x464C_457F || b[4] != 2 || b[5] != 1) {
            throw new LoadException("SP " + sp + ": elf-format is set but the image is not a little-endian ELF64 file");
        }
        int type = le16(b, 16), machine = le16(b, 18);
        if (machine != 183) throw new LoadException("SP " + sp + ": the ELF image is not for AArch64");
        if (type != 3 && type != 2) throw new LoadException("SP " + sp + ": the ELF image is neither ET_DYN nor ET_EXEC");
        long base = type == 3 ? Spmc.IMAGE_VA : 0;
        long phoff = le64(b, 32);
        int phentsize = le16(b, 54), phnum = le16(b, 56);
        if (phoff <= 0 || phoff + (long) phentsize * phnum > b.length || phentsize < 56) {
            throw new LoadException("SP " + sp + ": ELF program headers out of bounds");
        }
        long lo = Long.MAX_VALUE, hi = 0, dynamic = -1, dynSize = 0;
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phentsize);
            int ptype = le32(b, o);
            long off = le64(b, o + 8), vaddr = le64(b, o + 16), filesz = le64(b, o + 32), memsz = le64(b, o + 40);
            if (ptype == PT_LOAD && memsz > 0) {
                if (off < 0 || filesz > memsz || off + filesz > b.length || vaddr < 0 || vaddr + memsz > (1L << 30)) {
                    throw new LoadException("SP " + sp + ": ELF segment " + i + " is out of bounds");
                }
                lo = Math.min(lo, vaddr);
                hi = Math.max(hi, vaddr + memsz);
            } else if (ptype == PT_DYNAMIC) {
                dynamic = vaddr;
                dynSize = memsz;
            }
        }
        if (lo == Long.MAX_VALUE) throw new LoadException("SP " + sp + ": the ELF image has no loadable segment");
        long start = lo & -PAGE, end = (hi + PAGE - 1) & -PAGE;
        int pages = (int) ((end - start) / PAGE);
        long pa = allocate(sp, mem, pages);
        int[] perms = new int[pages];
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * phentsize);
            if (le32(b, o) != PT_LOAD) continue;
            int flags = le32(b, o + 4);
            long off = le64(b, o + 8), vaddr = le64(b, o + 16), filesz = le64(b, o + 32), memsz = le64(b, o + 40);
            if (memsz == 0) continue;
            copy(mem, pa + (vaddr - start), b, (int) off, (int) filesz);
            int p = AddressSpace.R | ((flags & PF_W) != 0 ? AddressSpace.W : 0) | ((flags & PF_X) != 0 ? AddressSpace.X : 0);
            for (long v = vaddr & -PAGE; v < vaddr + memsz; v += PAGE) perms[(int) ((v - start) / PAGE)] |= p;
        }
        relocate(sp, b, mem, pa, start, base, dynamic, dynSize, hi);
        for (int i = 0; i < pages; i++) {
            int p = perms[i] == 0 ? AddressSpace.R : perms[i];
            if (!space.map(base + start + (long) i * PAGE, pa + (long) i * PAGE, 1, p, false, false)) throw full(sp);
        }
        out[0] = base + le64(b, 24);
        out[3] = base;
        out[1] = base + end;
        // .sp_head sits at the start of the first segment: binary UUID, stack size, flags, reserved = ~0.
        long reserved = readImage64(mem, pa + (lo - start) + 24);
        out[2] = reserved == -1L ? readImage32(mem, pa + (lo - start) + 16) & 0xFFFF_FFFFL : 0;
    }

    /**
     * Applies the image's relocations as OP-TEE's ldelf does (ta_elf_rel.c): every SHT_RELA
     * section the section headers list, not only the DT_RELA table, because Trusted Services'
     * linker script keeps {@code .rela.got} apart from {@code .rela.dyn} while DT_RELASZ spans
     * both and the gap between them. An image without section headers falls back to DT_RELA.
     * Sections that are not loaded (SHF_ALLOC clear, e.g. {@code --emit-relocs} output) describe
     * the link, not the image, and are skipped.
     */
    private static void relocate(String sp, byte[] b, SecureMemory mem, long pa, long start, long base, long dynamic, long dynSize,
            long hi) throws LoadException {
        Image img = new Image(sp, mem, pa, start, hi, base);
        long shoff = le64(b, 40);
        int shentsize = le16(b, 58), shnum = le16(b, 60);
        if (shoff != 0 && shnum != 0) {
            if (shentsize < 64 || shoff < 0 || shoff + (long) shentsize * shnum > b.length) {
                throw new LoadException("SP " + sp + ": ELF section headers out of bounds");
            }
            for (int i = 0; i < shnum; i++) {
                int o = (int) (shoff + (long) i * shentsize);
                if (le32(b, o + 4) != SHT_RELA || (le64(b, o + 8) & SHF_ALLOC) == 0) continue;
                long addr = le64(b, o + 16), size = le64(b, o + 32), entsize = le64(b, o + 56);
                Symbols syms = symbols(sp, b, shoff, shentsize, shnum, le32(b, o + 40), img);
                img.applyRela(addr, size, entsize, syms);
            }
            return;
        }
        if (dynamic < 0) return;
        img.check(dynamic, dynSize, "dynamic section");
        long rela = -1, relasz = 0, relaent = RELA_SIZE;
        for (long o = 0; o + 16 <= dynSize; o += 16) {
            long tag = img.read64(dynamic + o), val = img.read64(dynamic + o + 8);
            if (tag == DT_NULL) break;
            if (tag == DT_RELA) rela = val;
            else if (tag == DT_RELASZ) relasz = val;
            else if (tag == DT_RELAENT) relaent = val;
            else if (tag == DT_REL || tag == DT_RELR) throw new LoadException("SP " + sp + ": REL/RELR relocations are not supported (RELA only)");
        }
        if (rela >= 0 && relasz != 0) img.applyRela(rela, relasz, relaent, null);
    }

    private static final int SHT_RELA = 4, SHT_DYNSYM = 11, SHT_SYMTAB = 2, SHN_UNDEF = 0, STB_WEAK = 2, RELA_SIZE = 24, SYM_SIZE = 24;
    private static final long SHF_ALLOC = 2;
    /** AArch64 relocation types (ELF for the Arm 64-bit Architecture), the ones ldelf knows. */
    static final int R_AARCH64_NONE = 0, R_AARCH64_ABS64 = 257, R_AARCH64_GLOB_DAT = 1025, R_AARCH64_JUMP_SLOT = 1026,
            R_AARCH64_TLS_DTPMOD = 1028, R_AARCH64_TLS_DTPREL = 1029, R_AARCH64_TLS_TPREL = 1030, R_AARCH64_TLSDESC = 1031;

    /** A name for a relocation type in messages. */
    static String relocationName(int type) {
        switch (type) {
            case R_AARCH64_NONE: return "R_AARCH64_NONE";
            case R_AARCH64_ABS64: return "R_AARCH64_ABS64";
            case R_AARCH64_GLOB_DAT: return "R_AARCH64_GLOB_DAT";
            case R_AARCH64_JUMP_SLOT: return "R_AARCH64_JUMP_SLOT";
            case R_AARCH64_RELATIVE: return "R_AARCH64_RELATIVE";
            case R_AARCH64_TLS_DTPMOD: return "R_AARCH64_TLS_DTPMOD";
            case R_AARCH64_TLS_DTPREL: return "R_AARCH64_TLS_DTPREL";
            case R_AARCH64_TLS_TPREL: return "R_AARCH64_TLS_TPREL";
            case R_AARCH64_TLSDESC: return "R_AARCH64_TLSDESC";
            default: return "unknown";
        }
    }

    /** The symbol table a relocation section links to (read from the loaded image, as ldelf reads it), or null. */
    private static Symbols symbols(String sp, byte[] b, long shoff, int shentsize, int shnum, int link, Image img) throws LoadException {
        if (link == 0) return null;
        if (link >= shnum) throw new LoadException("SP " + sp + ": a relocation section links to a missing symbol table");
        int o = (int) (shoff + (long) link * shentsize);
        int type = le32(b, o + 4);
        if (type != SHT_DYNSYM && type != SHT_SYMTAB || (le64(b, o + 8) & SHF_ALLOC) == 0) return null;
        Symbols s = new Symbols();
        s.addr = le64(b, o + 16);
        s.count = le64(b, o + 32) / SYM_SIZE;
        img.check(s.addr, s.count * SYM_SIZE, "symbol table");
        int strLink = le32(b, o + 40);
        if (strLink > 0 && strLink < shnum) {
            int so = (int) (shoff + (long) strLink * shentsize);
            if ((le64(b, so + 8) & SHF_ALLOC) != 0) {
                s.strAddr = le64(b, so + 16);
                s.strSize = le64(b, so + 32);
                img.check(s.strAddr, s.strSize, "string table");
            }
        }
        return s;
    }

    private static final class Symbols {
        long addr, count, strAddr = -1, strSize;
    }

    /** The image being loaded, addressed by its link-time VAs [start, hi). */
    private static final class Image {
        final String sp;
        final SecureMemory mem;
        /** Where the image's link-time VAs are: physical copy at pa, run-time VAs offset by base. */
        final long pa, start, hi, base;

        Image(String sp, SecureMemory mem, long pa, long start, long hi, long base) {
            this.base = base;
            this.sp = sp;
            this.mem = mem;
            this.pa = pa;
            this.start = start;
            this.hi = hi;
        }

        void check(long addr, long size, String what) throws LoadException {
            if (addr < start || size < 0 || addr > hi || size > hi - addr) {
                throw new LoadException("SP " + sp + ": the " + what + " lies outside the loaded image");
            }
        }

        long read64(long va) { return readImage64(mem, pa + va - start); }

        int read8(long va) { return mem.page(pa + va - start)[(int) (pa + va - start) & (PAGE - 1)] & 0xFF; }

        void applyRela(long addr, long size, long entsize, Symbols syms) throws LoadException {
            if (entsize != RELA_SIZE || size % RELA_SIZE != 0) throw new LoadException("SP " + sp + ": bad RELA table (entry size " + entsize + ")");
            check(addr, size, "relocation table");
            for (long o = 0; o < size; o += RELA_SIZE) {
                long offset = read64(addr + o), info = read64(addr + o + 8), addend = read64(addr + o + 16);
                int type = (int) info, sym = (int) (info >>> 32);
                if (type == R_AARCH64_NONE) continue;   // a no-op, as in ldelf
                if (offset < start || offset > hi - 8) {
                    throw new LoadException(String.format("SP %s: relocation at 0x%x is outside the image", sp, offset));
                }
                long value;
                switch (type) {
                    case R_AARCH64_RELATIVE: value = base + addend; break;
                    case R_AARCH64_ABS64: value = symbol(syms, sym, type, offset, addend); break;
                    case R_AARCH64_GLOB_DAT: case R_AARCH64_JUMP_SLOT: value = symbol(syms, sym, type, offset, 0); break;
                    default:
                        throw new LoadException(String.format("SP %s: relocation type %d (%s) at 0x%x is not supported "
                                + "(R_AARCH64_NONE, RELATIVE, ABS64, GLOB_DAT and JUMP_SLOT are)", sp, type, relocationName(type), offset));
                }
                writeImage64(mem, pa + offset - start, value);
            }
        }

        /**
         * S (+ A for ABS64): a symbol the image defines, relocated; a weak undefined one is 0, as
         * ldelf resolves it; anything else would need another module, and an SP has none.
         */
        private long symbol(Symbols syms, int index, int type, long offset, long addend) throws LoadException {
            if (syms == null || index <= 0 || index >= syms.count) {
                throw new LoadException(String.format("SP %s: %s relocation at 0x%x names no symbol of the image", sp,
                        relocationName(type), offset));
            }
            long e = syms.addr + (long) index * SYM_SIZE;
            int info = read8(e + 4), shndx = read8(e + 6) | read8(e + 7) << 8;
            long value = read64(e + 8);
            if (shndx != SHN_UNDEF) return base + value + addend;
            if (info >>> 4 == STB_WEAK) return 0;
            throw new LoadException(String.format("SP %s: %s relocation at 0x%x needs symbol '%s', which the image does not define",
                    sp, relocationName(type), offset, symbolName(syms, read64(e) & 0xFFFF_FFFFL)));
        }

        private String symbolName(Symbols syms, long off) {
            if (syms.strAddr < 0 || off >= syms.strSize) return "?";
            StringBuilder sb = new StringBuilder();
            for (long a = syms.strAddr + off; a < syms.strAddr + syms.strSize && sb.length() < 128; a++) {
                int c = read8(a);
                if (c == 0) break;
                sb.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
            }
            return sb.toString();
        }
    }

    /**
     * Maps the manifest's memory and device regions at their VAs, in order. {@link #checkRegions}
     * has checked each against the board's memory map: a Secure memory region with a base address must be free
     * Secure DRAM, a Non-secure one (attribute bit 3) Non-secure RAM, a device region device
     * windows. OP-TEE maps whatever the manifest says and the partition faults on first touch;
     * a load error naming the region is kinder.
     */
    private static void mapRegions(Partition p, SecureMemory mem) throws LoadException {
        Manifest m = p.manifest;
        long va = Spmc.REGION_VA;
        long[] vas = new long[m.memoryRegions.size() + m.deviceRegions.size()];
        int k = 0;
        for (Manifest.Region r : m.memoryRegions) {
            long pa = r.base;
            boolean ns = (r.attributes & 8) != 0;
            if (pa < 0) pa = allocate(p.name, mem, r.pages);   // fixed ones were reserved by load()
            if (!p.space.map(va, pa, r.pages, r.attributes & 7, false, ns)) throw full(p.name);
            vas[k++] = va;
            va += (long) r.pages * PAGE;
        }
        for (Manifest.Region r : m.deviceRegions) {
            if (!p.space.map(va, r.base, r.pages, r.attributes & 3, true, (r.attributes & 8) != 0)) throw full(p.name);
            vas[k++] = va;
            va += (long) r.pages * PAGE;
        }
        p.regionVa = vas;
    }

    /** The memory-map checks of {@link #mapRegions}, each failure naming the partition and the region. */
    static void checkRegions(String sp, Manifest m, SecureMemory mem) throws LoadException {
        dev.jaffa.interp.memory.SystemBus bus = mem.bus();
        for (Manifest.Region r : m.memoryRegions) {
            if (r.base < 0) continue;
            long bytes = (long) r.pages * PAGE;
            boolean ns = (r.attributes & 8) != 0;
            String where = String.format("SP %s: memory region %s (0x%x, %d pages, %s)", sp, r.name, r.base, r.pages,
                    ns ? "Non-secure" : "Secure");
            if (r.base + bytes < r.base) throw new LoadException(where + " wraps around the address space");
            if (ns) {
                if (!bus.isRamRange(r.base, bytes) || bus.isSecureOnly(r.base) || bus.isSecureOnly(r.base + bytes - 1)) {
                    throw new LoadException(where + " is not Non-secure RAM of this board" + ramList(bus, mem));
                }
            } else if (!mem.contains(r.base, bytes)) {
                throw new LoadException(String.format("%s is not in the Secure DRAM the SPMC owns (0x%x-0x%x)", where, mem.base,
                        mem.base + mem.size - 1));
            } else if (!mem.isFree(r.base, r.pages)) {
                throw new LoadException(where + " overlaps memory already given to another partition (load the partitions "
                        + "with fixed Secure regions first)");
            }
        }
        for (Manifest.Region r : m.deviceRegions) {
            long bytes = (long) r.pages * PAGE;
            if (r.base + bytes < r.base || !bus.isDeviceRange(r.base, bytes)) {
                throw new LoadException(String.format("SP %s: device region %s (0x%x, %d pages) is not a device of this board", sp,
                        r.name, r.base, r.pages));
            }
        }
    }

    private static String ramList(dev.jaffa.interp.memory.SystemBus bus, SecureMemory mem) {
        StringBuilder sb = new StringBuilder(" (its RAM:");
        for (dev.jaffa.interp.memory.Ram r : bus.rams()) {
            if (r.base == mem.base) continue;
            sb.append(String.format(" 0x%x-0x%x", r.base, r.base + r.size - 1));
        }
        return sb.append(')').toString();
    }

    /** The manifest the SP gets: region base-address values rewritten to its VAs. */
    private static byte[] rewrittenManifest(Partition p) {
        dev.jaffa.format.FdtNode copy = dev.jaffa.format.Fdt.parse(p.manifest.blob);
        int k = 0;
        for (String node : new String[] {"memory-regions", "device-regions"}) {
            dev.jaffa.format.FdtNode n = copy.child(node);
            if (n == null) continue;
            for (dev.jaffa.format.FdtNode r : n.children()) {
                if (k < p.regionVa.length) r.setPropertyU64("base-address", p.regionVa[k]);
                k++;
            }
        }
        return copy.toBlob();
    }

    /** The boot information blob (reference ffa.md §1.9): v1.0 "FF-A" table or the v1.1 header and one FDT descriptor. */
    static byte[] bootInfo(int version, long fdtVa, int fdtSize) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        if (version == 0x1_0000) {
            b.putInt(0x412D_4646).putInt(1);
            b.put("TYPE_DT".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(new byte[16 - 7]);
            b.putLong(fdtVa).putLong(fdtSize);
        } else {
            b.putInt(0xFFA).putInt(version).putInt(64).putInt(32).putInt(1).putInt(32).putLong(0);
            b.put(new byte[16]).put((byte) 0).put((byte) 0).putShort((short) 0).putInt(fdtSize).putLong(fdtVa);
        }
        return b.array();
    }

    private static void copy(SecureMemory mem, long pa, byte[] src, int off, int len) {
        for (int i = 0; i < len; ) {
            byte[] page = mem.page(pa + i);
            int o = (int) (pa + i) & (PAGE - 1);
            int n = Math.min(len - i, PAGE - o);
            System.arraycopy(src, off + i, page, o, n);
            i += n;
        }
    }

    private static long readImage64(SecureMemory mem, long pa) {
        long v = 0;
        for (int k = 7; k >= 0; k--) v = v << 8 | (mem.page(pa + k)[(int) (pa + k) & (PAGE - 1)] & 0xFF);
        return v;
    }

    private static int readImage32(SecureMemory mem, long pa) { return (int) readImage64(mem, pa); }

    private static void writeImage64(SecureMemory mem, long pa, long v) {
        for (int k = 0; k < 8; k++) mem.page(pa + k)[(int) (pa + k) & (PAGE - 1)] = (byte) (v >>> 8 * k);
    }

    static int le16(byte[] b, int o) { return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8; }

    static int le32(byte[] b, int o) { return le16(b, o) | le16(b, o + 2) << 16; }

    static long le64(byte[] b, int o) { return le32(b, o) & 0xFFFF_FFFFL | (long) le32(b, o + 4) << 32; }
}
