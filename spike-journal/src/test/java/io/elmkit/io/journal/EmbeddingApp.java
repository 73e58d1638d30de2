package io.elmkit.io.journal;

import io.elmkit.io.event.StepBatch;
import java.nio.file.Path;

/**
 * An application that embeds elmkit, run as a separate JVM by {@link ChronicleDefaultsTest}: started
 * with Chronicle's --add-opens flags but none of our -D properties, it prints Chronicle's analytics
 * and announcer properties before and after it writes and replays a journal in DIR.
 */
public final class EmbeddingApp {
    private EmbeddingApp() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("before " + properties());
        Path dir = Path.of(args[0]);
        try (SpikeJournal j = SpikeJournal.create(dir, new JournalHeader(4, 1.0, 1, "embedding"))) {
            StepBatch batch = new StepBatch();
            batch.reset(0, 0);
            batch.add(1, 1f);
            j.append(batch);
        }
        try (SpikeJournal j = SpikeJournal.open(dir)) {
            System.out.println("records " + j.replay((index, batch) -> { }));
        }
        System.out.println("after " + properties());
    }

    private static String properties() {
        return System.getProperty(ChronicleDefaults.ANALYTICS_DISABLE) + " "
            + System.getProperty(ChronicleDefaults.ANNOUNCER_DISABLE);
    }
}
