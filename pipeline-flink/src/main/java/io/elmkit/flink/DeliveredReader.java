package io.elmkit.flink;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.CloseableIterator;

/**
 * Reads what a job delivers to the client on a daemon thread of its own and hands each record on in order,
 * so that the client's thread can wait with a timeout: Flink's collect iterator waits inside hasNext()
 * until it sees the job end, and neither an interrupt nor close() ends a wait already begun.
 */
final class DeliveredReader<T> {
    /** Records read ahead of the client: enough to keep the reader busy, few enough to keep Flink's backpressure. */
    private static final int AHEAD = 256;
    private static final Object END = new Object();

    private final CloseableIterator<T> delivered;
    private final BlockingQueue<Object> handoff = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    /** What hasNext() or next() threw; handed on after the records read before it. */
    private volatile RuntimeException failure;
    private volatile Error error;
    private volatile boolean stopped;
    private boolean finished;
    private final Wait waiting = new Wait();

    DeliveredReader(CloseableIterator<T> delivered, String threadName) {
        this.delivered = delivered;
        this.thread = new Thread(this::readAll, threadName);
        thread.setDaemon(true); // left by abandon() in a wait that may never end: it must not keep the JVM alive
        thread.start();
    }

    private void readAll() {
        try {
            try {
                while (!stopped && delivered.hasNext()) {
                    handOn(delivered.next());
                }
            } catch (RuntimeException e) {
                failure = e;
            } catch (Error e) {
                error = e;
            }
            handOn(END);
        } catch (InterruptedException stop) {
            // stop(): nobody reads on.
        }
    }

    /** Waits for room, but not once the client has stopped reading (an interrupt may be swallowed by Flink). */
    private void handOn(Object o) throws InterruptedException {
        while (!stopped && !handoff.offer(o, 100, TimeUnit.MILLISECONDS)) {
            // the client is busy with the records before: wait on
        }
    }

    /**
     * The next record in order; null when none came within {@code timeoutMs} or the iterator has ended
     * ({@link #finished()}); throws what the iterator threw once the records before it are handed on.
     */
    @SuppressWarnings("unchecked")
    T next(long timeoutMs) throws InterruptedException {
        if (finished) {
            return null;
        }
        Object o = handoff.poll();
        if (o == null) {
            waiting.timeoutMs = timeoutMs;
            waiting.got = null;
            // A managed wait: a caller on a ForkJoinPool's worker (the common pool's only one on 2 CPUs) lets
            // the pool run other tasks meanwhile, Flink's RPC among them (it completes futures there).
            ForkJoinPool.managedBlock(waiting);
            o = waiting.got;
        }
        if (o != END) {
            return (T) o;
        }
        finished = true;
        if (error != null) {
            throw error;
        }
        if (failure != null) {
            throw failure;
        }
        return null;
    }

    /** Whether the iterator has ended and every record it delivered has been handed on. */
    boolean finished() {
        return finished;
    }

    /** The client reads no more: the reader ends once the iterator lets it (the iterator stays open). */
    void stop() {
        stopped = true;
        thread.interrupt();
    }

    /** Stops reading and closes the iterator (which cancels a job still running). */
    void abandon() throws Exception {
        stop();
        delivered.close();
    }

    /** One wait of the client for the next record (reused: the client is one thread). */
    private final class Wait implements ForkJoinPool.ManagedBlocker {
        long timeoutMs;
        Object got;

        @Override
        public boolean block() throws InterruptedException {
            got = handoff.poll(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        }

        @Override
        public boolean isReleasable() {
            return got != null || (got = handoff.poll()) != null;
        }
    }
}
