package io.elmkit.cli;

import io.elmkit.io.shd.JhdfShdSamples;

import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.journal.JournalHeader;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.shd.ReferenceBinning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code elmkit convert IN OUT}: between SHD .h5, events .npz, journals and dense .npy rasters. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = {"Converts spike data; the kind of IN and OUT is taken from their names:",
        "  NeuronIO pickle (.p, .p.gz) -> trace .npz (an events file plus soma_mv and output spikes; see l5pc-bridge)",
        "  SHD .h5 -> events .npz or journal DIR          (steps by the reference binning with --dt-ms, every spike kept, time_s as stored)",
        "  events .npz <-> journal DIR     (a directory without extension; stream id = sample; time_s kept)",
        "  dense .npy (T, C) or (B, T, C) -> events .npz (every non-zero entry one event)",
        "  events .npz -> dense .npy (B, T, C) float32 (values of one step and channel add up)"})
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN") Path in;
    @Parameters(index = "1", paramLabel = "OUT") Path out;
    @Option(names = "--dt-ms", defaultValue = "1.0", description = "Step length in ms (default: ${DEFAULT-VALUE}).")
    double dtMs;

    @Override
    public Integer call() throws Exception {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String i = in.getFileName().toString();
        String o = out.getFileName().toString();
        if (isPickle(i) && o.endsWith(".npz")) {
            neuronioToTraces();
        } else if (i.endsWith(".h5") && (o.endsWith(".npz") || !o.contains("."))) {
            shdToEvents(!o.endsWith(".npz"));
        } else if (i.endsWith(".npz") && !o.contains(".")) {
            eventsToJournal();
        } else if (Files.isDirectory(in) && o.endsWith(".npz")) {
            journalToEvents();
        } else if (i.endsWith(".npy") && o.endsWith(".npz")) {
            rasterToEvents();
        } else if (i.endsWith(".npz") && o.endsWith(".npy")) {
            eventsToRaster();
        } else {
            throw new IllegalArgumentException("cannot convert " + in + " to " + out + ": supported are .h5 -> .npz,"
                + " .h5 -> journal directory, .p[.gz] -> .npz, .npz <-> journal directory, .npy -> .npz, .npz -> .npy (see --help)");
        }
        return 0;
    }

    private static boolean isPickle(String name) {
        String n = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return n.endsWith(".p") || n.endsWith(".pkl") || n.endsWith(".pickle");
    }

    /**
     * NeuronIO pickle (plain or .gz) -> our trace file, which is an events file of spec section 5
     * (sample = simulation, step = ms, channel 0..S-1 excitatory +1, S..2S-1 inhibitory -1) plus
     * soma_mv and output spikes, so `elmkit run` and `eval-neuronio`/`fit-neuronio` all take it.
     */
    private void neuronioToTraces() throws Exception {
        java.util.List<io.elmkit.l5pc.neuronio.NeuronioSimulation> sims = new java.util.ArrayList<>();
        long bytes = Files.size(in);
        long t0 = System.nanoTime();
        io.elmkit.l5pc.neuronio.NeuronioFile file = io.elmkit.l5pc.neuronio.NeuronioFile.read(in, sims::add);
        double seconds = (System.nanoTime() - t0) / 1e9;
        io.elmkit.l5pc.neuronio.TraceFile.write(out, sims);
        long spikes = 0;
        for (var sim : sims) {
            spikes += sim.inputSpikeCount();
        }
        System.err.printf(java.util.Locale.ROOT, "wrote %s: %d simulations x %d ms, %d segments (%d channels), %,d input"
                + " spikes (parsed %.1f MB in %.2f s)%n", out, sims.size(), sims.isEmpty() ? 0 : sims.get(0).durationMs(),
            file.numSegments(), 2 * file.numSegments(), spikes, bytes / 1e6, seconds);
    }

    private void shdToEvents(boolean toJournal) throws Exception {
        JhdfShdSamples shd = JhdfShdSamples.read(in);
        double maxTime = 0;
        long total = 0;
        for (int s = 0; s < shd.size(); s++) {
            for (float t : shd.timesSeconds(s)) {
                maxTime = Math.max(maxTime, t);
            }
            total += shd.units(s).length;
        }
        // Reference edges up past the last spike, so every spike is kept.
        double stepS = dtMs / 1000.0;
        ReferenceBinning binning = ReferenceBinning.of(dtMs, (Math.floor(maxTime / stepS) + 2) * stepS);
        int n = Math.toIntExact(total);
        long[] sample = new long[n];
        long[] step = new long[n];
        int[] channel = new int[n];
        float[] value = new float[n];
        double[] time = new double[n];
        Integer[] order = new Integer[n];
        int e = 0;
        long lastStep = -1;
        for (int s = 0; s < shd.size(); s++) {
            float[] t = shd.timesSeconds(s);
            int[] u = shd.units(s);
            for (int k = 0; k < t.length; k++) {
                sample[e] = s;
                step[e] = binning.binOf(t[k]);
                channel[e] = u[k];
                value[e] = 1f;
                time[e] = t[k];
                lastStep = Math.max(lastStep, step[e]);
                order[e] = e;
                e++;
            }
        }
        Arrays.sort(order, (a, b) -> {
            int c = Long.compare(sample[a], sample[b]);
            if (c == 0) {
                c = Long.compare(step[a], step[b]);
            }
            if (c == 0) {
                c = Integer.compare(channel[a], channel[b]);
            }
            return c != 0 ? c : Integer.compare(a, b);
        });
        long[] labels = new long[shd.size()];
        for (int s = 0; s < labels.length; s++) {
            labels[s] = shd.label(s);
        }
        EventsFile f = new EventsFile(permute(sample, order), permute(step, order), permute(channel, order),
            permute(value, order), dtMs, shd.numChannels(), lastStep + 1, permute(time, order), labels);
        if (toJournal) {
            writeJournal(f);
        } else {
            f.write(out);
        }
        System.err.printf("wrote %s: %d samples, %d spikes, %d steps of %.3f ms%n", out, shd.size(), n, lastStep + 1, dtMs);
    }

    private void eventsToJournal() throws Exception {
        writeJournal(EventsFile.read(in));
    }

    private void writeJournal(EventsFile f) throws Exception {
        try (SpikeJournal j = SpikeJournal.create(out, new JournalHeader((int) f.numChannels, f.dtMs, f.numSteps,
                "converted from " + in.getFileName()))) {
            if (f.labels != null) {
                j.appendLabels(f.labels);
            }
            StepBatch batch = new StepBatch();
            int i = 0;
            while (i < f.size()) {
                batch.reset((int) f.sample[i], f.step[i]);
                int start = i;
                while (i < f.size() && f.sample[i] == f.sample[start] && f.step[i] == f.step[start]) {
                    if (f.timeS != null) {
                        batch.add(f.channel[i], f.value[i], f.timeS[i]);
                    } else {
                        batch.add(f.channel[i], f.value[i]);
                    }
                    i++;
                }
                j.append(batch);
            }
        }
        System.err.printf("wrote journal %s: %d events%n", out, f.size());
    }

    private void journalToEvents() throws Exception {
        List<long[]> rows = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        List<Double> times = new ArrayList<>();
        JournalHeader h;
        long[] labels;
        try (SpikeJournal j = SpikeJournal.open(in)) {
            h = j.header();
            labels = j.labels();
            j.replay((index, b) -> {
                // time_s is all-or-nothing in an events file: every non-empty batch must agree with the first
                if (b.size() > 0 && !rows.isEmpty() && b.hasTimes() != !times.isEmpty()) {
                    throw new IllegalArgumentException(in + ": record " + index + " (stream " + b.streamId() + ", step "
                        + b.step() + "): time_s: expected " + (times.isEmpty() ? "no times" : "times") + " as in the records before, found "
                        + (b.hasTimes() ? "times" : "none"));
                }
                for (int k = 0; k < b.size(); k++) {
                    rows.add(new long[] {b.streamId(), b.step(), b.channel(k), values.size()});
                    values.add(b.value(k));
                    if (b.hasTimes()) {
                        times.add(b.timeS(k));
                    }
                }
            });
            if (j.endingWarning() != null) {
                System.err.println("warning: " + j.endingWarning());
            }
        }
        // A journal may be in time order (recorded live, or written by `elmkit run`): sort stably by
        // sample, step, channel as the events layout requires.
        rows.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
            : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        int n = rows.size();
        long[] sample = new long[n];
        long[] step = new long[n];
        int[] channel = new int[n];
        float[] value = new float[n];
        for (int k = 0; k < n; k++) {
            sample[k] = rows.get(k)[0];
            step[k] = rows.get(k)[1];
            channel[k] = (int) rows.get(k)[2];
            value[k] = values.get((int) rows.get(k)[3]);
        }
        double[] timeS = null;
        if (!times.isEmpty()) {
            timeS = new double[n];
            for (int k = 0; k < n; k++) {
                timeS[k] = times.get((int) rows.get(k)[3]);
            }
        }
        EventsFile f = new EventsFile(sample, step, channel, value, h.dtMs(), h.numChannels(), h.numSteps(), timeS, labels);
        f.validate(in.toString());
        f.write(out);
        System.err.printf("wrote %s: %d events%n", out, n);
    }

    private void rasterToEvents() throws Exception {
        NdArray x = Npy.read(in);
        int[] shape = x.shape();
        if (shape.length != 2 && shape.length != 3) {
            throw new IllegalArgumentException(in + ": shape " + Arrays.toString(shape) + ": expected (T, C) or (B, T, C)");
        }
        int batch = shape.length == 3 ? shape[0] : 1;
        int steps = shape[shape.length - 2];
        int channels = shape[shape.length - 1];
        float[] v = x.toFloatArray();
        int n = 0;
        for (float f : v) {
            n += f != 0f ? 1 : 0;
        }
        long[] sample = new long[n];
        long[] step = new long[n];
        int[] channel = new int[n];
        float[] value = new float[n];
        int e = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0f) {
                sample[e] = i / (steps * channels);
                step[e] = (i / channels) % steps;
                channel[e] = i % channels;
                value[e] = v[i];
                e++;
            }
        }
        new EventsFile(sample, step, channel, value, dtMs, channels, steps, null, null).write(out);
        System.err.printf("wrote %s: %d samples x %d steps x %d channels, %d events%n", out, batch, steps, channels, n);
    }

    private void eventsToRaster() throws Exception {
        EventsFile f = EventsFile.read(in);
        long batch = f.numSamples();
        long size = batch * f.numSteps * f.numChannels;
        if (f.numSteps <= 0 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(in + ": num_steps " + f.numSteps + " x " + batch + " samples x "
                + f.numChannels + " channels does not fit one dense array");
        }
        float[] x = new float[(int) size];
        for (int i = 0; i < f.size(); i++) {
            x[(int) ((f.sample[i] * f.numSteps + f.step[i]) * f.numChannels + f.channel[i])] += f.value[i];
        }
        Npy.write(out, NdArray.ofFloats(x, (int) batch, (int) f.numSteps, (int) f.numChannels));
        System.err.printf("wrote %s (%d, %d, %d)%n", out, batch, f.numSteps, f.numChannels);
    }

    private static long[] permute(long[] a, Integer[] order) {
        long[] o = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[order[i]];
        }
        return o;
    }

    private static int[] permute(int[] a, Integer[] order) {
        int[] o = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[order[i]];
        }
        return o;
    }

    private static float[] permute(float[] a, Integer[] order) {
        float[] o = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[order[i]];
        }
        return o;
    }

    private static double[] permute(double[] a, Integer[] order) {
        double[] o = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            o[i] = a[order[i]];
        }
        return o;
    }
}
