package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bound on live steppers per task: whole streams, at least one; by default a share of the heap. */
class LiveSteppersTest {
    @Test
    void theBoundIsWholeStreamsAndTheDefaultAShareOfTheHeap() {
        assertEquals(1, LiveSteppers.keys(1, 3, 24, 1), "at least one stream");
        assertEquals(33, LiveSteppers.keys(100, 3, 24, 1));
        long heapShare = Runtime.getRuntime().maxMemory() / LiveSteppers.HEAP_SHARE_DIVISOR;
        assertEquals(heapShare / LiveSteppers.bytesPerKey(100, 30), LiveSteppers.keys(0, 100, 30, 1));
        assertEquals(heapShare / 4 / LiveSteppers.bytesPerKey(100, 30), LiveSteppers.keys(0, 100, 30, 4));
        assertTrue(LiveSteppers.bytesPerKey(100, 30) >= 97_000, "at least what 100 neurons of num_memory_10 measured");
    }
}
