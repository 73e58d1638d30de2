package io.elmkit.flink;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.CloseableIterator;

/**
 * The client's end of a run: reads what the job delivers to the client (outputs, or only the
 * end-of-stream markers), and once every stream has ended stops a job whose source never ends by
 * itself (a Kafka topic) with a drain: the sources stop, the last steps are flushed and a final
 * savepoint commits the last Kafka transaction. Never waits forever once the job is over: Flink's
 * iterator ends by itself when it sees the job end (reading what the job's accumulator kept for the
 * client); if it has not {@link #AFTER_JOB_END_MS} after the job's result came, the client stops reading.
 */
final class JobEnd {
    /**
     * How long the delivered records may go on after the job's result came: Flink's iterator looks at
     * the job's status every 100 ms and then reads the records left in the job's accumulator (at most 10 s).
     */
    static final long AFTER_JOB_END_MS = 30_000;
    /** How often the client looks at the job while nothing is delivered. */
    private static final long POLL_MS = 100;

    private JobEnd() {
    }

    private static CompletableFuture<String> drain(JobClient job, Path dir) {
        return job.stopWithSavepoint(true, dir.toUri().toString(), SavepointFormatType.CANONICAL);
    }

    /**
     * Passes every delivered record to {@code each} (on the caller's thread) until the job ends; returns the
     * streams that ended.
     *
     * @param drainDir where the final savepoint of a drained job goes; null when the source is bounded
     */
    static int follow(JobClient job, CloseableIterator<StepOutput> delivered, int streams, Path drainDir,
                      Consumer<StepOutput> each) throws Exception {
        return follow(job, delivered, streams, drainDir, each, AFTER_JOB_END_MS);
    }

    /** As above, with how long the records may go on after the job's result came (tests: short). */
    static int follow(JobClient job, CloseableIterator<StepOutput> delivered, int streams, Path drainDir,
                      Consumer<StepOutput> each, long afterJobEndMs) throws Exception {
        Set<Integer> ended = new HashSet<>();
        CompletableFuture<String> stop = null;
        if (drainDir != null && streams == 0) {
            stop = drain(job, drainDir);
        }
        CompletableFuture<JobExecutionResult> over = job.getJobExecutionResult();
        long received = 0;
        long overSinceNs = 0;
        DeliveredReader<StepOutput> reader = new DeliveredReader<>(delivered, "elmkit-flink-results");
        try {
            while (!reader.finished()) {
                StepOutput o = reader.next(POLL_MS);
                if (o != null) {
                    received++;
                    if (o.isEnd()) {
                        ended.add(o.stream);
                    }
                    each.accept(o);
                    if (stop == null && drainDir != null && ended.size() == streams) {
                        // Not waited for here: the drain's last records still come through this iterator.
                        stop = drain(job, drainDir);
                    }
                } else if (over.isDone() && !reader.finished()) {
                    long now = System.nanoTime();
                    overSinceNs = overSinceNs == 0 ? now : overSinceNs;
                    if (now - overSinceNs > afterJobEndMs * 1_000_000L) {
                        reader.abandon();
                        if (ended.size() < streams) {
                            throw new IllegalStateException(String.format(Locale.ROOT, "the job %s but its records "
                                + "to this client did not end within %d ms of it: %d records received, %d of %d "
                                + "streams ended; the rest may be missing here (a Kafka output is committed by the job)",
                                outcome(over), afterJobEndMs, received, ended.size(), streams));
                        }
                        break; // every stream's end marker came, after the stream's outputs: nothing is missing
                    }
                }
            }
        } finally {
            reader.stop();
        }
        if (stop != null) {
            stop.get();
        }
        return ended.size();
    }

    private static String outcome(CompletableFuture<JobExecutionResult> over) {
        return over.isCompletedExceptionally() ? "failed" : "finished";
    }
}
