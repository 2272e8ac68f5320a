package dev.jaffa.interp.simd;

import dev.jaffa.interp.isa.Row;

/** The Cryptographic Extension: AES, SHA-1, SHA-256 and PMULL. */
public final class CryptoRows {
    private CryptoRows() {}

    public static Row[] rows() {
        return new Row[] {
        };
    }
}
