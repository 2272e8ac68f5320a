package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The unboxed map against java.util.HashMap under random puts and removes (deletion is the subtle part). */
class LongMapTest {
    @Test
    void longMapBehavesAsAHashMap() {
        Random rnd = new Random(12);
        LongMap<String> m = new LongMap<>();
        Map<Long, String> ref = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            long k = (long) rnd.nextInt(200) | MemoryShares.HANDLE_BIT;
            switch (rnd.nextInt(3)) {
                case 0: {
                    String v = "v" + step;
                    m.put(k, v);
                    ref.put(k, v);
                    break;
                }
                case 1: assertEquals(ref.remove(k), m.remove(k), "remove at step " + step); break;
                default: assertEquals(ref.get(k), m.get(k), "get at step " + step);
            }
            assertEquals(ref.size(), m.size());
        }
        int seen = 0;
        for (int i = 0; i < m.slots(); i++) if (m.valueAt(i) != null) seen++;
        assertEquals(ref.size(), seen);
        long[] keys = m.sortedKeys();
        assertEquals(ref.size(), keys.length);
        for (int i = 1; i < keys.length; i++) assertEquals(true, keys[i - 1] < keys[i]);
    }
}
