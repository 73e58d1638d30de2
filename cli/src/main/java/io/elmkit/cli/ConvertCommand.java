package io.elmkit.cli;

import io.elmkit.io.FileKind;
import io.elmkit.io.event.StepBatch;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.journal.JournalHeader;
import io.elmkit.io.journal.SpikeJournal;
import io.elmkit.io.nd.NdArray;
import io.elmkit.io.npy.Npy;
import io.elmkit.shd.ShdAddingNpzReader;
import io.elmkit.shd.ShdFileEvents;
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
    description = {"Converts spike data between formats.",
        "The kind of IN is read from its content, of OUT from its name:",
        "  NeuronIO pickle (.p, .p.gz) -> trace .npz (events plus soma_mv and output",
        "      spikes; see l5pc-bridge)",
        "  SHD .h5 (either layout) -> events .npz or journal DIR: steps by the",
        "      reference binning at --dt-ms, every spike one event of value 1 with its",
        "      time_s; num_steps from the data unless --duration-ms (as `elmkit run`)",
        "  SHD-Adding .npz (elmkit shd-adding) -> events .npz, journal DIR or dense",
        "      .npy (value = spike count, dt_ms = its bin_ms)",
        "  events .npz <-> journal DIR (a directory name without extension;",
        "      stream id = sample; time_s kept)",
        "  dense .npy (T, C) or (B, T, C) -> events .npz (each non-zero entry one event)",
        "  events .npz -> dense .npy (B, T, C) float32 (a step's values per channel add)."},
    footer = {"", "Examples:",
        "  elmkit convert shd_test.h5 shd_test_10ms.npz --dt-ms 10",
        "      (for a model trained at delta_t = 10 ms)",
        "  elmkit convert pairs.npz pairs_events.npz",
        "      (an SHD-Adding archive as an events file)",
        "  elmkit convert raster.npy events.npz --dt-ms 0.5"})
