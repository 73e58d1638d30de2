package io.elmkit.flink;

import io.elmkit.io.events.EventsFile;
import io.elmkit.io.nd.Indices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * An events {@code .npz} (docs/formats.md, Events file) as a bounded, checkpointable Flink source: record i is
 * step i / B of stream i % B (steps in order across the B streams, as a live source delivers
 * them, so one watermark serves every stream), then one end-of-stream record per stream. Each task
 * reads the file itself (a path every task manager can read: the local disk under a MiniCluster,
 * a shared file system on a cluster); a record is found by binary search, so a restored source
 * resumes anywhere. Under a MiniCluster (the client's own JVM) the task takes the events the client
 * has already read ({@link #share}) instead of reading the file again, while the file is unchanged.
 */
public final class EventsFileSource implements GeneratorFunction<Long, InputStep> {
    private static final long serialVersionUID = 1L;

    /** The events file's path. */
    private final String file;
    /** Streams (samples) of the file. */
    private final long streams;
    /** Steps per stream. */
    private final long steps;
    private transient EventsFile events;

    /** Files the client has read, by {@link #identity}, for tasks in the same JVM. */
    private static final Map<String, EventsFile> READ_BY_CLIENT = new ConcurrentHashMap<>();

    private EventsFileSource(String file, long streams, long steps) {
        this.file = file;
        this.streams = streams;
        this.steps = steps;
    }

    /** The source of {@code file}, whose header the client has read and checked ({@code streams}, {@code steps}). */
    public static DataGeneratorSource<InputStep> of(Path file, EventsFile header) {
        long streams = header.numSamples();
        long steps = header.numSteps;
        if (streams > 0 && steps > (Long.MAX_VALUE - streams) / streams) {
            throw new IllegalArgumentException(file + ": num_steps " + steps + " x " + streams + " samples overflows");
        }
        return new DataGeneratorSource<>(new EventsFileSource(file.toAbsolutePath().toString(), streams, steps),
            streams * steps + streams, TypeInformation.of(InputStep.class));
    }

    /**
     * Lends {@code events}, read from the file whose {@link #identity} was {@code id} before the read,
     * to the sources of jobs in this JVM until the returned handle is closed (after the job); a task
     * elsewhere, or after the file changed, reads the file.
     */
    static AutoCloseable share(String id, EventsFile events) {
        READ_BY_CLIENT.put(id, events);
        return () -> READ_BY_CLIENT.remove(id, events);
    }

    /** The file as it is now: absolute path, size and modification time. */
    static String identity(Path file) throws IOException {
        return file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    }

    @Override
    public void open(SourceReaderContext readerContext) throws Exception {
        Path path = Path.of(file);
        EventsFile shared = READ_BY_CLIENT.get(identity(path));
        events = shared != null ? shared : EventsFile.read(path);
        if (events.numSamples() != streams || events.numSteps != steps) {
            throw new IllegalStateException(file + " changed since the job was built: " + events.numSamples()
                + " samples x " + events.numSteps + " steps, expected " + streams + " x " + steps);
        }
    }

    @Override
    public InputStep map(Long index) {
        long i = index;
        if (i >= streams * steps) {
            return InputStep.end((int) (i - streams * steps), steps);
        }
        int stream = (int) (i % streams);
        long step = i / streams;
        int from = lowerBound(stream, step);
        int to = from;
        while (to < events.size() && events.sample[to] == stream && events.step[to] == step) {
            to++;
        }
        int[] channel = new int[to - from];
        float[] value = new float[to - from];
        System.arraycopy(events.channel, from, channel, 0, channel.length);
        System.arraycopy(events.value, from, value, 0, value.length);
        return InputStep.batch(stream, step, channel, value);
    }

    /** The first event at or after (stream, step): events are sorted by sample, then step. */
    private int lowerBound(int stream, long step) {
        return Indices.lowerBound(events.size(), i -> events.sample[i] < stream
            || (events.sample[i] == stream && events.step[i] < step));
    }
}
