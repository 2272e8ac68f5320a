package dev.jaffa.devices;

import static dev.jaffa.devices.Pl031.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class Pl031Test {
    static final class FakeClock implements VirtualClock {
        long counter;
        @Override public long counter() { return counter; }
        @Override public long frequency() { return 1000; }
    }

    final FakeClock clock = new FakeClock();
    final RecordingLine irq = new RecordingLine();
    final Pl031 rtc = new Pl031(clock, 1_700_000_000L, irq);

    int r(int off) { return (int) rtc.read(off, 4); }
    void w(int off, int v) { rtc.write(off, 4, v); }

    @Test
    void countsSecondsFromTheBaseEpoch() {
        assertEquals(1_700_000_000, r(RTCDR));
        clock.counter = 2_999;
        assertEquals(1_700_000_002, r(RTCDR));
        assertEquals(1, r(RTCCR));
        int[] ids = {0x31, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};
        for (int i = 0; i < 8; i++) assertEquals(ids[i], r(0xFE0 + 4 * i));
        assertEquals(0, r(0x020));
        assertEquals(0, rtc.read(RTCDR, 2));   // bad size reads zero
    }

    @Test
    void loadRegisterSetsTheCount() {
        clock.counter = 1_500;
        w(RTCLR, 100);
        assertEquals(100, r(RTCDR));
        clock.counter = 2_000;                 // next whole second of the counter
        assertEquals(101, r(RTCDR));
        w(RTCLR, 0xFFFF_FFFF);
        clock.counter = 3_000;
        assertEquals(0, r(RTCDR));             // 32-bit wrap
    }

    @Test
    void matchInterruptAtTheRightCounterValue() {
        w(RTCLR, 10);
        w(RTCIMSC, RTCINTR);
        clock.counter = 250;
        w(RTCMR, 13);
        assertEquals(3_000, rtc.nextDeadline());
        clock.counter = 2_999;
        rtc.update();
        assertEquals(0, r(RTCRIS));
        assertFalse(irq.level);
        clock.counter = 3_000;
        rtc.update();
        assertEquals(13, r(RTCDR));
        assertEquals(RTCINTR, r(RTCRIS));
        assertEquals(RTCINTR, r(RTCMIS));
        assertTrue(irq.level);
        assertEquals(NO_DEADLINE, rtc.nextDeadline()); // one shot
        w(RTCICR, RTCINTR);
        assertFalse(irq.level);
        assertEquals(0, r(RTCRIS));
    }

    @Test
    void maskedMatchAndImmediateMatch() {
        w(RTCLR, 50);
        w(RTCMR, 51);
        clock.counter = 1_000;
        assertEquals(RTCINTR, r(RTCRIS));       // a guest polling RIS sees it without update()
        assertEquals(0, r(RTCMIS));
        assertFalse(irq.level);
        w(RTCICR, 1);
        w(RTCMR, 51);                           // equal to RTCDR now: fires at once, like QEMU
        assertEquals(RTCINTR, r(RTCRIS));
        w(RTCIMSC, 1);
        assertTrue(irq.level);
    }

    @Test
    void matchInThePastWaitsForTheWrap() {
        w(RTCLR, 100);
        w(RTCMR, 99);
        assertEquals((1L << 32) - 1, rtc.nextDeadline() / 1000);
    }
}
