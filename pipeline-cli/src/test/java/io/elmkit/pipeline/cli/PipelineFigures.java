package io.elmkit.pipeline.cli;

import io.elmkit.cli.ElmkitCommand;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.pipeline.SpikePublisher;
import io.elmkit.pipeline.SpikeRecord;
import io.elmkit.pipeline.SpikeTopicReader;
import io.elmkit.pipeline.SpikeTopicWriter;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.synthetic.PoissonRaster;
import io.elmkit.testsupport.CapturedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The figures of the pipeline report, measured in one run on one machine (not a test: run by hand,
 * {@code java @etc/jvm.options @etc/jvm-chronicle.options @etc/jvm-flink.options -cp
 * pipeline-cli/target/test-classes:pipeline-cli/target/elmkit-pipeline.jar io.elmkit.pipeline.cli.PipelineFigures
 * MODEL_DIR [CHANNELS=32] [LIVE_DT_MS=1] [LIVE_STEPS=3000] [latency-only]}, {@code -Dfigures.run-args="--threads 1"}
 * added to every run, {@code -Dfigures.hop=false} without the one-hop probe reader of the input topic (default true: with it),
 * {@code -Dfigures.bootstrap=HOST:PORT} to use a running broker instead of one
 * in this JVM): publish and consume rates;
 * {@code run} file -> file against Kafka -> Kafka on the same input; end-to-end latency per step
 * (published -> its outputs of every stream consumed) for 100 neurons with a paced (--realtime) input.
 */
public final class PipelineFigures {
    private PipelineFigures() {
    }

    static String elmkit(String... args) {
        CapturedRun run = CapturedRun.of(() -> ElmkitCommand.newCommandLine(args).execute(args));
        String text = run.err();
        if (run.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed:\n" + text);
        }
        return text;
    }

