package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numeric options out of range, and unknown enum values, are usage errors before anything runs. */
class OptionRangesTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "train shd-adding | --epochs | 0 | expected a whole number >= 1, found 0",
        "train shd | --batch-size | -8 | expected a whole number >= 1, found -8",
        "train shd-adding | --dropout | 1.5 | expected a number in [0, 1), found 1.5",
        "train shd-adding | --lr | 0 | expected a finite number > 0, found 0.0",
        "train shd-adding | --bin-ms | NaN | expected a finite number > 0, found NaN",
        "fit-neuronio | --window | 0 | expected a whole number >= 1, found 0",
        "run | --neurons | 0 | expected a whole number >= 1, found 0",
        "run | --refractory-steps | -1 | expected a whole number >= 0, found -1",
        "train shd-adding | --optimizer | sgd | expected one of [ADAM, ADAMAX] (case-insensitive) but was 'sgd'",
    })
    void aValueOutOfRangeIsAUsageErrorNamingTheOption(String command, String option, String value, String expected) {
        String[] words = command.split(" ");
        String[] args = new String[words.length + 8];
        System.arraycopy(words, 0, args, 0, words.length);
        // Required options are given (to files that do not exist): the range check comes first.
        String[] rest = command.startsWith("train") ? new String[] {"--train", "a.h5", "--test", "b.h5", "--out", "o"}
            : command.equals("fit-neuronio") ? new String[] {"--traces", "a.p", "--out", "o", "--memory", "1"}
            : new String[] {"--model", "m", "--input", "in.npz", "--threads", "1"};
        System.arraycopy(rest, 0, args, words.length, 6);
        args[words.length + 6] = option;
        args[words.length + 7] = value;
        CliRunner r = CliRunner.run(args);
        assertEquals(2, r.exitCode, r.err);
        assertTrue(r.err.contains(option) && r.err.contains(expected), r.err);
    }
}
