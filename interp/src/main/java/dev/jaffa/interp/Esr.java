package dev.jaffa.interp;

/** Exception Syndrome Register fields (Arm ARM D17.2.37, ESR_ELx). */
public final class Esr {
    private Esr() {}

    // Exception classes, ESR_ELx.EC.
    public static final int EC_UNKNOWN = 0x00;
    public static final int EC_WFX = 0x01;
    public static final int EC_FP_ACCESS = 0x07;
    public static final int EC_ILLEGAL_STATE = 0x0E;
    public static final int EC_SVC64 = 0x15;
    public static final int EC_HVC64 = 0x16;
    public static final int EC_SMC64 = 0x17;
    public static final int EC_SYSREG = 0x18;
    public static final int EC_IABT_LOWER = 0x20;
    public static final int EC_IABT_SAME = 0x21;
    public static final int EC_PC_ALIGN = 0x22;
    public static final int EC_DABT_LOWER = 0x24;
    public static final int EC_DABT_SAME = 0x25;
    public static final int EC_SP_ALIGN = 0x26;
    public static final int EC_SERROR = 0x2F;
    public static final int EC_BRK64 = 0x3C;

    /** ESR_ELx.IL: the trapped instruction was 32 bits (always, in AArch64). */
    public static final int IL = 1 << 25;

    // Data/instruction fault status codes, ISS.DFSC / IFSC.
    public static final int FSC_ADDR_SIZE_L0 = 0x00;
    public static final int FSC_TRANSLATION_L0 = 0x04;
    public static final int FSC_ACCESS_FLAG_L0 = 0x08;
    public static final int FSC_PERMISSION_L0 = 0x0C;
    public static final int FSC_SYNC_EXTERNAL = 0x10;
    public static final int FSC_SYNC_EXTERNAL_WALK_L0 = 0x14;
    public static final int FSC_ALIGNMENT = 0x21;

    /** ISS.WnR for data aborts. */
    public static final int WNR = 1 << 6;
    /** ISS.CM: the abort came from a cache maintenance instruction. */
    public static final int CM = 1 << 8;

    public static int ec(long esr) { return (int) (esr >>> 26) & 0x3F; }

    private static final String[] EC_NAMES = new String[64];
    static {
        EC_NAMES[EC_UNKNOWN] = "UNKNOWN (undefined instruction)";
        EC_NAMES[EC_WFX] = "WFI/WFE";
        EC_NAMES[EC_FP_ACCESS] = "FP/SIMD access";
        EC_NAMES[EC_ILLEGAL_STATE] = "illegal execution state";
        EC_NAMES[EC_SVC64] = "SVC";
        EC_NAMES[EC_HVC64] = "HVC";
        EC_NAMES[EC_SMC64] = "SMC";
        EC_NAMES[EC_SYSREG] = "MSR/MRS/system instruction trap";
        EC_NAMES[EC_IABT_LOWER] = "instruction abort (lower EL)";
        EC_NAMES[EC_IABT_SAME] = "instruction abort (same EL)";
        EC_NAMES[EC_PC_ALIGN] = "PC alignment fault";
        EC_NAMES[EC_DABT_LOWER] = "data abort (lower EL)";
        EC_NAMES[EC_DABT_SAME] = "data abort (same EL)";
        EC_NAMES[EC_SP_ALIGN] = "SP alignment fault";
        EC_NAMES[EC_SERROR] = "SError";
        EC_NAMES[EC_BRK64] = "BRK";
    }

    /** A one-line decoding of an ESR value for diagnostics and traces. */
    public static String describe(long esr) {
        int ec = ec(esr);
        String name = EC_NAMES[ec] != null ? EC_NAMES[ec] : "reserved";
        StringBuilder sb = new StringBuilder(String.format("ESR=0x%08x EC=0x%02x %s", esr, ec, name));
        int iss = (int) (esr & 0x1FFFFFF);
        switch (ec) {
            case EC_SVC64: case EC_HVC64: case EC_SMC64: case EC_BRK64:
                sb.append(String.format(" imm=0x%04x", iss & 0xFFFF));
                break;
            case EC_DABT_LOWER: case EC_DABT_SAME:
                sb.append((iss & WNR) != 0 ? " write" : " read");
                // fall through
            case EC_IABT_LOWER: case EC_IABT_SAME:
                sb.append(" FSC=0x").append(Integer.toHexString(iss & 0x3F)).append(' ').append(fscName(iss & 0x3F));
                break;
            default:
                break;
        }
        return sb.toString();
    }

    static String fscName(int fsc) {
        if (fsc <= 3) return "address size fault level " + fsc;
        if (fsc >= 4 && fsc <= 7) return "translation fault level " + (fsc - 4);
        if (fsc >= 8 && fsc <= 11) return "access flag fault level " + (fsc - 8);
        if (fsc >= 12 && fsc <= 15) return "permission fault level " + (fsc - 12);
        if (fsc == FSC_SYNC_EXTERNAL) return "synchronous external abort";
        if (fsc >= 0x14 && fsc <= 0x17) return "synchronous external abort on table walk level " + (fsc - 0x14);
        if (fsc == FSC_ALIGNMENT) return "alignment fault";
        return "fault";
    }
}
