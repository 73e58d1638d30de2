package io.elmkit.shd.fetch;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.fetch.BoundedGunzip;
import io.elmkit.io.fetch.Download;
import io.elmkit.io.fetch.Md5;
import io.elmkit.io.fetch.Md5Sums;
import io.elmkit.io.fetch.NoClobber;
import io.elmkit.io.progress.ProgressMeter;
import io.elmkit.io.shd.JhdfShdSamples;
import io.elmkit.io.shd.ShdInputException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gets the Spiking Heidelberg Digits as the reference code does (Zenke lab's {@code get_shd_dataset}:
 * {@code <base>/md5sums.txt}, then {@code shd_train.h5.gz} and {@code shd_test.h5.gz}, each checked
 * against the md5 listed for the {@code .gz}, then gunzipped), and keeps them in a directory:
 *
 * <ul>
 *   <li>{@code shd_train.h5}, {@code shd_test.h5}: the data, each checked to open as an SHD file;</li>
 *   <li>{@code shd_*.h5.fetched}: the md5 of the {@code .gz} it came from and of the {@code .h5}
 *       ({@link FetchRecord}), so a later run reuses the files without downloading them;</li>
 *   <li>while downloading, {@code shd_*.h5.gz.part} and its {@code .source} marker (resumed by the
 *       next run when interrupted, deleted once the {@code .h5} is in place).</li>
 * </ul>
 *
 * A {@code shd_*.h5.gz} already in the directory (downloaded by hand) is used instead of downloading
 * when its md5 is the listed one, and left as it is. Nothing that we did not create is overwritten or
 * deleted: an {@code .h5} without its record, or whose bytes changed since, is an error.
 */
public final class ShdFetcher {
    /** The reference code's base URL (mirror: https://compneuro.net/datasets). */
    public static final String DEFAULT_BASE_URL = "https://zenkelab.org/datasets";
    /** The checksum list at the base URL, in {@code md5sum} format, with the md5 of each {@code .gz}. */
    public static final String MD5SUMS = "md5sums.txt";
    private static final int MD5SUMS_MAX_BYTES = 1 << 20;

    /** The two SHD files. */
    public enum Split {
        TRAIN("shd_train.h5"), TEST("shd_test.h5");

        private final String h5Name;

        Split(String h5Name) {
            this.h5Name = h5Name;
        }

        /** The decompressed file's name, e.g. {@code shd_train.h5}. */
        public String h5Name() {
            return h5Name;
        }

        /** The published file's name, e.g. {@code shd_train.h5.gz}. */
        public String gzName() {
            return h5Name + ".gz";
        }
    }

    /** How a file came to be in place. */
    public enum Outcome {
        /** Downloaded and decompressed now. */
        DOWNLOADED,
        /** Decompressed from a {@code .gz} that was already in the directory. */
        FROM_LOCAL_GZ,
        /** Already there from an earlier run, and unchanged: nothing downloaded. */
        CACHED,
        /** Checked offline against its record. */
        VERIFIED
    }

    /** One file in place. */
    public record Fetched(Split split, Path h5, Outcome outcome, int samples, long bytes) {
    }

    private final Path dir;
    private final URI base;
    private final Download download;
    private final PrintStream log;
    private final long maxBytes;

    /**
     * @param dir      where the files go (created if missing)
     * @param baseUrl  the directory URL holding {@value #MD5SUMS} and the {@code .gz} files
     * @param download the downloader (its progress stream, attempts)
     * @param log      where steps and progress are reported (null: silent)
     * @param maxBytes the most bytes one decompressed file may take (a gzip bomb stops there)
     */
    public ShdFetcher(Path dir, String baseUrl, Download download, PrintStream log, long maxBytes) {
        this.dir = dir;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.download = download;
        this.log = log;
        this.maxBytes = maxBytes;
    }

