package dev.jaffa.devices;

import static dev.jaffa.devices.CfiFlash.*;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfiFlashTest {
    final CfiFlash flash = new CfiFlash(VIRT_BANK_SIZE, new byte[] {0x11, 0x22, 0x33, 0x44, 0x55});

    long r(long off) { return flash.read(off, 4); }
    void w(long off, long v) { flash.write(off, 4, v); }
    /** A command as a 32-bit driver sends it: the same byte to both x16 devices. */
    void cmd(long off, int c) { w(off, (long) c << 16 | c); }

    @Test
    void readArrayReturnsContentAndErasedBeyond() {
        assertTrue(flash.inReadArrayMode());
        assertEquals(0x44332211L, r(0));
        assertEquals(0x55, flash.read(4, 1));
        assertEquals(0xFFFF_FF55L, r(4));
        assertEquals(-1L, flash.read(VIRT_BANK_SIZE - 8, 8));
        assertEquals(0x11, flash.page(0)[0]);
        assertEquals(0, flash.read(VIRT_BANK_SIZE, 4));   // beyond the bank
        assertEquals(0, flash.read(0, 3));                 // bad size
    }

    @Test
    void cfiQueryAsQemuVirtAnswersIt() {
        cmd(0x55 << 2, CMD_CFI_QUERY);                     // U-Boot/Linux issue it at 0x55 words
        assertFalse(flash.inReadArrayMode());
        assertEquals(0x0051_0051L, r(0x10 << 2));          // 'Q' from each device
        assertEquals(0x0052_0052L, r(0x11 << 2));          // 'R'
        assertEquals(0x0059_0059L, r(0x12 << 2));          // 'Y'
        assertEquals(0x0001_0001L, r(0x13 << 2));          // Intel/Sharp command set
        assertEquals(0x0031_0031L, r(0x15 << 2));
        assertEquals(0x0019_0019L, r(0x27 << 2));          // 32 MiB per x16 device
        assertEquals(0x0002_0002L, r(0x28 << 2));
        assertEquals(0x000B_000BL, r(0x2A << 2));          // 2 KiB write buffer per device
        assertEquals(0x0001_0001L, r(0x2C << 2));          // one erase region
        assertEquals(0x00FF_00FFL, r(0x2D << 2));          // 256 blocks...
        assertEquals(0, r(0x2E << 2));
        assertEquals(0, r(0x2F << 2));                     // ...of 128 KiB per device
        assertEquals(0x0002_0002L, r(0x30 << 2));
        assertEquals(0x0050_0050L, r(0x31 << 2));          // "PRI"
        assertEquals(0x0051, flash.read(0x10 << 2, 2));
        assertEquals(0x0052_0052_0051_0051L, flash.read(0x10 << 2, 8)); // two bank words: 'Q', 'R'
        assertEquals(0, r(0x60 << 2));                     // past the table
        cmd(0, CMD_READ_ARRAY);
        assertTrue(flash.inReadArrayMode());
        assertEquals(0x44332211L, r(0));
    }

    @Test
    void readIdAndStatus() {
        cmd(0, CMD_READ_ID);
        assertEquals(0x0089_0089L, r(0));
        assertEquals(0x0018_0018L, r(4));
        assertEquals(0, r(8));                             // block unlocked
        cmd(0, CMD_READ_STATUS);
        assertEquals(0x0080_0080L, r(0));
        assertEquals(0x80, flash.read(0, 1));
        cmd(0, CMD_AMD_RESET);
        assertTrue(flash.inReadArrayMode());
    }

    @Test
    void wordProgramClearsBitsOnly() {
        cmd(0x1000, CMD_PROGRAM);
        w(0x1000, 0x1234_5678L);
        assertEquals(0x0080_0080L, r(0x1000));             // status while not in array mode
        cmd(0, CMD_READ_ARRAY);
        assertEquals(0x1234_5678L, r(0x1000));
        cmd(0x1000, CMD_PROGRAM_ALT);
        w(0x1000, 0xFFFF_0000L);                           // 1s cannot be programmed back
        cmd(0, CMD_READ_ARRAY);
        assertEquals(0x1234_0000L, r(0x1000));
    }

    @Test
    void blockEraseErasesOneSector() {
        for (long a : new long[] {SECTOR_SIZE, 2L * SECTOR_SIZE - 4, 2L * SECTOR_SIZE}) {
            cmd(a, CMD_PROGRAM);
            w(a, 0);
        }
        byte[] mapped = flash.page(SECTOR_SIZE);
        cmd(SECTOR_SIZE + 0x400, CMD_BLOCK_ERASE);
        cmd(SECTOR_SIZE + 0x400, CMD_CONFIRM);
        assertEquals(0x0080_0080L, r(0));
        cmd(0, CMD_READ_ARRAY);
        assertEquals(0xFFFF_FFFFL, r(SECTOR_SIZE));
        assertEquals(0xFFFF_FFFFL, r(2L * SECTOR_SIZE - 4));
        assertEquals(0, r(2L * SECTOR_SIZE));              // the next sector is untouched
        assertEquals((byte) 0xFF, mapped[0]);              // a mapped page sees the erase
        assertEquals(0x44332211L, r(0));                   // and so is the previous one
    }

    @Test
    void bufferedProgram() {
        long base = 0x2_0000;
        cmd(base, CMD_BUFFERED_PROGRAM);
        assertEquals(0x0080_0080L, r(base));               // buffer available
        w(base, 0x0003_0003L);                             // 4 writes of the bank width
        for (int i = 0; i < 4; i++) w(base + 4L * i, 0xA0A0_0000L + i);
        assertEquals(0x0080_0080L, r(base));               // status, not data, until confirmed
        cmd(base, CMD_CONFIRM);
        assertEquals(0x0080_0080L, r(base));
        cmd(0, CMD_READ_ARRAY);
        for (int i = 0; i < 4; i++) assertEquals(0xA0A0_0000L + i, r(base + 4L * i));
        assertEquals(0xFFFF_FFFFL, r(base + 16));
    }

    @Test
    void lockCommandsAreAcceptedAndBadSequencesReported() {
        cmd(0, CMD_LOCK_SETUP);
        cmd(0, CMD_CONFIRM);                               // unlock
        assertEquals(0x0080_0080L, r(0));
        cmd(0, CMD_LOCK_SETUP);
        cmd(0, CMD_LOCK_BLOCK);
        assertEquals(0x0080_0080L, r(0));
        cmd(0, CMD_BLOCK_ERASE);
        cmd(0, 0x55);                                      // not a confirm
        assertEquals(0x00B0_00B0L, r(0));                  // SR4|SR5: command sequence error
        cmd(0, CMD_READ_ARRAY);
        assertEquals(0x44332211L, r(0));                   // nothing erased
        cmd(0, CMD_CLEAR_STATUS);
        cmd(0, CMD_READ_STATUS);
        assertEquals(0x0080_0080L, r(0));
        flash.write(0, 3, 0x20);                           // bad size: ignored
        flash.write(-4, 4, 0x20);
        assertEquals(0x0080_0080L, r(0));
    }

    @Test
    void modeListenerSeesArrayModeChanges() {
        List<Boolean> seen = new ArrayList<>();
        flash.setModeListener(seen::add);
        cmd(0, CMD_READ_STATUS);
        cmd(0, CMD_CFI_QUERY);
        cmd(0, CMD_READ_ARRAY);
        assertEquals(List.of(false, true), seen);
    }

    @Test
    void fileBackingIsWrittenBackOnlyWhenWritable(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("flash.img");
        Files.write(f, new byte[] {1, 2, 3, 4});
        CfiFlash ro = CfiFlash.open(f, SECTOR_SIZE * 4L, false);
        assertEquals(0x04030201L, ro.read(0, 4));
        ro.write(0, 4, 0x0040_0040L);
        ro.write(0, 4, 0);
        ro.close();
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Files.readAllBytes(f));

        CfiFlash rw = CfiFlash.open(f, SECTOR_SIZE * 4L, true);
        rw.write(8, 4, 0x0040_0040L);
        rw.write(8, 4, 0x7777_7777L);
        rw.close();
        byte[] back = Files.readAllBytes(f);
        assertEquals(SECTOR_SIZE * 4L, back.length);
        assertEquals(1, back[0]);
        assertEquals(0x77, back[8]);
        assertEquals((byte) 0xFF, back[12]);
        assertThrows(IllegalArgumentException.class, () -> new CfiFlash(1000));
    }
}
