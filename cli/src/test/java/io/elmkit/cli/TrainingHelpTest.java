package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** train, eval, fit-neuronio and predict: every option says what it does and its default; examples in the help. */
class TrainingHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"train shd", "train shd-adding", "eval shd", "eval shd-adding", "fit-neuronio", "predict"})
    void everyOptionHasADescriptionWithItsDefaultAndTheHelpShowsExamples(String command) {
        CommandLine cli = ElmkitCommand.newCommandLine();
        for (String name : command.split(" ")) {
            cli = cli.getSubcommands().get(name);
        }
        for (OptionSpec o : cli.getCommandSpec().options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            String text = String.join(" ", o.description());
            assertFalse(text.isBlank(), command + " " + o.longestName() + " has no description");
            assertTrue(o.required() || text.contains("default"), command + " " + o.longestName()
                + " does not state its default: " + text);
        }
        CliRunner help = CliRunner.run((command + " --help").split(" "));
        assertEquals(0, help.exitCode, help.err);
        assertTrue(help.out.contains("Examples:\n  elmkit " + command + " "), help.out);
        for (String line : help.out.split("\n")) {
            assertTrue(line.length() <= 80, "help line over 80 columns: " + line);
        }
    }
}
