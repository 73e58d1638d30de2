package io.elmkit.flink;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.CloseableIterator;

/**
 * The client's end of a run: reads what the job delivers to the client (outputs, or only the
 * end-of-stream markers), and once every stream has ended stops a job whose source never ends by
 * itself (a Kafka topic) with a drain: the sources stop, the last steps are flushed and a final
 * savepoint commits the last Kafka transaction.
 */
final class JobEnd {
    private JobEnd() {
    }

    private static CompletableFuture<String> drain(JobClient job, Path dir) {
        return job.stopWithSavepoint(true, dir.toUri().toString(), SavepointFormatType.CANONICAL);
    }

    /**
     * Passes every delivered record to {@code each} until the job ends; returns the streams that ended.
     *
     * @param drainDir where the final savepoint of a drained job goes; null when the source is bounded
     */
    static int follow(JobClient job, CloseableIterator<StepOutput> delivered, int streams, Path drainDir,
                      Consumer<StepOutput> each) throws Exception {
        Set<Integer> ended = new HashSet<>();
        CompletableFuture<String> stop = null;
        if (drainDir != null && streams == 0) {
            stop = drain(job, drainDir);
        }
        while (delivered.hasNext()) {
            StepOutput o = delivered.next();
            if (o.isEnd()) {
                ended.add(o.stream);
            }
            each.accept(o);
            if (stop == null && drainDir != null && ended.size() == streams) {
                // Not waited for here: the drain's last records still come through this iterator.
                stop = drain(job, drainDir);
            }
        }
        if (stop != null) {
            stop.get();
        }
        return ended.size();
    }
}
