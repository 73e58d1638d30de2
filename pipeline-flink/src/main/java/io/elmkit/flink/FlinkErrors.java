package io.elmkit.flink;

import io.elmkit.pipeline.PipelineLog;

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

    /**
     * The failed job as the exception the command throws: one line with the cause (see {@link #message});
     * the original is kept as suppressed, for ELMKIT_DEBUG=1. A JVM error (out of memory, ...) goes on as
     * it is, for the CLI's words on it.
     */
    static Exception failure(Throwable e) {
        Throwable error = error(e);
        if (error != null) {
            return e instanceof Exception ? unwrap((Exception) e) : new IllegalStateException(error);
        }
        IllegalStateException failed = new IllegalStateException(message(e));
        failed.addSuppressed(e);
        return failed;
    }

    /** The first {@link Error} (out of memory, ...) among {@code e} and its causes, or null. */
    static Throwable error(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Error) {
                return t;
            }
        }
        return null;
    }

    /**
     * The deepest own cause's message; where that is Flink's "Exceeded checkpoint tolerable failure
     * threshold ... view the Checkpoint History tab or the Job Manager log" (neither of which a
     * MiniCluster's user has), the cause of the last failed checkpoint instead, from the log
     * ({@link PipelineLog}: Flink's CheckpointFailureManager logs each failure with its cause).
     */
    static String message(Throwable e) {
        Throwable t = rootOwn(e);
        String m = t.getMessage() != null ? t.getMessage() : t.toString();
        if (m.contains(TOO_MANY_FAILED_CHECKPOINTS)) {
            String why = PipelineLog.lastCause(FAILED_CHECKPOINT);
            if (why != null) {
                return "checkpoints failed, more often than tolerated; the last one because: " + why;
            }
        }
        return m;
    }

    /** Flink's words (CheckpointFailureManager) when a job fails for its failed checkpoints, and for each one it logs. */
    static final String TOO_MANY_FAILED_CHECKPOINTS = "Exceeded checkpoint tolerable failure threshold";
    static final String FAILED_CHECKPOINT = "Failed to trigger or complete checkpoint";
}
