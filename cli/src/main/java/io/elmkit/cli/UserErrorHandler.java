package io.elmkit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception or error from a subcommand into one line a user can act on: the command, then the
 * message chain (file, field, expected vs found come from the exceptions themselves). A JVM error
 * (out of memory, stack overflow), thrown directly or found among the causes, is described by what ran
 * out and which JVM flag raises it; any other line ends with {@link ErrorLineSuffix}. The stack trace is shown only with {@code ELMKIT_DEBUG=1}, for bug
 * reports.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    static final int EXIT_ERROR = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        return report(e, commandLine);
    }

    /** Reports any throwable, {@link Error}s included, as the one line; returns the exit code. */
    static int report(Throwable e, CommandLine commandLine) {
        PrintWriter err = commandLine.getErr();
        Throwable vmError = find(e, VirtualMachineError.class);
        Throwable error = vmError != null ? vmError : find(e, Error.class);
        String message = error != null ? describeError(error, e) : describe(e) + ErrorLineSuffix.get();
        err.println(commandLine.getColorScheme().errorText(commandPath(commandLine) + ": error: " + message));
        if ("1".equals(System.getenv("ELMKIT_DEBUG"))) {
            e.printStackTrace(err);
        } else {
            err.println("(set ELMKIT_DEBUG=1 to see the stack trace)");
        }
        err.flush();
        return EXIT_ERROR;
    }

    /** The command as typed after {@code elmkit} ("train shd"), or "elmkit" for the top level. */
    static String commandPath(CommandLine commandLine) {
        String qualified = commandLine.getCommandSpec().qualifiedName();
        int space = qualified.indexOf(' ');
        return space < 0 ? qualified : qualified.substring(space + 1);
    }

    private static Throwable find(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /**
     * An {@link Error} in words: what ran out and how to raise the limit, or an internal error with the
     * messages around it. {@code outer} is what the command threw (the error itself or an exception
     * wrapping it); its messages above the error are kept as context.
     */
    static String describeError(Throwable error, Throwable outer) {
        String what;
        if (error instanceof OutOfMemoryError) {
            what = outOfMemory(error.getMessage());
        } else if (error instanceof StackOverflowError) {
            what = "stack overflow: the input is nested too deeply or a computation recursed too far"
                + " (a larger thread stack: ELMKIT_JAVA_OPTS=-Xss64m ./elmkit ...)";
        } else {
            what = "internal error (" + error.getClass().getSimpleName() + "): " + describe(error)
                + "; please report it with the ELMKIT_DEBUG=1 output";
        }
        StringBuilder context = new StringBuilder();
        for (Throwable t = outer; t != null && t != error; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            // A wrapper's message is often the cause's toString(): it would repeat the class name.
            if (message != null && !message.isBlank() && !message.contains(error.getClass().getName())) {
                context.append(message).append(": ");
            }
        }
        return context + what;
    }

    private static String outOfMemory(String detail) {
        String d = detail == null ? "" : detail;
        if (d.contains("Requested array size")) {
            return "out of memory: an array beyond the JVM's limit of 2^31 elements was requested";
        }
        if (d.contains("Direct buffer memory")) {
            return "out of memory: direct (off-heap) buffer memory ran out"
                + " (raise it: ELMKIT_JAVA_OPTS=-XX:MaxDirectMemorySize=8g ./elmkit ...)";
        }
        if (d.contains("Metaspace")) {
            return "out of memory: the JVM's class metadata space ran out"
                + " (raise it: ELMKIT_JAVA_OPTS=-XX:MaxMetaspaceSize=1g ./elmkit ...)";
        }
        if (d.contains("native thread")) {
            return "out of memory: the system refused another thread (use fewer --threads)";
        }
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        long suggestGiB = Math.max(2, 2 * ((maxMiB + 1023) >> 10));
        return String.format(java.util.Locale.ROOT,
            "out of memory: the Java heap%s ran out at its limit of %d MiB"
                + " (a larger heap: ELMKIT_JAVA_OPTS=-Xmx%dg ./elmkit ..., or a smaller input or batch)",
            heapDetail(d), maxMiB, suggestGiB);
    }

    /** What the JVM added to "Java heap space", if anything, in parentheses. */
    private static String heapDetail(String detail) {
        String d = detail.startsWith("Java heap space") ? detail.substring("Java heap space".length()) : detail;
        d = d.replaceFirst("^[:;,\\s]+", "");
        return d.isBlank() ? "" : " (" + d + ")";
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
