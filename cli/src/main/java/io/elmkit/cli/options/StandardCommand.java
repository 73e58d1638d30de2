package io.elmkit.cli.options;

import picocli.CommandLine.Command;

/**
 * What every elmkit subcommand's {@code @Command} shares, written once: {@code --help} and
 * {@code --version}, and the heading of the examples in its usage footer (a command's footer lists
 * only its examples). picocli applies the {@code @Command} attributes of superclasses first, so a
 * command's own annotation adds its name, description and examples to these. The help texts of the
 * options live in a resource bundle (HelpTexts.properties in io/elmkit/cli; the pipeline jar's commands
 * name their own, {@link ModuleHelpTexts}), so that a declaration is the option's one line.
 */
@Command(mixinStandardHelpOptions = true, footerHeading = "%nExamples:%n", resourceBundle = ModuleHelpTexts.SHARED)
public abstract class StandardCommand {
}
