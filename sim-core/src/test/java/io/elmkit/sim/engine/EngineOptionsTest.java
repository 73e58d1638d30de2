package io.elmkit.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;

/** Engine.Options: defaults, fluent settings, and settings out of range refused at build(). */
class EngineOptionsTest {

    @Test
    void defaultsAndSettingsAreKept() {
        Engine.Options d = Engine.Options.defaults();
        assertEquals(1, d.threads());
        assertEquals(256, d.blockCapacity());
        assertEquals(false, d.realtime());
        assertEquals(1.0, d.dtMs());
        Engine.Options o = Engine.Options.builder().threads(3).blockCapacity(8).realtime(true).dtMs(0.5)
            .idleStrategy(BusySpinIdleStrategy::new).build();
        assertEquals(new Engine.Options(3, o.idleStrategy(), 8, true, 0.5, 256), o);
        assertEquals(5, Engine.Options.builder().minShardNeurons(5).build().minShardNeurons());
        try (Engine engine = new Engine(o)) {
            assertEquals(3, engine.threads());
        }
    }

    @Test
    void settingsOutOfRangeAreRefusedAtBuild() {
        assertEquals("engine option threads: expected at least 1, found 0", assertThrows(IllegalArgumentException.class,
            () -> Engine.Options.builder().threads(0).build()).getMessage());
        assertEquals("engine option blockCapacity: expected at least 1, found -2", assertThrows(
            IllegalArgumentException.class, () -> Engine.Options.builder().blockCapacity(-2).build()).getMessage());
        assertEquals("engine option dtMs: expected a positive finite number of ms, found NaN", assertThrows(
            IllegalArgumentException.class, () -> Engine.Options.builder().dtMs(Double.NaN).build()).getMessage());
        assertEquals("engine option minShardNeurons: expected at least 1, found 0", assertThrows(
            IllegalArgumentException.class, () -> Engine.Options.builder().minShardNeurons(0).build()).getMessage());
        assertThrows(NullPointerException.class, () -> Engine.Options.builder().idleStrategy(null).build());
    }
}
