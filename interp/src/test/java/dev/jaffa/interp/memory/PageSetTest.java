package dev.jaffa.interp.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PageSetTest {
    /** Random adds and removes (clustered, so probe runs collide and wrap) against a TreeSet. */
    @Test
    void behavesAsASetOfLongs() {
        Random rnd = new Random(20261203);
        PageSet set = new PageSet();
        TreeSet<Long> model = new TreeSet<>();
        for (int step = 0; step < 200_000; step++) {
            long page = rnd.nextInt(4) == 0 ? rnd.nextLong() >>> 12 : rnd.nextInt(300);
            if (rnd.nextInt(3) == 0) {
                set.remove(page);
                model.remove(page);
            } else {
                set.add(page);
                model.add(page);
            }
            long probe = rnd.nextInt(300);
            assertEquals(model.contains(probe), set.contains(probe), "step " + step + " page " + probe);
            if (step % 10_000 == 0) {
                assertArrayEquals(model.stream().mapToLong(Long::longValue).toArray(), set.toSortedArray());
                assertEquals(model.isEmpty(), set.isEmpty());
            }
        }
        for (long p : model) assertEquals(true, set.contains(p));
        set.clear();
        assertEquals(0, set.toSortedArray().length);
    }

    @Test
    void equalityIsMembershipNotLayout() {
        PageSet a = new PageSet(), b = new PageSet();
        for (long p = 0; p < 40; p++) a.add(p * 64);       // many collisions, long probe runs
        for (long p = 39; p >= 0; p--) b.add(p * 64);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.remove(0);
        assertEquals(false, a.equals(b));
    }
}
