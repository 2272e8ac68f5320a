package dev.jaffa.spmc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The unboxed maps against java.util.HashMap under random puts and removes (deletion is the subtle part). */
class LongMapTest {
    /** Page-aligned VAs in a small window, so probe runs are long and deletions shift entries back. */
    private static long key(Random rnd) { return 0x1_0000_0000L + (long) rnd.nextInt(300) * 4096; }

    @Test
    void longLongMapBehavesAsAHashMap() {
        Random rnd = new Random(11);
        LongLongMap m = new LongLongMap();
        Map<Long, Long> ref = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            long k = key(rnd);
            switch (rnd.nextInt(3)) {
                case 0: {
                    long v = rnd.nextLong() | 1;
                    m.put(k, v);
                    ref.put(k, v);
                    break;
                }
                case 1: assertEquals(ref.getOrDefault(k, 0L).longValue(), m.remove(k), "remove at step " + step); ref.remove(k); break;
                default: assertEquals(ref.getOrDefault(k, 0L).longValue(), m.get(k), "get at step " + step);
            }
            assertEquals(ref.size(), m.size());
        }
        for (Map.Entry<Long, Long> e : ref.entrySet()) assertEquals(e.getValue().longValue(), m.get(e.getKey()));
        assertEquals(new java.util.TreeMap<>(ref), m.toSortedMap());
        m.clear();
        assertEquals(0, m.size());
        assertEquals(0, m.get(key(rnd)));
    }

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
