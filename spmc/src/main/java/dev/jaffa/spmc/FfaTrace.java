package dev.jaffa.spmc;

import dev.jaffa.interp.Cpu;
import dev.jaffa.monitor.Ffa;
import java.io.PrintStream;

/**
 * The {@code ffa} trace category: one line per FF-A call as it is made and one per result as it
 * reaches an endpoint, decoded (ABI name, endpoints, flags, payload, error names).
 */
public final class FfaTrace {
    private final PrintStream out;

    public FfaTrace(PrintStream out) { this.out = out; }

    /** A call from {@code who} ("ns", or an SP's name) with its arguments in x0..x7. */
    public void call(Cpu cpu, String who) {
        out.printf("ffa: cpu%d %-10s -> %s%n", cpu.index, who, decode(cpu.x));
    }

    /** The registers execution resumes with in whichever endpoint now runs. */
    public void returned(Cpu cpu) {
        out.printf("ffa: cpu%d %-10s <- %s%n", cpu.index, cpu.secure ? "secure" : "ns", decode(cpu.x));
    }

    /** A line of detail (descriptor summaries, faults). */
    public void note(String text) {
        out.printf("ffa:   %s%n", text);
    }

    public static String decode(long[] x) {
        int fid = (int) x[0];
        StringBuilder sb = new StringBuilder(AbiTable.name(fid));
        switch (fid) {
            case Ffa.ERROR:
                sb.append(' ').append(Ffa.errorName((int) x[2]));
                break;
            case Ffa.SUCCESS_32: case Ffa.SUCCESS_64:
                sb.append(String.format(" w2=0x%x w3=0x%x", x[2], x[3]));
                break;
            case Ffa.MSG_SEND_DIRECT_REQ_32: case Ffa.MSG_SEND_DIRECT_REQ_64:
            case Ffa.MSG_SEND_DIRECT_RESP_32: case Ffa.MSG_SEND_DIRECT_RESP_64:
                sb.append(String.format(" 0x%04x->0x%04x flags=0x%x args=0x%x,0x%x,0x%x,0x%x,0x%x",
                        (x[1] >>> 16) & 0xFFFF, x[1] & 0xFFFF, x[2] & 0xFFFF_FFFFL, x[3], x[4], x[5], x[6], x[7]));
                break;
            case Ffa.MSG_SEND_DIRECT_REQ2: case Ffa.MSG_SEND_DIRECT_RESP2:
                sb.append(String.format(" 0x%04x->0x%04x uuid=0x%x:0x%x args=0x%x,0x%x,0x%x,0x%x,...", (x[1] >>> 16) & 0xFFFF,
                        x[1] & 0xFFFF, x[2], x[3], x[4], x[5], x[6], x[7]));
                break;
            case Ffa.VERSION:
                sb.append(String.format(" 0x%x", x[1]));
                break;
            default:
                if (Ffa.isFfa(fid)) {
                    sb.append(String.format(" x1=0x%x x2=0x%x x3=0x%x x4=0x%x x5=0x%x", x[1], x[2], x[3], x[4], x[5]));
                } else {
                    sb.append(String.format(" (0x%x)", x[0]));   // a bare value, e.g. the FFA_VERSION answer
                }
                break;
        }
        return sb.toString();
    }
}
