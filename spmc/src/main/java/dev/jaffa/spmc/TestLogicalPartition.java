package dev.jaffa.spmc;

/**
 * OP-TEE's test logical partition (core/arch/arm/tests/ffa_lsp.c, CFG_SPMC_TESTS), which xtest
 * ffa_spmc_1006 talks to: it replies with the sum of the five payload words in w3.
 */
public final class TestLogicalPartition extends LogicalPartition {
    public static final String UUID = "54b5440e-a3d2-48d1-872a-7b6cbfc34855";

    public TestLogicalPartition(int id) { super("test-lsp", id, UUID); }

    @Override
    public void directRequest(long[] args, boolean is64) {
        long sum = args[0] + args[1] + args[2] + args[3] + args[4];
        args[0] = is64 ? sum : sum & 0xFFFF_FFFFL;
        args[1] = args[2] = args[3] = args[4] = 0;
    }
}
