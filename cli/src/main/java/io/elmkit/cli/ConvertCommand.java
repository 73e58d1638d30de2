package io.elmkit.cli;

import picocli.CommandLine.Mixin;
import io.elmkit.cli.options.ShdCutOption;
import io.elmkit.cli.options.StandardCommand;
import io.elmkit.io.FileKind;
import io.elmkit.io.OutputPaths;
import io.elmkit.io.events.DenseRaster;
import io.elmkit.io.events.EventsFile;
import io.elmkit.io.journal.JournalEvents;
import io.elmkit.io.shd.ShdAddingNpzReader;
import io.elmkit.io.shd.ShdFileEvents;
import io.elmkit.l5pc.neuronio.TraceFile;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code elmkit convert IN OUT}: between SHD .h5, events .npz, journals and dense .npy rasters. The
 * conversions are library calls in the modules of their formats (spike-io's {@link EventsFile},
 * {@link DenseRaster}, {@link JournalEvents}; shd-adding's readers; l5pc-bridge's {@link TraceFile});
 * this command picks one from IN's content ({@link FileKind}) and OUT's name.
 */
@Command(name = "convert")
final class ConvertCommand extends StandardCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "IN") Path in;
    @Parameters(index = "1", paramLabel = "OUT") Path out;
    @Option(names = "--dt-ms", defaultValue = "1.0", paramLabel = "D", descriptionKey = "convert.dt-ms") double dtMs;
    @Mixin ShdCutOption cut;

    /** What OUT names: the format to write. */
    private enum Target {
        EVENTS_NPZ, DENSE_NPY, JOURNAL, OTHER;

        /** .npz, .npy, or a journal directory: a name without an extension (as the help says). */
        static Target of(Path out) {
            String name = out.getFileName().toString();
            if (name.endsWith(".npz")) {
                return EVENTS_NPZ;
            }
            if (name.endsWith(".npy")) {
                return DENSE_NPY;
            }
            return name.indexOf('.') < 0 ? JOURNAL : OTHER;
        }
    }

    @Override
    public Integer call() throws Exception {
        OutputPaths.createParent(out);
        FileKind kind = FileKind.of(in);
        Target target = Target.of(out);
        Double durationMs = cut.durationMs();
        if (durationMs != null && kind != FileKind.HDF5) {
            throw new IllegalArgumentException("--duration-ms: applies to SHD .h5 input only; " + in + " is " + kind.describe());
        }
        // By content; a file of no known kind named like a pickle goes to the NeuronIO reader, which says what is wrong.
        boolean pickle = kind == FileKind.PICKLE || kind == FileKind.GZIP
            || (kind == FileKind.UNKNOWN || kind == FileKind.TEXT || kind == FileKind.EMPTY) && isPickle(in.getFileName().toString());
        boolean journalIn = kind == FileKind.JOURNAL_DIR || kind == FileKind.DIRECTORY;
        if (pickle && target == Target.EVENTS_NPZ) {
            TraceFile.Conversion c = TraceFile.convert(in, out);
            System.err.printf(Locale.ROOT, "wrote %s: %d simulations x %d ms, %d segments (%d channels), %,d input"
                    + " spikes (parsed %.1f MB in %.2f s)%n", out, c.simulations(), c.durationMs(), c.segments(),
                2 * c.segments(), c.inputSpikes(), c.pickleBytes() / 1e6, c.parseSeconds());
        } else if (kind == FileKind.HDF5 && (target == Target.EVENTS_NPZ || target == Target.JOURNAL)) {
            // The same reading as `elmkit run` (ShdFileEvents): checked values, duration from the data.
            EventsFile f = ShdFileEvents.read(in, dtMs, durationMs, ShdFileEvents.Values.SPIKES);
            write(f, target);
            System.err.printf("wrote %s: %d samples, %d spikes, %d steps of %s ms%n", out, f.numSamples(), f.size(), f.numSteps,
                ShdInputs.ms(dtMs));
        } else if (kind == FileKind.NPZ && target == Target.JOURNAL) {
            EventsFile f = ShdAddingNpzReader.readEventsOrPairs(in);
            write(f, target);
            System.err.printf("wrote journal %s: %d events%n", out, f.size());
        } else if (journalIn && target == Target.EVENTS_NPZ) {
            EventsFile f = JournalEvents.read(in, warning -> System.err.println("warning: " + warning));
            f.write(out);
            System.err.printf("wrote %s: %d events%n", out, f.size());
        } else if (kind == FileKind.NPY && target == Target.EVENTS_NPZ) {
            EventsFile f = DenseRaster.readEvents(in, dtMs);
            f.write(out);
            System.err.printf("wrote %s: %d samples x %d steps x %d channels, %d events%n", out, f.numSamples(), f.numSteps,
                f.numChannels, f.size());
        } else if (kind == FileKind.NPZ && target == Target.DENSE_NPY) {
            int[] shape = DenseRaster.write(ShdAddingNpzReader.readEventsOrPairs(in), out, in.toString());
            System.err.printf("wrote %s (%d, %d, %d)%n", out, shape[0], shape[1], shape[2]);
        } else if (kind == FileKind.NPZ && target == Target.EVENTS_NPZ && ShdAddingNpzReader.isShdAdding(in)) {
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

    /** Events to OUT: an events .npz, or a journal directory noting where they came from. */
    private void write(EventsFile f, Target target) throws Exception {
        if (target == Target.JOURNAL) {
            JournalEvents.write(f, out, "converted from " + in.getFileName());
        } else {
            f.write(out);
        }
    }
}
