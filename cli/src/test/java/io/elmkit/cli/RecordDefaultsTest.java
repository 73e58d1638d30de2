package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The training commands share option mixins and differ in their defaults, which come from the
 * library's settings records: every default they show is the record's, none falls back to Java's 0.
 */
class RecordDefaultsTest {

    static CommandSpec spec(String... path) {
        CommandLine cli = ElmkitCommand.newCommandLine();
        for (String name : path) {
            cli = cli.getSubcommands().get(name);
        }
        return cli.getCommandSpec();
    }

    @Test
    void everyShownDefaultOfTheTrainingCommandsComesFromTheirSettings() {
        for (List<String> path : List.of(List.of("train", "shd"), List.of("train", "shd-adding"), List.of("fit-neuronio"))) {
            CommandSpec spec = spec(path.toArray(String[]::new));
            for (OptionSpec o : spec.options()) {
                // As written: o.description() has ${DEFAULT-VALUE} expanded already.
                if (RecordDefaults.writtenText(o).contains("${DEFAULT-VALUE}")) {
                    assertNotNull(spec.defaultValueProvider(), path.toString());
                    try {
                        assertNotNull(spec.defaultValueProvider().defaultValue(o), path + " " + o.longestName()
                            + ": no record component named like its field");
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }

    @Test
    void eachCommandShowsItsTasksDefaults() {
        Map<String, String> shdAdding = Map.of("--epochs", "10", "--bin-ms", "10.0", "--batches-per-epoch", "2000",
            "--tau-max", "500.0", "--optimizer", "ADAMAX", "--lr", "0.005");
        Map<String, String> shd = Map.of("--epochs", "70", "--bin-ms", "2.0", "--tau-max", "150.0", "--memory", "100");
        Map<String, String> fit = Map.of("--epochs", "20", "--lr", "5.0E-4", "--optimizer", "ADAM", "--memory", "20",
            "--batch", "8", "--window", "500", "--batches-per-epoch", "500");
        check(spec("train", "shd-adding"), shdAdding);
        check(spec("train", "shd"), shd);
        check(spec("fit-neuronio"), fit);
        String help = ElmkitCommand.newCommandLine("train").getSubcommands().get("train").getSubcommands().get("shd").getUsageMessage(
            CommandLine.Help.Ansi.OFF);
        assertTrue(help.replaceAll("\\s+", " ").contains("Epochs (default: 70)."), help);
    }

    private static void check(CommandSpec spec, Map<String, String> expected) {
        expected.forEach((option, value) -> {
            try {
                assertEquals(value, spec.defaultValueProvider().defaultValue(spec.findOption(option)),
                    spec.qualifiedName() + " " + option);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
