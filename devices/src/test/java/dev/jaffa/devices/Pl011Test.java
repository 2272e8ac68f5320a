package dev.jaffa.devices;

import static dev.jaffa.devices.Pl011.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Pl011Test {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final RecordingLine irq = new RecordingLine();
    final Pl011 uart = new Pl011(out, irq);

    int r(int off) { return (int) uart.read(off, 4); }
    void w(int off, int v) { uart.write(off, 4, v); }

    @Test
    void resetStateAndIds() {
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR));
        assertEquals(0x300, r(UARTCR));
        assertEquals(0x12, r(UARTIFLS));
        int[] ids = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};
        for (int i = 0; i < 8; i++) assertEquals(ids[i], r(0xFE0 + 4 * i));
        assertEquals(0, r(0x04C));       // reserved
        assertEquals(0, r(0xF00));       // test registers not modelled
        assertEquals(0, uart.read(UARTFR, 3)); // bad size reads zero
        uart.write(UARTCR, 3, 0);        // and is ignored
        assertEquals(0x300, r(UARTCR));
    }

    @Test
    void transmitGoesOutAtOnceAndRaisesTx() {
        w(UARTIMSC, INT_TX);
        assertFalse(irq.level);
        for (byte b : "hi\n".getBytes(StandardCharsets.US_ASCII)) uart.write(UARTDR, 1, b); // strb, as bare-metal code does
        assertEquals("hi\n", out.toString(StandardCharsets.US_ASCII));
        assertEquals(INT_TX, r(UARTRIS));
        assertEquals(INT_TX, r(UARTMIS));
        assertTrue(irq.level);
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR)); // never busy, never full
        w(UARTICR, INT_TX);
        assertFalse(irq.level);
        // QEMU transmits even with the UART disabled.
        w(UARTCR, 0);
        w(UARTDR, 'x');
        assertEquals("hi\nx", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void flushesAtNewlineAndSurvivesBrokenOutput() {
        int[] flushes = {0};
        Pl011 u = new Pl011(new OutputStream() {
            @Override public void write(int b) { }
            @Override public void flush() { flushes[0]++; }
        }, InterruptLine.NONE);
        u.write(UARTDR, 4, 'a');
        assertEquals(0, flushes[0]);
        u.write(UARTDR, 4, '\n');
        assertEquals(1, flushes[0]);
        u.setFlushEveryByte(true);
        u.write(UARTDR, 4, 'b');
        assertEquals(2, flushes[0]);

        Pl011 broken = new Pl011(new OutputStream() {
            @Override public void write(int b) throws IOException { throw new IOException("closed"); }
        }, InterruptLine.NONE);
        broken.write(UARTDR, 4, 'a');   // no exception escapes
        broken.flush();
    }

    @Test
    void holdingRegisterWithoutFifo() {
        uart.setInput("abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals(FR_TXFE | FR_RXFF, r(UARTFR)); // one character fills the holding register
        assertEquals('a', r(UARTDR));
        assertEquals('b', r(UARTDR));
        assertEquals('c', r(UARTDR));
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR)); // end of input: stays empty
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR));
    }

    @Test
    void sixteenDeepFifoFillsAndDrains() {
        byte[] in = new byte[20];
        for (int i = 0; i < in.length; i++) in[i] = (byte) ('A' + i);
        uart.setInput(in);
        w(UARTLCR_H, LCR_H_FEN | 0x60);             // 8N1, FIFOs on
        uart.poll();
        assertEquals(FR_TXFE | FR_RXFF, r(UARTFR));
        for (int i = 0; i < 15; i++) assertEquals('A' + i, r(UARTDR));
        // 15 read, one left; the FR read tops the FIFO up from the remaining four.
        assertEquals(FR_TXFE, r(UARTFR));
        for (int i = 15; i < 20; i++) assertEquals('A' + i, r(UARTDR));
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR));
    }

    @Test
    void receiveInterruptFollowsFifoLevel() {
        w(UARTLCR_H, LCR_H_FEN);
        w(UARTIMSC, INT_RX | INT_RT);
        assertFalse(uart.poll());                   // nothing to receive
        uart.setInput(new byte[] {'1', '2'});
        assertTrue(uart.poll());
        assertTrue(irq.level);
        assertEquals(INT_RX, r(UARTMIS));
        assertFalse(uart.poll());                   // already raised
        assertEquals('1', r(UARTDR));
        assertTrue(irq.level);                      // one character still waiting
        assertEquals('2', r(UARTDR));
        assertFalse(irq.level);
        assertEquals(0, r(UARTRIS));
        // Masked: the raw status still rises, the line does not.
        w(UARTIMSC, 0);
        uart.setInput(new byte[] {'3'});
        assertFalse(uart.poll());
        assertEquals(INT_RX, r(UARTRIS));
        assertFalse(irq.level);
        w(UARTIMSC, INT_RX);
        assertTrue(irq.level);
        w(UARTICR, INT_ALL);
        assertFalse(irq.level);
    }

    @Test
    void fifoEnableChangeFlushesReceiver() {
        w(UARTLCR_H, LCR_H_FEN);
        uart.setInput(new byte[] {1, 2, 3});
        uart.poll();
        w(UARTLCR_H, 0);
        uart.setInput(ConsoleInput.NONE);
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR));
    }

    @Test
    void loopbackFeedsTransmitIntoReceiver() {
        w(UARTCR, 0x301 | CR_LBE);
        uart.setInput(new byte[] {'z'});            // the RX pin is disconnected in loopback
        w(UARTDR, 'q');
        assertEquals('q', r(UARTDR));
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR));
    }

    @Test
    void registersKeepTheirWidths() {
        w(UARTIBRD, 0x12345);
        w(UARTFBRD, 0xFF);
        w(UARTILPR, 0x1FF);
        assertEquals(0x2345, r(UARTIBRD));
        assertEquals(0x3F, r(UARTFBRD));
        assertEquals(0xFF, r(UARTILPR));
        w(UARTFR, 0);                               // read-only
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR));
        assertEquals(0x3F, uart.read(UARTFBRD, 1));
        assertEquals(0x300, uart.read(UARTCR, 2));
        assertEquals(0x03, uart.read(UARTCR + 1, 1));
    }

    @Test
    void streamInputArrivesThroughTheReaderThread() throws Exception {
        ConsoleInput in = ConsoleInput.of(new ByteArrayInputStream("ok".getBytes(StandardCharsets.US_ASCII)));
        uart.setInput(in);
        w(UARTLCR_H, LCR_H_FEN);
        StringBuilder got = new StringBuilder();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got.length() < 2 && System.nanoTime() < deadline) {
            if ((r(UARTFR) & FR_RXFE) == 0) got.append((char) r(UARTDR));
            else Thread.sleep(1);
        }
        assertEquals("ok", got.toString());
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR)); // end of stream: empty, no exception
    }

    /** A flow-controlled sender (a pipe into a Linux guest) sends only while the UART asserts RTS. */
    @Test
    void aFlowControlledSenderWaitsForRts() {
        byte[] script = "ls\n".getBytes(StandardCharsets.US_ASCII);
        ConsoleInput fixed = ConsoleInput.of(script);
        uart.setInput(new ConsoleInput() {
            @Override public int read() { return fixed.read(); }
            @Override public boolean ended() { return fixed.ended(); }
            @Override public boolean flowControlled() { return true; }
        });
        w(UARTLCR_H, LCR_H_FEN);
        assertEquals(FR_TXFE | FR_RXFE, r(UARTFR), "nothing arrives before RTS");
        assertFalse(uart.poll());
        w(UARTLCR_H, 0);                             // what Linux's open does before raising RTS:
        w(UARTLCR_H, LCR_H_FEN);                     // FIFO flushes lose nothing
        w(UARTCR, 0x300 | 1 << 11 | 1);              // UARTEN, TXE, RXE, RTS
        StringBuilder got = new StringBuilder();
        while ((r(UARTFR) & FR_RXFE) == 0) got.append((char) r(UARTDR));
        assertEquals("ls\n", got.toString());
    }
}
