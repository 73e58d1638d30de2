package io.elmkit.io.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

    @Test
    void lineShowsCountPercentRateEtaAndDetail() {
        AtomicLong clock = new AtomicLong(0);
        ProgressMeter meter = new ProgressMeter("pairs", 1000, null, false, clock::get);
        clock.set(2_000_000_000L);
        meter.advance(250);
        meter.detail("loss 0.5");
        String line = meter.line(clock.get(), false);
        assertEquals("pairs 250/1000 (25.0%)  125.0 pairs/s  ETA 6.0s  loss 0.5", line);
    }

    @Test
    void logModePrintsAtMostEveryIntervalAndAlwaysAtFinish() {
        AtomicLong clock = new AtomicLong(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgressMeter meter = new ProgressMeter("steps", 0, out, false, clock::get);
        for (int i = 1; i <= 100; i++) {
            clock.set(i * 100_000_000L); // 0.1 s per step, 10 s in all
            meter.advance(1);
        }
        meter.finish();
        meter.finish();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, "two interval lines (5 s, 10 s) and one final line");
        assertTrue(lines[2].startsWith("steps 100  10.0 steps/s  in 0:10"), lines[2]);
    }

    @Test
    void durationsAndRatesAreHumanReadable() {
        assertEquals("1:01:01", ProgressMeter.formatDuration(3661));
        assertEquals("2:05", ProgressMeter.formatDuration(125));
        assertEquals("?", ProgressMeter.formatDuration(Double.POSITIVE_INFINITY));
        assertEquals("1.50M", ProgressMeter.formatRate(1.5e6));
        assertEquals("12.3k", ProgressMeter.formatRate(12_345));
    }
}
