package io.elmkit.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The allowed range of every numeric option, by name, in one table for all commands: a count of 0
 * epochs or a negative bin would otherwise fail later with a message about a file that was never
 * written. Checked on what the user typed, before the command runs; a value out of range is a usage
 * error (exit 2) naming the option, the range and the value.
 */
final class OptionRanges {
    /** Counts: whole numbers of at least 1. */
    private static final Range COUNT = new Range(1, Double.POSITIVE_INFINITY, "a whole number >= 1");
    /** Durations, rates and time constants: finite and above 0. */
    private static final Range POSITIVE = new Range(Double.MIN_VALUE, Double.MAX_VALUE, "a finite number > 0");
    /** Fractions and probabilities in [0, 1). */
    private static final Range FRACTION = new Range(0, Math.nextDown(1.0), "a number in [0, 1)");
    /** Whole numbers of at least 0. */
    private static final Range NON_NEGATIVE = new Range(0, Double.POSITIVE_INFINITY, "a whole number >= 0");

    private static final Map<String, Range> RANGES = Map.ofEntries(
        Map.entry("--threads", COUNT), Map.entry("--epochs", COUNT), Map.entry("--batches-per-epoch", COUNT),
        Map.entry("--batch-size", COUNT), Map.entry("--batch", COUNT), Map.entry("--memory", COUNT),
        Map.entry("--branches", COUNT), Map.entry("--batches", COUNT), Map.entry("--validation-batches", COUNT),
        Map.entry("--test-batches", COUNT), Map.entry("--test-pairs", COUNT), Map.entry("--pairs", COUNT),
        Map.entry("--neurons", COUNT), Map.entry("--window", COUNT), Map.entry("--stop-after-epoch", COUNT),
        Map.entry("--bin-ms", POSITIVE), Map.entry("--dt-ms", POSITIVE), Map.entry("--duration-ms", POSITIVE),
        Map.entry("--lr", POSITIVE), Map.entry("--tau-min", POSITIVE), Map.entry("--tau-max", POSITIVE),
        Map.entry("--dropout", FRACTION), Map.entry("--validation-fraction", FRACTION),
        Map.entry("--refractory-steps", NON_NEGATIVE));

    private record Range(double min, double max, String words) {
        boolean holds(double v) {
            return v >= min && v <= max;
        }
    }

    private OptionRanges() {
    }

    /** Throws a usage error for the first typed numeric option outside its range. */
    static void check(ParseResult parseResult) {
        for (ParseResult r = parseResult; r != null; r = r.subcommand()) {
            for (OptionSpec option : r.matchedOptions()) {
                Range range = RANGES.get(option.longestName());
                Object value = option.getValue();
                if (range != null && value instanceof Number && !range.holds(((Number) value).doubleValue())) {
                    CommandLine cli = r.commandSpec().commandLine();
                    throw new ParameterException(cli, "Invalid value for option '" + option.longestName() + "': expected "
                        + range.words() + ", found " + value);
                }
            }
        }
    }
}
