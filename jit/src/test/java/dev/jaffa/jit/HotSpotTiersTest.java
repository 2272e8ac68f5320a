package dev.jaffa.jit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The compiler directives parse and are accepted by the running HotSpot (else they would silently do nothing). */
class HotSpotTiersTest {
    @Test
    void directivesAreAccepted() {
        JitEngine.Options o = new JitEngine.Options();
        o.hotInsns = 1;
        new JitEngine(o);
        assertTrue(HotSpotTiers.active(), "HotSpot refused Jaffa's compiler directives");
    }
}
