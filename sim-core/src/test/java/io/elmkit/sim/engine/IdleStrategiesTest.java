package io.elmkit.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

class IdleStrategiesTest {
    @Test
    void namesGiveTheirStrategiesCaseIgnoredAndANewOneEachTime() {
        assertTrue(IdleStrategies.named("busy").get() instanceof BusySpinIdleStrategy);
        assertTrue(IdleStrategies.named("Yield").get() instanceof YieldingIdleStrategy);
        assertTrue(IdleStrategies.named("BACKOFF").get() instanceof BackoffIdleStrategy);
        assertTrue(IdleStrategies.named("sleep").get() instanceof SleepingIdleStrategy);
        var backoff = IdleStrategies.named("backoff");
        assertTrue(backoff.get() != backoff.get(), "each thread needs its own (backoff keeps state)");
    }

    @Test
    void unknownNameSaysWhatIsTaken() {
        var e = assertThrows(IllegalArgumentException.class, () -> IdleStrategies.named("spin"));
        assertEquals("idle strategy: expected busy, yield, backoff or sleep, found 'spin'", e.getMessage());
    }
}
