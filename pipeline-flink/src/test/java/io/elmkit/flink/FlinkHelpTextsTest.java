package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * FlinkCommand's own main (for `flink run`) builds the command without elmkit's top level: its texts
 * still come from FlinkHelpTexts.properties, and those of the options it shares with run (--input,
 * --serve, ...) from cli's HelpTexts.properties, the bundle's parent.
 */
class FlinkHelpTextsTest {
    @Test
    void theCommandAloneHasEveryText() {
        CommandSpec spec = new CommandLine(new FlinkCommand()).getCommandSpec();
        assertEquals("Runs ELM neurons as an Apache Flink job (embedded MiniCluster).", spec.usageMessage().description()[0]);
        assertFalse(String.join("", spec.usageMessage().footer()).isBlank(), "examples");
        for (ArgSpec arg : spec.args()) {
            String name = arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
            assertFalse(String.join(" ", arg.description()).isBlank(), name + ": a description");
        }
        assertTrue(String.join(" ", spec.findOption("--input").description()).startsWith("A spike file"),
            "--input: PopulationOptions' text, from cli's bundle");
    }
}