    /** {@code elmkit run ARGS} plus -Dfigures.run-args (e.g. "--threads 1"), for every run this program times. */
    static String run(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("run"));
        all.addAll(java.util.List.of(args));
        String extra = System.getProperty("figures.run-args", "").trim();
        if (!extra.isEmpty()) {
            all.addAll(java.util.List.of(extra.split("\\s+")));
        }
        return elmkit(all.toArray(String[]::new));
    }

    static String line(String text, String contains) {
        return text.lines().filter(l -> l.contains(contains)).reduce((a, b) -> b).orElse("(no line with " + contains + ")");
    }

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int inputs = Integer.parseInt(args.length > 1 ? args[1] : "32");
        Path tmp = Files.createTempDirectory("elmkit-figures");
        boolean latencyOnly = args.length > 4 && args[4].equals("latency-only");
        String external = System.getProperty("figures.bootstrap");
        if (external != null) {
            // A broker in a JVM of its own (`elmkit broker`), as in a deployment: its collector's pauses
            // then stop the broker only, not the publisher, run and consumers too.
            figures(model, inputs, args, tmp, external, latencyOnly);
            return;
        }
        try (EmbeddedBroker broker = EmbeddedBroker.start(tmp.resolve("broker"), 0)) {
            figures(model, inputs, args, tmp, broker.bootstrap(), latencyOnly);
        }
    }

    private static void figures(Path model, int inputs, String[] args, Path tmp, String b, boolean latencyOnly)
        throws Exception {
        if (!latencyOnly) {
            throughput(model, inputs, tmp, b);
        }
        latency(model, inputs, args, b);
    }

    /** publish, run (file and Kafka) and consume rates on 100 streams x 2000 steps. */
    private static void throughput(Path model, int inputs, Path tmp, String b) throws Exception {
        {
            // Throughput: 100 streams x 2000 steps of Poisson spikes (dt 1 ms), 1 neuron per stream.
            EventsFile big = EventsFile.fromDense(PoissonRaster.dense(7, 100, 2000, inputs, 20.0, 1.0), 100, 2000, inputs, 1.0);
            Path bigFile = tmp.resolve("big.npz");
            big.write(bigFile);
            System.out.println("input: 100 streams x 2000 steps x " + inputs + " channels, " + big.size() + " events");
            System.out.println("run file->file (1): " + line(run("--model", model.toString(), "--input",
                bigFile.toString(), "--output", tmp.resolve("ff.npz").toString()), "neuron-steps/s"));
            System.out.println("publish: " + line(elmkit("publish", bigFile.toString(), "--bootstrap", b, "--topic", "big"),
                "records/s"));
            System.out.println("run kafka->kafka: " + line(run("--model", model.toString(), "--input",
                "kafka://" + b + "/big", "--output", "kafka://" + b + "/big-out"), "neuron-steps/s"));
            System.out.println("run file->file (2): " + line(run("--model", model.toString(), "--input",
                bigFile.toString(), "--output", tmp.resolve("ff.npz").toString()), "neuron-steps/s"));
            System.out.println("consume: " + line(elmkit("consume", "--bootstrap", b, "--topic", "big-out", "--output",
                tmp.resolve("k.npz").toString()), "records/s"));
            System.out.println("outputs equal: " + Arrays.equals(
                io.elmkit.io.npy.Npz.read(tmp.resolve("ff.npz")).get("output").toFloatArray(),
                io.elmkit.io.npy.Npz.read(tmp.resolve("k.npz")).get("output").toFloatArray()));

        }
    }

    /** Per step: published -> every stream's input consumed (the Kafka hop alone) and -> every stream's outputs consumed. */
    private static void latency(Path model, int inputs, String[] args, String b) throws Exception {
        {
            // Latency: 10 streams x 10 neurons = 100 neurons, 3000 steps of 1 ms, published paced to the clock.
            int streams = 10;
            double liveDtMs = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
            int steps = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
            EventsFile live = EventsFile.fromDense(PoissonRaster.dense(8, streams, steps, inputs, 20.0, 1.0), streams, steps,
                inputs, liveDtMs);
            // Topics of their own, so that runs against one external broker do not read each other's.
            String in = "live-" + ProcessHandle.current().pid();
            String out = in + "-out";
            long[] runThread = {-1};
            CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
                runThread[0] = Thread.currentThread().getId(); // the engine's thread (--threads 1 for 100 neurons)
                return run("--model", model.toString(), "--input", "kafka://" + b + "/" + in, "--output",
                    "kafka://" + b + "/" + out, "--neurons", "10");
            });
            long[] sent = new long[steps];
            long[] done = new long[steps];
            long[] hop = new long[steps];
            long[] produced = new long[steps];
            CompletableFuture<Void> consumer = arrivals(b, out, streams, done, produced);
            // The one-hop reader is a probe, not part of the pipeline: -Dfigures.hop=false leaves it out (its
            // fetches cost the broker and this JVM CPU that the pipeline's own hops then wait for).
            boolean probeHop = Boolean.parseBoolean(System.getProperty("figures.hop", "true"));
            CompletableFuture<Void> hopConsumer = probeHop ? arrivals(b, in, streams, hop, new long[steps])
                : CompletableFuture.completedFuture(null);
            Thread.sleep(1000); // run and the consumer are waiting for their topics
            // Warm-up left out of the figures: the first sixth of the steps (JIT, first fetches) unless
            // -Dfigures.warm-steps=N says otherwise.
            int warm = Integer.getInteger("figures.warm-steps", steps / 6);
            long[] usage = new long[3];
            try (SpikeTopicWriter w = new SpikeTopicWriter(b, in, 4, true)) {
                SpikePublisher.publish(new EventsFileInput(live, in), null, in, w, true,
                    ProgressMeter.silent("records", -1), (step, nanos) -> {
                        sent[(int) step] = nanos;
                        if (step == warm || step == steps - 1) { // the paced phase after warm-up
                            long[] now = usage(runThread[0]);
                            for (int i = 0; i < now.length; i++) {
                                usage[i] = now[i] - usage[i];
                            }
                        }
                    });
            }
            String runText = run.get();
            consumer.get();
            hopConsumer.get();
            int measured = steps - 1 - warm;
            // Less load-dependent than the latencies: what this JVM spent per step while paced (the collector's pauses follow
            // the allocation; the CPU is what the threads of this JVM take from the machine's cores).
            System.out.printf(Locale.ROOT, "this JVM while paced (steps %d .. %d): %.1f KB allocated per step, %.2f ms"
                + " CPU per step, of which run's engine thread %.1f us%n", warm, steps - 1, usage[0] / 1024.0 / measured,
                usage[1] / 1e6 / measured, usage[2] / 1e3 / measured);
            System.out.println("latency run: " + line(runText, "neuron-steps/s"));
            System.out.printf(Locale.ROOT, "latency per step, 100 neurons (10 streams x 10), %s ms steps, paced, after the"
                + " first %d of %d steps:%n", liveDtMs, warm, steps);
            stage("end to end: published -> outputs of every stream consumed", sent, done, warm);
            if (probeHop) {
                stage("publish -> input consumed by a reader (one Kafka hop)", sent, hop, warm);
            }
            stage("publish -> run sent the outputs (Kafka record time, ms resolution)", sent, produced, warm);
            stage("run sent the outputs -> outputs consumed", produced, done, warm);
            stage("end to end, all steps", sent, done, 0);
            // Where in time the tail lies: the worst step of each window of 1000 steps.
            StringBuilder windows = new StringBuilder("  end to end, max per 1000 steps (ms):");
            for (int w = 0; w < steps; w += 1000) {
                double max = 0;
                for (int t = w; t < Math.min(steps, w + 1000); t++) {
                    max = Math.max(max, (done[t] - sent[t]) / 1e6);
                }
                windows.append(String.format(Locale.ROOT, " %.1f", max));
            }
            System.out.println(windows);
        }
    }

    /** Bytes allocated by this JVM's live threads so far, its CPU time and that of thread {@code runThread} in ns. */
    private static long[] usage(long runThread) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
            .getThreadMXBean();
        long bytes = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            bytes += Math.max(0, a);
        }
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management
            .ManagementFactory.getOperatingSystemMXBean();
        return new long[] {bytes, os.getProcessCpuTime(), threads.getThreadCpuTime(runThread)};
    }

    /** p50, p90, p99 and max of to[t] - from[t] over the steps after the first {@code warm}. */
    private static void stage(String what, long[] from, long[] to, int warm) {
        double[] ms = new double[from.length - warm];
        for (int t = warm; t < from.length; t++) {
            ms[t - warm] = (to[t] - from[t]) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "  %s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", what,
            ms[ms.length / 2], ms[(int) (ms.length * 0.9)], ms[(int) (ms.length * 0.99)], ms[ms.length - 1]);
    }

    /** Reads {@code topic} to its end; at[t] = when the batch of step t of the last of {@code streams} streams arrived. */
    private static CompletableFuture<Void> arrivals(String b, String topic, int streams, long[] at, long[] createdAt) {
        int[] arrived = new int[at.length];
        return CompletableFuture.runAsync(() -> {
            try (SpikeTopicReader reader = new SpikeTopicReader(b, topic, 8192, Duration.ofSeconds(60))) {
                reader.header(Duration.ofSeconds(60));
                while (!reader.allEnded()) {
                    SpikeRecord r = reader.next(100_000_000L);
                    if (r != null && r.kind() == SpikeRecord.Kind.BATCH) {
                        int t = (int) r.batch().step();
                        // the producer's send time of the step's last record, on the nanoTime scale (ms resolution)
                        createdAt[t] = Math.max(createdAt[t], System.nanoTime() + (reader.lastTimestampMs()
                            - System.currentTimeMillis()) * 1_000_000L);
                        if (++arrived[t] == streams) {
                            at[t] = System.nanoTime();
                        }
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
