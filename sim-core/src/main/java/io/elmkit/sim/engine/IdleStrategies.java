package io.elmkit.sim.engine;

import java.util.Locale;
import java.util.function.Supplier;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The engine's idle strategies by name, for {@link Engine.Options.Builder#idleStrategy}: how a thread
 * waits for inputs, for the other shards, or for its next step. One definition for the engine's
 * default, the CLI's {@code --idle} and the benchmarks.
 */
public final class IdleStrategies {
    /** The names {@link #named} takes. */
    public static final String NAMES = "busy, yield, backoff or sleep";

    private IdleStrategies() {
    }

    /**
     * The strategy called {@code name} (case ignored): {@code busy} spins, {@code yield} yields the CPU,
     * {@code backoff} (the default) spins 100 times, yields 10 times, then parks from 1 us up to 100 us,
     * {@code sleep} parks 100 us.
     */
    public static Supplier<IdleStrategy> named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "busy" -> BusySpinIdleStrategy::new;
            case "yield" -> YieldingIdleStrategy::new;
            case "backoff" -> () -> new BackoffIdleStrategy(100, 10, 1_000, 100_000);
            case "sleep" -> () -> new SleepingIdleStrategy(100_000);
            default -> throw new IllegalArgumentException("idle strategy: expected " + NAMES + ", found '" + name + "'");
        };
    }
}
