package io.elmkit.cli.live;

import io.elmkit.io.events.EventsFile;
import io.elmkit.sim.engine.ArrayOutputSink;
import io.elmkit.sim.engine.Engine;
import io.elmkit.sim.engine.EventsFileInput;
import io.elmkit.sim.engine.NeuronSpec;
import io.elmkit.sim.engine.SpikeInput;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live view's cost to the engine, measured in one JVM: the same run (a model over an events
 * file, as {@code elmkit run} sets it up) without {@code --serve}, and with the view serving a
 * connected viewer (an SSE client in this JVM reading every frame), interleaved (alternating which
 * goes first), several times. Prints per repetition neuron-steps per wall second (what `run`
 * reports; noisy on a shared machine) and per CPU second of the engine thread (run with one engine
 * thread: the engine's own work, robust to other load), the medians, and the CPU the view's
 * publisher thread used.
 *
 * <pre>java @etc/jvm.options -cp CLASSPATH io.elmkit.cli.live.LiveViewOverhead MODEL_DIR EVENTS.npz NEURONS_PER_STREAM REPS [THREADS]</pre>
 */
public final class LiveViewOverhead {
    public static void main(String[] args) throws Exception {
        ElmModel model = ModelDirectory.load(Path.of(args[0]));
        EventsFile events = EventsFile.read(Path.of(args[1]));
        int perStream = Integer.parseInt(args[2]);
        int reps = Integer.parseInt(args[3]);
        int threads = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        PrintStream out = System.out;
        LiveView view = LiveView.start("127.0.0.1:0", 0, out);
        HttpClient http = HttpClient.newHttpClient();
        double[][] plain = new double[reps][];
        double[][] viewed = new double[reps][];
        run(model, events, perStream, threads, null); // JIT warm-up, not counted
        run(model, events, perStream, threads, view);
        long publisherCpu0 = publisherCpuNanos();
        double viewedSeconds = 0;
        for (int r = 0; r < reps; r++) {
            if (r % 2 == 0) {
                plain[r] = run(model, events, perStream, threads, null);
            }
            AtomicLong bytes = new AtomicLong();
            HttpResponse<InputStream> viewer = http.send(HttpRequest.newBuilder(URI.create(view.server().url() + "events"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[1 << 16];
                try (InputStream in = viewer.body()) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytes.addAndGet(n);
                    }
                } catch (java.io.IOException e) {
                    // closed after the run
                }
            });
            reader.start();
            while (view.server().clients() == 0) {
                Thread.sleep(5);
            }
            viewed[r] = run(model, events, perStream, threads, view);
            viewedSeconds += viewed[r][2];
            Thread.sleep(150); // the final frame
            viewer.body().close();
            reader.join(2000);
            if (r % 2 == 1) {
                plain[r] = run(model, events, perStream, threads, null);
            }
            out.printf(Locale.ROOT, "rep %d (%s first): neuron-steps/s without view %,.0f, with a viewer %,.0f (%+.1f %%);"
                    + " per engine-thread CPU second %,.0f vs %,.0f (%+.1f %%); %,d bytes of frames read%n", r + 1,
                r % 2 == 0 ? "plain" : "viewed", plain[r][0], viewed[r][0], 100 * (viewed[r][0] / plain[r][0] - 1),
                plain[r][1], viewed[r][1], 100 * (viewed[r][1] / plain[r][1] - 1), bytes.get());
        }
        String[] measures = {"neuron-steps per wall second", "neuron-steps per engine-thread CPU second", null,
            "neuron-steps per process CPU second (all threads: engine, view, viewer, GC)"};
        for (int m : new int[] {0, 1, 3}) {
            double p = median(plain, m);
            double v = median(viewed, m);
            out.printf(Locale.ROOT, "median of %d, %s: without view %,.0f, with a viewer %,.0f: %+.1f %%%n", reps,
                measures[m], p, v, 100 * (v / p - 1));
        }
        out.printf(Locale.ROOT, "publisher thread: %.1f ms CPU per second of viewed run%n",
            (publisherCpuNanos() - publisherCpu0) / 1e6 / viewedSeconds);
        // Where the CPU went, by thread (the engine's is `main`).
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            long ns = mx.getThreadCpuTime(t.getId());
            if (ns > 20_000_000L) {
                out.printf(Locale.ROOT, "  thread %-40s %8.0f ms CPU%n", t.getName(), ns / 1e6);
            }
        }
        view.close();
    }

    private static long publisherCpuNanos() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("elmkit-live-publisher")) {
                return mx.getThreadCpuTime(t.getId());
            }
        }
        return 0;
    }

    /**
     * One run as `elmkit run` sets it up (outputs checked, not kept); returns neuron-steps per wall
     * second, per CPU second of this (the engine's coordinating) thread, and the wall seconds.
     */
    private static double[] run(ElmModel model, EventsFile events, int perStream, int threads, LiveView view) {
        Engine.Options o = Engine.Options.builder().threads(threads).dtMs(events.dtMs).build();
        try (Engine engine = new Engine(o)) {
            SpikeInput source = new EventsFileInput(events, "events");
            int in = engine.addInput(view != null ? view.tap(source) : source);
            int streams = source.numStreams();
            int[][] ids = new int[streams][];
            for (int s = 0; s < streams; s++) {
                ids[s] = engine.addNeurons(new NeuronSpec(model, in, s, null), perStream);
            }
            engine.addSink(new ArrayOutputSink(ids, model.numOutput(), events.numSteps, false));
            if (view != null) {
                view.watch(engine, "overhead", ids, model.numInput(), model.numOutput(), events.dtMs, false);
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long process0 = os.getProcessCpuTime();
            engine.run();
            double cpuS = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double processS = (os.getProcessCpuTime() - process0) / 1e9;
            return new double[] {engine.neuronSteps() / engine.elapsedSeconds(), engine.neuronSteps() / cpuS,
                engine.elapsedSeconds(), engine.neuronSteps() / processS};
        }
    }

    private static double median(double[][] runs, int measure) {
        double[] s = new double[runs.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = runs[i][measure];
        }
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
