package io.elmkit.cli;

import io.elmkit.cli.options.StandardCommand;
import io.elmkit.cli.options.GroupCommand;
import io.elmkit.io.check.InputLimits;
import io.elmkit.io.fetch.Download;
import io.elmkit.shd.fetch.ShdFetcher;
import io.elmkit.shd.fetch.ShdFetcher.Fetched;
import io.elmkit.shd.fetch.ShdFetcher.Split;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code elmkit fetch}: downloads published data sets, checked against their checksums and cached. */
@Command(name = "fetch", subcommands = {FetchCommand.Shd.class})
final class FetchCommand extends GroupCommand {
    /** {@code elmkit fetch shd}. */
    @Command(name = "shd")
    static final class Shd extends StandardCommand implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR") Path dir;

        @Option(names = "--base-url", paramLabel = "URL", defaultValue = ShdFetcher.DEFAULT_BASE_URL) String baseUrl;

        @Option(names = "--only", paramLabel = "train|test|all", defaultValue = "all") String only;

        @Option(names = "--offline-check") boolean offlineCheck;

        @Override
        public Integer call() throws Exception {
            List<Split> splits = splits(only);
            Path target = dir != null ? dir : defaultDir();
            PrintStream err = System.err;
            ShdFetcher fetcher = new ShdFetcher(target, baseUrl,
                new Download(Download.defaultClient(), err, Download.DEFAULT_ATTEMPTS, Duration.ofSeconds(2)), err,
                InputLimits.MAX_BYTES);
            List<Fetched> fetched = offlineCheck ? fetcher.check(splits) : fetcher.fetch(splits);
            PrintStream out = System.out;
            for (Fetched f : fetched) {
                out.printf(Locale.ROOT, "%s: %s, %d samples, %.1f MB: %s%n", f.split().h5Name(), describe(f.outcome()),
                    f.samples(), f.bytes() / 1e6, f.h5());
            }
            Path train = target.resolve(Split.TRAIN.h5Name());
            Path test = target.resolve(Split.TEST.h5Name());
            out.println("Use them with:");
            out.println("  elmkit train shd-adding --train " + train + " --test " + test + " --out runs/shd-adding");
            out.println("  elmkit shd-adding --shd " + train + " --out pairs.npz");
            return 0;
        }

        static List<Split> splits(String only) {
            switch (only.toLowerCase(Locale.ROOT)) {
                case "all":
                    return List.of(Split.TRAIN, Split.TEST);
                case "train":
                    return List.of(Split.TRAIN);
                case "test":
                    return List.of(Split.TEST);
                default:
                    throw new IllegalArgumentException("--only: expected train, test or all, found " + only);
            }
        }

        /** {@code $ELMKIT_DATA/shd}, else {@code ~/.cache/elmkit/shd}. */
        static Path defaultDir() {
            String data = System.getenv("ELMKIT_DATA");
            if (data != null && !data.isBlank()) {
                return Path.of(data, "shd");
            }
            return Path.of(System.getProperty("user.home"), ".cache", "elmkit", "shd");
        }

        private static String describe(ShdFetcher.Outcome outcome) {
            switch (outcome) {
                case DOWNLOADED:
                    return "downloaded, md5 ok";
                case FROM_LOCAL_GZ:
                    return "decompressed from the .gz already here, md5 ok";
                case CACHED:
                    return "already here and unchanged (nothing downloaded)";
                default:
                    return "unchanged since it was fetched";
            }
        }
    }
}