final class ConvertCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN", description = "File or journal directory to read (kind from its content).")
    Path in;
    @Parameters(index = "1", paramLabel = "OUT", description = "Where to write: .npz, .npy, or a directory name without extension (journal).")
    Path out;
    @Option(names = "--dt-ms", defaultValue = "1.0", paramLabel = "D",
        description = "Step length in ms of the events written from an SHD .h5 or a dense .npy (default: ${DEFAULT-VALUE};"
            + " SHD times are continuous, so pick the delta_t of the model that will read them).")
    double dtMs;
    @Option(names = "--duration-ms", paramLabel = "MS",
        description = "SHD .h5 only: steps = the reference binning of MS ms, spikes at or after it dropped (default: from the"
            + " data, the latest spike's step + 1; 1000 reproduces the reference's 1 s cut per digit).")
    Double durationMs;

    @Override
    public Integer call() throws Exception {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String o = out.getFileName().toString();
        FileKind kind = FileKind.of(in);
        boolean toJournal = !o.contains(".");
        boolean inputDirectory = kind == FileKind.JOURNAL_DIR || kind == FileKind.DIRECTORY;
        if (durationMs != null && kind != FileKind.HDF5) {
            throw new IllegalArgumentException("--duration-ms: applies to SHD .h5 input only; " + in + " is " + kind.describe());
        }
        // By content; a file of no known kind named like a pickle goes to the NeuronIO reader, which says what is wrong.
        boolean pickle = kind == FileKind.PICKLE || kind == FileKind.GZIP
            || (kind == FileKind.UNKNOWN || kind == FileKind.TEXT || kind == FileKind.EMPTY) && isPickle(in.getFileName().toString());
        if (pickle && o.endsWith(".npz")) {
            neuronioToTraces();
        } else if (kind == FileKind.HDF5 && (o.endsWith(".npz") || toJournal)) {
            shdToEvents(toJournal);
        } else if (kind == FileKind.NPZ && toJournal) {
            eventsToJournal();
        } else if (inputDirectory && o.endsWith(".npz")) {
            journalToEvents();
        } else if (kind == FileKind.NPY && o.endsWith(".npz")) {
            rasterToEvents();
        } else if (kind == FileKind.NPZ && o.endsWith(".npy")) {
            eventsToRaster();
        } else if (kind == FileKind.NPZ && o.endsWith(".npz") && ShdInputs.isShdAddingNpz(in)) {
            EventsFile pairs = ShdAddingNpzReader.read(in);
            pairs.write(out);
            System.err.printf("wrote %s: %d pairs, %d events, %d steps of %s ms%n", out, pairs.numSamples(), pairs.size(),
                pairs.numSteps, ShdInputs.ms(pairs.dtMs));
        } else {
            throw ShdInputs.wrongKind(in, kind, "convert reads NeuronIO pickles (.p, .p.gz) to .npz, SHD .h5 to .npz or a"
                + " journal directory, SHD-Adding .npz to .npz, .npy or a journal, events .npz to .npy or a journal, dense .npy"
                + " to .npz, a journal directory to .npz (OUT " + out.getFileName() + "; see --help)");
        }
        return 0;
    }

    private static boolean isPickle(String name) {
        String n = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return n.endsWith(".p") || n.endsWith(".pkl") || n.endsWith(".pickle");
    }

    /**
     * NeuronIO pickle (plain or .gz) -> our trace file, which is an events file of docs/formats.md
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
        // The same reading as `elmkit run` (ShdFileEvents): checked values, duration from the data.
        EventsFile f = ShdFileEvents.read(in, dtMs, durationMs, ShdFileEvents.Values.SPIKES);
        if (toJournal) {
            writeJournal(f);
        } else {
            f.write(out);
        }
        System.err.printf("wrote %s: %d samples, %d spikes, %d steps of %s ms%n", out, f.numSamples(), f.size(), f.numSteps,
            ShdInputs.ms(dtMs));
    }

    /** An events file, or the pairs of an SHD-Adding archive as one. */
    private EventsFile readEventsNpz() throws Exception {
        return ShdInputs.isShdAddingNpz(in) ? ShdAddingNpzReader.read(in) : EventsFile.read(in);
    }

    private void eventsToJournal() throws Exception {
        writeJournal(readEventsNpz());
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
        // num_steps 0 in a journal header means "not known when writing" (a live stream): the events decide.
        long numSteps = h.numSteps();
        if (numSteps == 0) {
            for (long s : step) {
                numSteps = Math.max(numSteps, s + 1);
            }
            if (numSteps == 0) {
                throw new io.elmkit.io.check.InputFormatException(in.toString(), "num_steps",
                    "the header leaves it open (0) and the journal holds no events, so the length of its streams is unknown");
            }
        }
        EventsFile f = new EventsFile(sample, step, channel, value, h.dtMs(), h.numChannels(), numSteps, timeS, labels);
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
        io.elmkit.io.check.Checks.requireFinite(in.toString(), "data", v);
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
        EventsFile f = readEventsNpz();
        long batch = f.numSamples();
        // EventsFile.read bounded each factor; the product is checked without overflow before allocating.
        long size = io.elmkit.io.check.Checks.elementCount(in.toString(), "samples x num_steps x num_channels",
            new long[] {batch, f.numSteps, f.numChannels}, io.elmkit.io.check.InputLimits.MAX_ARRAY_ELEMENTS);
        float[] x = new float[(int) size];
        for (int i = 0; i < f.size(); i++) {
            x[(int) ((f.sample[i] * f.numSteps + f.step[i]) * f.numChannels + f.channel[i])] += f.value[i];
        }
        Npy.write(out, NdArray.ofFloats(x, (int) batch, (int) f.numSteps, (int) f.numChannels));
        System.err.printf("wrote %s (%d, %d, %d)%n", out, batch, f.numSteps, f.numChannels);
    }
}
