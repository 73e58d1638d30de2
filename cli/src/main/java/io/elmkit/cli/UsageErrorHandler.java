package io.elmkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A mistake on the command line (unknown or missing option, bad value): {@code <command>: error: <what>},
 * picocli's suggestion for a mistyped name ("Did you mean: info --model?"), and where the options are
 * listed, with exit code 2. The usage is not printed: it would push the error out of sight.
 */
final class UsageErrorHandler implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getColorScheme().errorText(UserErrorHandler.commandPath(cli) + ": error: " + ex.getMessage()));
        UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("See '" + cli.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }
}
