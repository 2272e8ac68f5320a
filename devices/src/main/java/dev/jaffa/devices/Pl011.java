package dev.jaffa.devices;

import dev.jaffa.interp.snapshot.NotState;
import dev.jaffa.interp.snapshot.SnapshotFormatException;
import dev.jaffa.interp.snapshot.SnapshotInput;
import dev.jaffa.interp.snapshot.SnapshotOutput;
import dev.jaffa.interp.snapshot.Snapshottable;

import dev.jaffa.interp.memory.SystemBus;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Arm PrimeCell UART (PL011), as QEMU models it, since guests are compared against QEMU:
 * <ul>
 *   <li>transmit is instantaneous: a byte written to UARTDR goes to the host stream at once,
 *       whatever UARTCR.UARTEN/TXE say (QEMU only logs), the transmit FIFO always reads empty
 *       (TXFE=1, TXFF=0, BUSY=0) and every write raises TXRIS;</li>
 *   <li>the receive FIFO is 16 deep with LCR_H.FEN (PeriphID2 revision 1 is a 16-deep part;
 *       r1p5 parts have 32) or a 1-character holding register without it;</li>
 *   <li>RXRIS rises when the FIFO receives its first character, whatever UARTIFLS says: Linux
 *       reads the FIFO only from the interrupt (QEMU's reasoning). So the receive timeout
 *       (RTRIS) never needs to fire and is never raised.</li>
 * </ul>
 * Input is pulled from a {@link ConsoleInput} when the guest reads UARTFR or UARTDR and when the
 * platform calls {@link #poll()}. All register accesses run on the emulation thread.
 */
public final class Pl011 implements SystemBus.Device, Snapshottable {
    // Register offsets, PL011 TRM r1p5 Table 3-1.
    static final int UARTDR = 0x000;
    static final int UARTRSR = 0x004;   // read: receive status; write: UARTECR (error clear)
    static final int UARTFR = 0x018;
    static final int UARTILPR = 0x020;
    static final int UARTIBRD = 0x024;
    static final int UARTFBRD = 0x028;
    static final int UARTLCR_H = 0x02C;
    static final int UARTCR = 0x030;
    static final int UARTIFLS = 0x034;
    static final int UARTIMSC = 0x038;
    static final int UARTRIS = 0x03C;
    static final int UARTMIS = 0x040;
    static final int UARTICR = 0x044;
    static final int UARTDMACR = 0x048;
    static final int UARTPERIPHID0 = 0xFE0; // PeriphID0-3 then PCellID0-3, one byte per word

    /** UARTPeriphID0-3 then UARTPCellID0-3 (TRM §3.3.14-3.3.15). */
    private static final int[] ID = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

    // UARTFR bits (TRM §3.3.3).
    static final int FR_BUSY = 1 << 3;
    static final int FR_RXFE = 1 << 4;
    static final int FR_TXFF = 1 << 5;
    static final int FR_RXFF = 1 << 6;
    static final int FR_TXFE = 1 << 7;

    // Interrupt bits shared by IMSC/RIS/MIS/ICR (TRM §3.3.10).
    static final int INT_RX = 1 << 4;
    static final int INT_TX = 1 << 5;
    static final int INT_RT = 1 << 6;
    static final int INT_ALL = 0x7FF;

    static final int LCR_H_FEN = 1 << 4;
    static final int CR_LBE = 1 << 7;
    /** Request to send: the UART is ready to receive (nUARTRTS asserted). */
    static final int CR_RTS = 1 << 11;

    static final int FIFO_DEPTH = 16;
    // QEMU's reset values: TXE|RXE set, IFLS at half-full for both FIFOs.
    static final int CR_RESET = 0x300;
    static final int IFLS_RESET = 0x12;

    @NotState("wiring: the console")
    private final OutputStream out;
    @NotState("wiring")
    private final InterruptLine irq;
    @NotState("wiring: host input, attached again by the machine")
    private ConsoleInput input = ConsoleInput.NONE;
    @NotState("configuration: follows the attached input")
    private boolean flushEveryByte;
    @NotState("host state: the console stream")
    private boolean outputBroken;

    private final int[] rxFifo = new int[FIFO_DEPTH]; // data in bits 7:0, error flags in 11:8
    private int rxPos, rxCount;
    private int rsr, ilpr, ibrd, fbrd, lcrH, cr, ifls, imsc, ris, dmacr;
    private boolean lineLevel;

    /** A UART whose transmitted bytes go to {@code out}, interrupting on {@code irq} (UARTINTR). */
    public Pl011(OutputStream out, InterruptLine irq) {
        this.out = out;
        this.irq = irq;
        reset();
    }

    /** Where received bytes come from (e.g. {@code ConsoleInput.of(System.in)}). */
    public void setInput(ConsoleInput in) {
        this.input = in == null ? ConsoleInput.NONE : in;
    }

    /** A fixed input script (tests, reproducible runs). */
    public void setInput(byte[] bytes) {
        setInput(ConsoleInput.of(bytes));
    }

    /** Flush the host stream after every byte rather than at each newline. */
    public void setFlushEveryByte(boolean on) {
        flushEveryByte = on;
    }

    /** Flushes transmitted bytes to the host (the platform calls this at exit and when idle). */
    public void flush() {
        if (outputBroken) return;
        try {
            out.flush();
        } catch (IOException e) {
            outputBroken = true;
        }
    }

    /** Back to the reset state (QEMU's values). Pending input stays in the ConsoleInput. */
    public void reset() {
        rsr = ilpr = ibrd = fbrd = lcrH = imsc = ris = dmacr = 0;
        cr = CR_RESET;
        ifls = IFLS_RESET;
        rxPos = rxCount = 0;
        updateIrq();
    }

    /**
     * Moves available input into the receive FIFO; called by the platform between CPU quanta on
     * the emulation thread. Returns whether this call raised an enabled receive interrupt.
     */
    public boolean poll() {
        boolean before = (ris & imsc & INT_RX) != 0;
        pullInput();
        updateIrq();
        return !before && (ris & imsc & INT_RX) != 0;
    }

    @Override
    public long read(long offset, int size) {
        if (size == 8) return readWord(offset) & 0xFFFF_FFFFL | readWord(offset + 4) << 32;
        if (size != 1 && size != 2 && size != 4) return 0;
        long w = readWord(offset & ~3L) >>> (8 * (offset & 3));
        return size == 4 ? w : w & ((1L << (8 * size)) - 1);
    }

    @Override
    public void write(long offset, int size, long value) {
        if (size == 8) {
            writeWord(offset, (int) value);
            writeWord(offset + 4, (int) (value >>> 32));
        } else if (size == 1 || size == 2 || size == 4) {
            long mask = size == 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
            writeWord(offset & ~3L, (int) ((value & mask) << (8 * (offset & 3))));
        }
    }

    private long readWord(long offset) {
        if (offset >= UARTPERIPHID0 && offset < UARTPERIPHID0 + 4 * ID.length) {
            return ID[(int) (offset - UARTPERIPHID0) >> 2];
        }
        switch ((int) offset) {
            case UARTDR: return readData();
            case UARTRSR: return rsr;
            case UARTFR:
                pullInput();
                updateIrq();
                return flags();
            case UARTILPR: return ilpr;
            case UARTIBRD: return ibrd;
            case UARTFBRD: return fbrd;
            case UARTLCR_H: return lcrH;
            case UARTCR: return cr;
            case UARTIFLS: return ifls;
            case UARTIMSC: return imsc;
            case UARTRIS: return ris;
            case UARTMIS: return ris & imsc;
            case UARTDMACR: return dmacr;
            default: return 0; // includes write-only UARTICR and reserved/test space
        }
    }

    private void writeWord(long offset, int v) {
        switch ((int) offset) {
            case UARTDR -> transmit(v & 0xFF);
            case UARTRSR -> rsr = 0;                       // UARTECR: any write clears the errors
            case UARTILPR -> ilpr = v & 0xFF;
            case UARTIBRD -> ibrd = v & 0xFFFF;
            case UARTFBRD -> fbrd = v & 0x3F;
            case UARTLCR_H -> {
                // Changing FEN flushes the receive FIFO (QEMU; the TRM leaves the contents undefined).
                if (((lcrH ^ v) & LCR_H_FEN) != 0) rxPos = rxCount = 0;
                lcrH = v & 0xFF;
            }
            case UARTCR -> cr = v & 0xFF87;
            case UARTIFLS -> ifls = v & 0x3F;
            case UARTIMSC -> imsc = v & INT_ALL;
            case UARTICR -> ris &= ~v;
            case UARTDMACR -> dmacr = v & 0x7;             // recorded; there is no DMA controller
            default -> { }                                 // UARTFR, RIS, MIS, IDs are read-only
        }
        updateIrq();
    }

    private int flags() {
        int f = FR_TXFE;                                   // transmit completes instantly
        if (rxCount == 0) f |= FR_RXFE;
        if (rxCount == depth()) f |= FR_RXFF;
        return f;
    }

    private int depth() {
        return (lcrH & LCR_H_FEN) != 0 ? FIFO_DEPTH : 1;
    }

    private long readData() {
        pullInput();
        int c = rxFifo[rxPos];                             // an empty FIFO reads its stale slot, like QEMU
        if (rxCount > 0) {
            rxCount--;
            rxPos = (rxPos + 1) & (depth() - 1);
        }
        if (rxCount == 0) ris &= ~INT_RX;                  // below the (one-character) trigger level
        rsr = (c >>> 8) & 0xF;
        updateIrq();
        return c;
    }

    private void transmit(int b) {
        if (!outputBroken) {
            try {
                out.write(b);
                if (b == '\n' || flushEveryByte) out.flush();
            } catch (IOException e) {
                outputBroken = true;                       // a closed host stream must not stop the guest
            }
        }
        if ((cr & CR_LBE) != 0) receive(b);                // loopback: TX feeds RX
        ris |= INT_TX;
    }

    private void pullInput() {
        if ((cr & CR_LBE) != 0) return;                    // loopback disconnects the RX pin
        if ((cr & CR_RTS) == 0 && input.flowControlled()) return;   // the sender waits for RTS
        while (rxCount < depth()) {
            int b = input.read();
            if (b < 0) return;
            receive(b);
        }
    }

    private void receive(int value) {
        int d = depth();
        if (rxCount == d) return;                          // overrun: the character is lost
        rxFifo[(rxPos + rxCount) & (d - 1)] = value;
        if (++rxCount == 1) ris |= INT_RX;
    }

    private void updateIrq() {
        boolean level = (ris & imsc) != 0;
        if (level != lineLevel) {
            lineLevel = level;
            irq.set(level);
        }
    }

    // ---- snapshots ----

    @Override
    public void save(SnapshotOutput o) {
        o.writeInts(rxFifo); o.writeInt(rxPos); o.writeInt(rxCount);
        o.writeInts(new int[] {rsr, ilpr, ibrd, fbrd, lcrH, cr, ifls, imsc, ris, dmacr});
        o.writeBoolean(lineLevel);
    }

    @Override
    public void restore(SnapshotInput in) throws SnapshotFormatException {
        in.readInts(rxFifo);
        rxPos = in.readInt(0, FIFO_DEPTH - 1);
        rxCount = in.readInt(0, FIFO_DEPTH);
        int[] r = new int[10];
        in.readInts(r);
        rsr = r[0]; ilpr = r[1]; ibrd = r[2]; fbrd = r[3]; lcrH = r[4]; cr = r[5]; ifls = r[6]; imsc = r[7]; ris = r[8]; dmacr = r[9];
        lineLevel = in.readBoolean();
    }
}
