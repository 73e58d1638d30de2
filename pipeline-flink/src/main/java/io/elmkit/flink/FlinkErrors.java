package io.elmkit.flink;

/**
 * A failed job as the user's error: Flink wraps the exception that stopped the job in several
 * layers (job execution failed, recovery suppressed, ...); the one the job's code threw is the
 * deepest one outside Flink, and its message is what the user needs.
 */
final class FlinkErrors {
    private FlinkErrors() {
    }

    static Exception unwrap(Exception e) {
        Throwable cause = rootOwn(e);
        if (cause instanceof Exception && cause != e) {
            return (Exception) cause;
        }
        return e;
    }

    /** The deepest cause not thrown by Flink itself (or the deepest cause when all are Flink's). */
    static Throwable rootOwn(Throwable e) {
        Throwable own = null;
        Throwable last = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            last = t;
            String name = t.getClass().getName();
            if (!name.startsWith("org.apache.flink.") && !(t instanceof java.util.concurrent.ExecutionException)
                && !(t instanceof java.util.concurrent.CompletionException)) {
                own = t;
            }
        }
        return own != null ? own : last;
    }

    static String message(Throwable e) {
        Throwable t = rootOwn(e);
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