    /** Fetches (or reuses) each split; stops at the first error, keeping what is complete. */
    public List<Fetched> fetch(List<Split> splits) throws IOException {
        URI sumsUri = base.resolve(MD5SUMS);
        String sumsText;
        try {
            sumsText = download.text(sumsUri, MD5SUMS_MAX_BYTES);
        } catch (InputFormatException e) {
            throw e;
        } catch (IOException e) {
            // Offline with everything in place: the files are checked against their records instead.
            if (splits.stream().allMatch(split -> Files.exists(dir.resolve(split.h5Name()), LinkOption.NOFOLLOW_LINKS))) {
                say(e.getMessage() + "; the files already here are checked against their .fetched records instead");
                return check(splits).stream()
                    .map(f -> new Fetched(f.split(), f.h5(), Outcome.CACHED, f.samples(), f.bytes())).toList();
            }
            throw e;
        }
        Md5Sums sums = Md5Sums.parse(sumsUri.toString(), sumsText);
        Files.createDirectories(dir);
        // Every file already in the directory is checked before anything is downloaded, so that a
        // conflict (a user's file, a changed copy) is reported first, not after a long download.
        List<String> md5s = new ArrayList<>();
        List<Fetched> done = new ArrayList<>();
        for (Split split : splits) {
            String gzMd5 = sums.require(split.gzName());
            md5s.add(gzMd5);
            done.add(existing(split, gzMd5));
        }
        for (int i = 0; i < splits.size(); i++) {
            if (done.get(i) == null) {
                done.set(i, fetch(splits.get(i), md5s.get(i)));
            }
        }
        return done;
    }

    /** Checks, without the network, that each split is in place and unchanged since it was fetched. */
    public List<Fetched> check(List<Split> splits) throws IOException {
        List<Fetched> done = new ArrayList<>();
        for (Split split : splits) {
            Path h5 = dir.resolve(split.h5Name());
            if (!Files.exists(h5, LinkOption.NOFOLLOW_LINKS)) {
                throw new InputFormatException(h5.toString(), "not fetched yet (run elmkit fetch shd"
                    + " without --offline-check)");
            }
            FetchRecord record = recordOf(h5);
            done.add(new Fetched(split, h5, Outcome.VERIFIED, samplesIn(h5, h5.toString()), record.h5Bytes()));
        }
        return done;
    }

    /**
     * The split's {@code .h5} when it is already in place and unchanged; null when it is to be made.
     *
     * @throws InputFormatException for a file in the way that we did not create or that changed
     */
    private Fetched existing(Split split, String gzMd5) throws IOException {
        Path h5 = dir.resolve(split.h5Name());
        if (Files.exists(h5, LinkOption.NOFOLLOW_LINKS)) {
            FetchRecord record = recordOf(h5);
            if (!record.gzMd5().equals(gzMd5)) {
                throw new InputFormatException(h5.toString(), "source md5",
                    gzMd5 + " (listed now in " + MD5SUMS + ")", record.gzMd5()
                        + " (made from another version; move it and its .fetched record away to fetch the new one)");
            }
            return new Fetched(split, h5, Outcome.CACHED, samplesIn(h5, h5.toString()), record.h5Bytes());
        }
        Path localGz = dir.resolve(split.gzName());
        if (Files.exists(localGz, LinkOption.NOFOLLOW_LINKS)) {
            String found = Files.isRegularFile(localGz, LinkOption.NOFOLLOW_LINKS) ? Md5.ofFile(localGz) : "not a regular file";
            if (!found.equals(gzMd5)) {
                throw new InputFormatException(localGz.toString(), "md5", gzMd5 + " (listed in " + MD5SUMS + ")",
                    found + " (not the published file; move it away to download it)");
            }
        }
        return null;
    }

