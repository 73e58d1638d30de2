package io.elmkit.pipeline.cli;

import io.elmkit.io.events.EventsFile;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.FixedShapeInput;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An events file as a live source that holds back from step {@code heldFrom} until {@link #release}:
 * published with {@code SpikePublisher}, its topic has the header and the first steps of every
 * stream but no stream's end, as a live producer's topic has, so a job reading it is still running
 * when it is stopped; the rest follows once released.
 */
final class HeldEventsInput extends FixedShapeInput {
    private final EventsFileInput file;
    private final long heldFrom;
    private final CountDownLatch released = new CountDownLatch(1);

    HeldEventsInput(EventsFile events, String name, long heldFrom) {
        this(new EventsFileInput(events, name), heldFrom);
    }

    private HeldEventsInput(EventsFileInput file, long heldFrom) {
        super(file);
        this.file = file;
        this.heldFrom = heldFrom;
    }

    /** Lets the held steps and the streams' ends through. */
    void release() {
        released.countDown();
    }

    @Override
    public int poll(long step, Events sink) {
        if (step >= heldFrom) {
            try {
                // Waits here rather than in the publisher's 0.1 ms polling loop (two cores for the cluster).
                if (!released.await(10, TimeUnit.MILLISECONDS)) {
                    return NOT_YET;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return NOT_YET;
            }
        }
        return file.poll(step, sink);
    }
}
