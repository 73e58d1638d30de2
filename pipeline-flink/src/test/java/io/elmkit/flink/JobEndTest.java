package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * The client's end of a run without a cluster: a job whose delivered records never end (Flink's collect iterator
 * waiting inside hasNext() for a job end it never sees) must not keep the client waiting once the job is over,
 * and nothing delivered before may be lost.
 */
class JobEndTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    /** A job client whose job is over ({@code result} done) or running; only what follow() asks is answered. */
    private static JobClient job(CompletableFuture<JobExecutionResult> result) {
        return new JobClient() {
            @Override
            public JobID getJobID() {
                return new JobID();
            }

            @Override
            public CompletableFuture<JobStatus> getJobStatus() {
                return CompletableFuture.completedFuture(result.isDone() ? JobStatus.FINISHED : JobStatus.RUNNING);
            }

            @Override
            public CompletableFuture<Void> cancel() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<String> stopWithSavepoint(boolean drain, String dir, SavepointFormatType type) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException("no savepoints here"));
            }

            @Override
            public CompletableFuture<String> triggerSavepoint(String dir, SavepointFormatType type) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException("no savepoints here"));
            }

            @Override
            public CompletableFuture<Map<String, Object>> getAccumulators() {
                return CompletableFuture.completedFuture(Map.of());
            }

            @Override
            public CompletableFuture<JobExecutionResult> getJobExecutionResult() {
                return result;
            }
        };
    }

    private static CompletableFuture<JobExecutionResult> finished() {
        return CompletableFuture.completedFuture(new JobExecutionResult(new JobID(), 1, Map.of()));
    }

    /** Delivers {@code records}, then waits for {@code release} (forever when never counted down) and ends. */
    private static final class Delivered implements CloseableIterator<StepOutput> {
        final List<StepOutput> records;
        final CountDownLatch release;
        final RuntimeException thenFails;
        int at;
        volatile boolean closed;

        Delivered(List<StepOutput> records, CountDownLatch release, RuntimeException thenFails) {
            this.records = records;
            this.release = release;
            this.thenFails = thenFails;
        }

        @Override
        public boolean hasNext() {
            if (at < records.size()) {
                return true;
            }
            if (thenFails != null) {
                throw thenFails;
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // as Flink's: the wait goes on (here: ends without records)
            }
            return false;
        }

        @Override
        public StepOutput next() {
            return records.get(at++);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static List<StepOutput> records() {
        return List.of(new StepOutput(0, 0, 1, new float[] {0.5f}, null), StepOutput.end(0, 1),
            new StepOutput(1, 0, 1, new float[] {0.25f}, null));
    }

    @Test
    void aClientStopsWaitingOnceTheJobIsOverAndSaysWhatItReceived() {
        List<StepOutput> sent = records();
        Delivered d = new Delivered(sent, new CountDownLatch(1), null);
        List<StepOutput> got = new ArrayList<>();
        IllegalStateException e = assertTimeoutPreemptively(BOUND, () -> assertThrows(IllegalStateException.class,
            () -> JobEnd.follow(job(finished()), d, 2, null, got::add, 200)));
        assertEquals(sent, got, "every delivered record, in order");
        assertTrue(e.getMessage().contains("the job finished") && e.getMessage().contains("3 records received, 1 of 2 streams"),
            e.getMessage());
        assertTrue(d.closed, "the iterator is closed");
    }

    @Test
    void onceEveryStreamHasEndedAStuckIteratorLosesNothing() throws Exception {
        List<StepOutput> all = new ArrayList<>(records());
        all.add(StepOutput.end(1, 1));
        Delivered d = new Delivered(all, new CountDownLatch(1), null);
        List<StepOutput> got = new ArrayList<>();
        int ended = assertTimeoutPreemptively(BOUND, () -> JobEnd.follow(job(finished()), d, 2, null, got::add, 200));
        assertEquals(2, ended);
        assertEquals(4, got.size());
        assertSame(all.get(3), got.get(3));
    }

    @Test
    void whileTheJobRunsTheClientWaitsForSlowRecords() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Delivered d = new Delivered(records(), release, null);
        List<StepOutput> got = new ArrayList<>();
        CompletableFuture<JobExecutionResult> running = new CompletableFuture<>();
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(600); // three times the wait allowed after the job's end
            } catch (InterruptedException e) {
                return;
            }
            release.countDown();
        });
        later.start();
        int ended = assertTimeoutPreemptively(BOUND, () -> JobEnd.follow(job(running), d, 2, null, got::add, 200));
        assertEquals(1, ended);
        assertEquals(3, got.size());
        assertTrue(!d.closed, "an iterator that ended by itself is Flink's to close");
    }

    @Test
    void whatTheIteratorThrowsComesAfterTheRecordsBeforeIt() {
        IllegalStateException restarted = new IllegalStateException("Job restarted");
        Delivered d = new Delivered(records(), new CountDownLatch(1), restarted);
        List<StepOutput> got = new ArrayList<>();
        Exception e = assertTimeoutPreemptively(BOUND, () -> assertThrows(Exception.class,
            () -> JobEnd.follow(job(new CompletableFuture<>()), d, 2, null, got::add, 200)));
        assertSame(restarted, e);
        assertEquals(3, got.size());
    }

    /**
     * A client running on a pool's only worker (the common pool on 2 CPUs, JDK 25) while the records can only
     * come once another task of that pool has run (Flink's RPC completes its futures there): the client's wait
     * must let the pool run it.
     */
    @Test
    void aClientOnAPoolsOnlyWorkerLetsThePoolRunTheTasksTheJobNeeds() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            CountDownLatch release = new CountDownLatch(1);
            List<StepOutput> all = new ArrayList<>(records());
            all.add(StepOutput.end(1, 1));
            Delivered d = new Delivered(all, release, null);
            List<StepOutput> got = new ArrayList<>();
            CountDownLatch following = new CountDownLatch(1);
            ForkJoinTask<Integer> client = pool.submit(() -> {
                following.countDown();
                return JobEnd.follow(job(new CompletableFuture<>()), d, 2, null, got::add, 200);
            });
            assertTrue(following.await(10, TimeUnit.SECONDS));
            pool.execute(release::countDown);
            assertEquals(2, client.get(10, TimeUnit.SECONDS));
            assertEquals(4, got.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
