package io.elmkit.io.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long job on one status line: done/total, percent, rate per second, ETA and a
 * free-form detail (loss, accuracy, ...). On a terminal the line is redrawn in place at most every
 * {@value #TERMINAL_INTERVAL_MS} ms; otherwise (CI logs, pipes) a new line is printed at most every
 * {@value #LOG_INTERVAL_MS} ms so logs stay short. Not thread-safe: call from one thread.
 *
 * <pre>{@code
 * ProgressMeter progress = ProgressMeter.start("pairs", totalPairs, System.err);
 * for (...) { ...; progress.advance(batchSize); }
 * progress.finish();
 * }</pre>
 */
public final class ProgressMeter {
    static final long TERMINAL_INTERVAL_MS = 250;
    static final long LOG_INTERVAL_MS = 5_000;

    private final String unit;
    private final long total;
    private final PrintStream out;
    private final boolean inPlace;
    private final LongSupplier clockNanos;
    private final long startNanos;
    private long done;
    private long lastPrintNanos;
    private String detail = "";
    private boolean finished;

    ProgressMeter(String unit, long total, PrintStream out, boolean inPlace, LongSupplier clockNanos) {
        this.unit = unit;
        this.total = total;
        this.out = out;
        this.inPlace = inPlace;
        this.clockNanos = clockNanos;
        this.startNanos = clockNanos.getAsLong();
        this.lastPrintNanos = startNanos;
    }

    /**
     * Starts a meter counting {@code unit}s up to {@code total} ({@code total <= 0}: unknown, no
     * ETA). Redraws in place when a console is attached, logs lines otherwise.
     */
    public static ProgressMeter start(String unit, long total, PrintStream out) {
        return new ProgressMeter(unit, total, out, System.console() != null, System::nanoTime);
    }

    /** A meter that prints nothing (for library calls and quiet mode). */
    public static ProgressMeter silent(String unit, long total) {
        return new ProgressMeter(unit, total, null, false, System::nanoTime);
    }

    /** Adds {@code count} finished units and prints when the print interval has passed. */
    public void advance(long count) {
        done += count;
        long now = clockNanos.getAsLong();
        long intervalNanos = (inPlace ? TERMINAL_INTERVAL_MS : LOG_INTERVAL_MS) * 1_000_000L;
        if (now - lastPrintNanos >= intervalNanos) {
            lastPrintNanos = now;
            print(now, false);
        }
    }

    /** Replaces the detail text shown after the rate, e.g. {@code "loss 0.412  acc 0.63"}. */
    public void detail(String text) {
        this.detail = text == null ? "" : text;
    }

    /** Units done so far. */
    public long done() {
        return done;
    }

    /** Seconds since the start. */
    public double elapsedSeconds() {
        return (clockNanos.getAsLong() - startNanos) / 1e9;
    }

    /** Units per second since the start. */
    public double ratePerSecond() {
        double s = elapsedSeconds();
        return s > 0 ? done / s : 0.0;
    }

    /** Prints the final line (always) and ends the in-place line. Idempotent. */
    public void finish() {
        if (finished) {
            return;
        }
        finished = true;
        print(clockNanos.getAsLong(), true);
    }

    /** The status line for the current state (without carriage return or newline). */
    String line(long nowNanos, boolean finalLine) {
        double elapsedS = (nowNanos - startNanos) / 1e9;
        double rate = elapsedS > 0 ? done / elapsedS : 0.0;
        StringBuilder sb = new StringBuilder(96);
        sb.append(unit).append(' ').append(done);
        if (total > 0) {
            sb.append('/').append(total)
                .append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / total));
        }
        sb.append(String.format(Locale.ROOT, "  %s %s/s", formatRate(rate), unit));
        if (finalLine) {
            sb.append("  in ").append(formatDuration(elapsedS));
        } else if (total > 0 && rate > 0) {
            sb.append("  ETA ").append(formatDuration((total - done) / rate));
        }
        if (!detail.isEmpty()) {
            sb.append("  ").append(detail);
        }
        return sb.toString();
    }

    private void print(long nowNanos, boolean finalLine) {
        if (out == null) {
            return;
        }
        String text = line(nowNanos, finalLine);
        if (inPlace) {
            out.print("\r" + text + "\u001b[K" + (finalLine ? "\n" : ""));
        } else {
            out.println(text);
        }
        out.flush();
    }

    static String formatRate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e4) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    static String formatDuration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
