package io.elmkit.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventListTest {

    @Test
    void growsPastItsCapacityKeepingEveryEventInOrder() {
        EventList events = new EventList(2);
        for (int i = 0; i < 5; i++) {
            events.add(i, 10 + i, i * 0.5f);
        }
        assertEquals(5, events.count);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, events.id[i]);
            assertEquals(10 + i, events.channel[i]);
            assertEquals(i * 0.5f, events.value[i]);
        }
        events.clear();
        assertEquals(0, events.count);
    }

    @Test
    void stepInputOffsetsStreamsByTheInputsBase() {
        StepInput input = new StepInput();
        input.streamBase = 7;
        input.onEvent(2, 3, 1f);
        assertEquals(9, input.id[0]);
        assertEquals(3, input.channel[0]);
    }
}
