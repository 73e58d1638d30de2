package io.elmkit.cli.options;

import picocli.CommandLine.Command;

/**
 * What every elmkit subcommand's {@code @Command} shares, written once: {@code --help} and
 * {@code --version}, and the heading of the examples in its usage footer (a command's footer lists
 * only its examples). picocli applies the {@code @Command} attributes of superclasses first, so a
 * command's own annotation adds its name and options to these. The help texts (description, examples,
 * each option's) are in a resource bundle: cli's HelpTexts.properties, which the top level hands down
 * ({@link ModuleHelpTexts#cli()}); the pipeline jar's commands name their own.
 */
@Command(mixinStandardHelpOptions = true, footerHeading = "%nExamples:%n")
public abstract class StandardCommand {
}
