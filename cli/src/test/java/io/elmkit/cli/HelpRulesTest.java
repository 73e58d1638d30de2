package io.elmkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.cli.options.ModuleHelpTexts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The rules every command's help keeps, checked on picocli's model of the command:
 * <ul>
 * <li>its first description line is a one-sentence summary that ends with a full stop and fits on its
 *     line of the parent's command list (picocli shows only that line there);</li>
 * <li>every description line, of the command and of each option, ends a sentence or leads into a list
 *     ('.', ':', '?', '!'): picocli wraps each line on its own, so a sentence split over two lines shows
 *     cut in the middle;</li>
 * <li>every option and positional parameter (but --help and --version) has a description, and it states
 *     the default ({@code ${DEFAULT-VALUE}}, or "default:" in words such as "default: all cores"), unless
 *     the option is required or a flag (a boolean option without a value); no default renders as "null";</li>
 * <li>its usage footer shows at least one example ("Example" in the footer); footer lines, and indented
 *     description lines (a table), are laid out by hand and fit the help's width (80).</li>
 * </ul>
 * {@link #CHECKED} names the commands held to these rules (as typed after {@code elmkit}; "" is the top
 * level); a command joins it once its help keeps them.
 */
class HelpRulesTest {

    static final Set<String> CHECKED = Set.of("", "info", "gradients", "demo", "eval-neuronio", "predict", "run",
        "shd-adding", "fit-neuronio", "train", "train shd-adding", "train shd", "convert", "eval", "eval shd",
        "eval shd-adding", "fetch", "fetch shd");

