package io.elmkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a subcommand into one line a user can act on: the command, then the
 * message chain (file, field, expected vs found come from the exceptions themselves). The stack
 * trace is shown only with {@code ELMKIT_DEBUG=1}, for bug reports.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    static final int EXIT_ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText(
            commandLine.getCommandName() + ": error: " + describe(e)));
        if ("1".equals(System.getenv("ELMKIT_DEBUG"))) {
            e.printStackTrace(err);
        } else {
            err.println("(set ELMKIT_DEBUG=1 to see the stack trace)");
        }
        err.flush();
        return EXIT_ERROR;
    }

    /** The messages of an exception and its causes, joined, without repeating a cause already quoted. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        while (t != null) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                message = t.getClass().getSimpleName();
            }
            if (t instanceof java.nio.file.NoSuchFileException && ((java.nio.file.NoSuchFileException) t).getReason() == null) {
                message = message + ": no such file or directory";
            } else if (t instanceof java.nio.file.AccessDeniedException) {
                message = message + ": permission denied";
            }
            if (sb.indexOf(message) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(message);
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return sb.toString();
    }
}
