package dev.jaffa.devices;

import java.util.ArrayList;
import java.util.List;

/** An interrupt line that remembers its level and every change made to it. */
final class RecordingLine implements InterruptLine {
    boolean level;
    final List<Boolean> history = new ArrayList<>();

    @Override
    public void set(boolean asserted) {
        level = asserted;
        history.add(asserted);
    }
}