    @Test
    void everyCheckedCommandKeepsTheHelpRules() {
        Map<String, CommandLine> commands = commands(ElmkitCommand.newCommandLine(), "", new LinkedHashMap<>());
        assertTrue(commands.keySet().containsAll(CHECKED), "unknown names in CHECKED: " + CHECKED);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : commands.entrySet()) {
            if (CHECKED.contains(e.getKey())) {
                problems.addAll(problems(e.getKey(), e.getValue()));
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The rules can fail: a command without descriptions, defaults or examples breaks each of them. */
    @Test
    void theRulesCatchACommandThatBreaksThem() {
        @CommandLine.Command(name = "bad", description = {"Does something with the input (window 500,", "and more)"})
        class Bad implements Runnable {
            @CommandLine.Option(names = "--size") int size;
            @CommandLine.Option(names = "--mode", description = "The mode.") String mode;
            @CommandLine.Option(names = "--dt-ms", description = "Step (default: ${DEFAULT-VALUE}).") Double dtMs;

            @Override
            public void run() {
            }
        }
        CommandLine root = ElmkitCommand.newCommandLine();
        root.addSubcommand(new Bad());
        List<String> problems = problems("bad", root.getSubcommands().get("bad"));
        String all = String.join("\n", problems);
        assertTrue(all.contains("summary"), all);
        assertTrue(all.contains("cut"), all);
        assertTrue(all.contains("--size: no description"), all);
        assertTrue(all.contains("--mode: states no default"), all);
        assertTrue(all.contains("a default shows as null"), all);
        assertTrue(all.contains("no example"), all);
        assertEquals(6, problems.size(), all);
    }

    /**
     * The texts are looked up in the commands' resource bundle (HelpTexts.properties), and the rules read
     * them as looked up: an option or positional parameter whose key is missing there, or a command without
     * its description keys, breaks them.
     */
    @Test
    void theRulesCatchAKeyMissingFromTheBundle() {
        @CommandLine.Command(name = "keyless")
        class Keyless implements Runnable {
            @CommandLine.Option(names = "--seed") long seed;
            @CommandLine.Option(names = "--no-such-key") int missing;
            @CommandLine.Parameters(index = "0", paramLabel = "NO-SUCH-LABEL") String in;

            @Override
            public void run() {
            }
        }
        CommandLine root = ElmkitCommand.newCommandLine();
        root.addSubcommand(new Keyless());
        String all = String.join("\n", problems("keyless", root.getSubcommands().get("keyless")));
        assertTrue(all.contains("--no-such-key: no description"), all);
        assertTrue(all.contains("parameter NO-SUCH-LABEL: no description"), all);
        assertTrue(all.contains("no one-sentence summary"), all);
        assertFalse(all.contains("--seed"), all);
    }

    /** Every key of HelpTexts.properties is read by a command: an option or command that goes takes its text along. */
    @Test
    void everyKeyOfTheBundleIsRead() {
        ResourceBundle texts = ModuleHelpTexts.cli();
        Set<String> unread = new TreeSet<>(texts.keySet());
        for (CommandLine cli : commands(ElmkitCommand.newCommandLine(), "", new LinkedHashMap<>()).values()) {
            CommandSpec spec = cli.getCommandSpec();
            unread.removeIf(key -> key.startsWith(spec.qualifiedName(".") + ".usage."));
            for (ArgSpec arg : spec.args()) {
                // picocli's key: the descriptionKey, else an option's longest name without dashes, a positional's LABEL[INDEX]
                unread.remove(!arg.descriptionKey().isEmpty() ? arg.descriptionKey() : arg instanceof OptionSpec o
                    ? o.longestName().replaceFirst("^-+", "") : arg.paramLabel() + "[" + ((PositionalParamSpec) arg).index() + "]");
            }
        }
        assertTrue(unread.isEmpty(), "keys no command reads: " + unread);
    }

    static Map<String, CommandLine> commands(CommandLine cli, String path, Map<String, CommandLine> into) {
        into.put(path, cli);
        cli.getSubcommands().forEach((name, sub) -> {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                commands(sub, path.isEmpty() ? name : path + " " + name, into);
            }
        });
        return into;
    }

    static List<String> problems(String path, CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        String name = path.isEmpty() ? "elmkit" : "elmkit " + path;
        List<String> problems = new ArrayList<>();
        String[] description = spec.usageMessage().description();
        if (description.length == 0 || !description[0].endsWith(".")) {
            problems.add(name + ": no one-sentence summary as its first description line");
        } else if (spec.parent() != null && !fitsTheCommandList(spec, description[0])) {
            problems.add(name + ": the summary does not fit on one line of the parent's command list: " + description[0]);
        }
        // Lines of a description may be wrapped by hand; its last line must end the text (nothing cut off).
        if (description.length > 0 && endsMidSentence(description[description.length - 1])) {
            problems.add(name + ": description cut mid-sentence: " + description[description.length - 1]);
        }
        for (ArgSpec arg : spec.args()) {
            String label = arg instanceof OptionSpec ? ((OptionSpec) arg).longestName()
                : "parameter " + ((PositionalParamSpec) arg).paramLabel();
            if (arg instanceof OptionSpec && (((OptionSpec) arg).usageHelp() || ((OptionSpec) arg).versionHelp())) {
                continue;
            }
            String text = String.join(" ", arg.description()).trim();
            if (text.isEmpty()) {
                problems.add(name + " " + label + ": no description");
                continue;
            }
            String[] lines = arg.description();
            if (endsMidSentence(lines[lines.length - 1])) {
                problems.add(name + " " + label + ": description cut mid-sentence: " + lines[lines.length - 1]);
            }
            boolean flag = arg.typeInfo().isBoolean() && arg.arity().max() == 0;
            boolean statesDefault = text.contains("${DEFAULT-VALUE}") || text.toLowerCase(Locale.ROOT).contains("default:");
            if (!arg.required() && !flag && !statesDefault) {
                problems.add(name + " " + label + ": states no default (add ${DEFAULT-VALUE} or 'default: ...')");
            }
        }
        String usage = cli.getUsageMessage(CommandLine.Help.Ansi.OFF);
        if (usage.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").matches("(?s).*default: null\\b.*")) {
            problems.add(name + ": a default shows as null (an option without a default uses ${DEFAULT-VALUE})");
        }
        String footer = spec.usageMessage().footerHeading() + String.join("\n", spec.usageMessage().footer());
        if (!footer.contains("Example")) {
            problems.add(name + ": no example in the usage footer");
        }
        for (String line : spec.usageMessage().footer()) {
            if (line.length() > spec.usageMessage().width()) {
                problems.add(name + ": footer line wider than the help (" + spec.usageMessage().width() + "): " + line);
            }
        }
        for (String line : description) {
            if (line.startsWith(" ") && line.length() > spec.usageMessage().width()) {
                problems.add(name + ": indented description line wider than the help: " + line);
            }
        }
        return problems;
    }

    private static boolean endsMidSentence(String line) {
        String t = line.strip();
        return !t.isEmpty() && !(t.endsWith(".") || t.endsWith(":") || t.endsWith("?") || t.endsWith("!"));
    }

    /** True when the parent's help shows the whole summary on the command's own line of its command list. */
    private static boolean fitsTheCommandList(CommandSpec spec, String summary) {
        String usage = spec.parent().commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String line : usage.split("\\R")) {
            if (line.matches("\\s+" + java.util.regex.Pattern.quote(spec.name()) + "(,.*)?\\s{2,}.*")) {
                return line.endsWith(summary);
            }
        }
        return false;
    }
}