    /** Makes the split's {@code .h5}: from a {@code .gz} already here (checked by {@link #existing}), or downloaded. */
    private Fetched fetch(Split split, String gzMd5) throws IOException {
        URI uri = base.resolve(split.gzName());
        Path localGz = dir.resolve(split.gzName());
        if (Files.exists(localGz, LinkOption.NOFOLLOW_LINKS)) {
            say(localGz + ": md5 ok (already here, kept as it is)");
            return install(split, localGz, localGz.toString(), uri, gzMd5, Outcome.FROM_LOCAL_GZ);
        }
        Path part = dir.resolve(split.gzName() + ".part");
        say("downloading " + uri + " -> " + part);
        download.toPart(uri, part, gzMd5);
        Fetched fetched;
        try {
            fetched = install(split, part, uri.toString(), uri, gzMd5, Outcome.DOWNLOADED);
        } catch (InputFormatException e) {
            // The published bytes themselves are unusable (not SHD, a bomb): keeping them helps nobody.
            // Other failures (a full disk) keep the verified download for the next run.
            Download.discard(part);
            throw e;
        }
        Download.discard(part);
        return fetched;
    }

    /** The record of an existing {@code .h5}, checked against the file's bytes. */
    private static FetchRecord recordOf(Path h5) throws IOException {
        String name = h5.toString();
        if (!Files.isRegularFile(h5, LinkOption.NOFOLLOW_LINKS)) {
            throw new InputFormatException(name, "is a link or not a regular file; elmkit fetch does not follow "
                + "links (move it away, or give it to the commands as it is)");
        }
        FetchRecord record = FetchRecord.read(FetchRecord.pathOf(h5));
        if (record == null) {
            throw new InputFormatException(name, "exists and was not fetched by elmkit (no "
                + FetchRecord.pathOf(h5).getFileName() + " beside it); it is left as it is: use it directly, or move it "
                + "away to fetch the published file");
        }
        long size = Files.size(h5);
        String md5 = size == record.h5Bytes() ? Md5.ofFile(h5) : size + " bytes";
        if (!md5.equals(record.h5Md5())) {
            throw new InputFormatException(name, "md5", record.h5Md5() + " (recorded when it was fetched, "
                + record.h5Bytes() + " bytes)", md5 + " (changed since; delete it and its .fetched record to fetch again)");
        }
        return record;
    }

    /** Decompresses the verified {@code gz} into a temporary file, checks it, and gives it its name. */
    private Fetched install(Split split, Path gz, String source, URI uri, String gzMd5, Outcome outcome)
        throws IOException {
        Path h5 = dir.resolve(split.h5Name());
        Path tmp = NoClobber.newTempFile(dir, split.h5Name());
        try {
            say("decompressing " + split.gzName() + " -> " + h5);
            ProgressMeter progress = log == null ? ProgressMeter.silent("bytes", 0) : ProgressMeter.start("bytes", 0, log);
            BoundedGunzip.Result result = BoundedGunzip.gunzip(gz, source, tmp, maxBytes, progress);
            int samples = samplesIn(tmp, source + " (decompressed)");
            // The record first: an .h5 without a record would be taken for a user's file by the next run.
            new FetchRecord(uri.toString(), gzMd5, result.md5(), result.bytes()).write(FetchRecord.pathOf(h5));
            try {
                NoClobber.publish(tmp, h5);
            } catch (FileAlreadyExistsException e) {
                throw new InputFormatException(h5.toString(), "appeared while it was being fetched; it is left as it is");
            }
            return new Fetched(split, h5, outcome, samples, result.bytes());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Opens {@code file} as an SHD file (structure and labels); its sample count. */
    private static int samplesIn(Path file, String name) throws IOException {
        try (JhdfShdSamples samples = JhdfShdSamples.open(file)) {
            if (samples.size() < 1) {
                throw new InputFormatException(name, "/labels", "at least one sample", "none");
            }
            return samples.size();
        } catch (ShdInputException e) {
            throw new InputFormatException(name, "content", "an SHD HDF5 file",
                e.getMessage().replace(file.toString(), file.getFileName().toString()));
        }
    }

    private void say(String line) {
        if (log != null) {
            log.println(line);
        }
    }
}
