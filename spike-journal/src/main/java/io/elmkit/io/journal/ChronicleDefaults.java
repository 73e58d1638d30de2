package io.elmkit.io.journal;

import java.util.Properties;

/**
 * Chronicle Queue's defaults that elmkit overrides in code, so that every application using
 * journals gets them, whether or not it starts the JVM with our argfiles: usage analytics (which
 * would send a message over the network) and the start-up banner are off unless the user set the
 * property themselves ({@code -Dchronicle.analytics.disable=false} switches analytics back on).
 * Chronicle reads both when its classes initialise, so {@link SpikeJournal}, the one class that
 * opens queues, applies them in its static initializer, before it touches any Chronicle class.
 */
final class ChronicleDefaults {
    static final String ANALYTICS_DISABLE = "chronicle.analytics.disable";
    static final String ANNOUNCER_DISABLE = "chronicle.announcer.disable";

    private ChronicleDefaults() {
    }

    /** Sets the defaults in the JVM's system properties. */
    static void apply() {
        apply(System.getProperties());
    }

    /** Sets each default that {@code properties} does not hold yet; a value the user set is left as it is. */
    static void apply(Properties properties) {
        properties.putIfAbsent(ANALYTICS_DISABLE, "true");
        properties.putIfAbsent(ANNOUNCER_DISABLE, "true");
    }
}
