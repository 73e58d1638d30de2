package io.elmkit.cli.live;

import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * The live-view options, {@code --serve} and {@code --serve-linger-s}, defined once for every
 * command that can be watched ({@code run}, {@code demo}, {@code flink}: a picocli {@code @Mixin}).
 */
public final class LiveViewOptions {
    @Option(names = "--serve", paramLabel = "[HOST:]PORT") String serve;

    @Option(names = "--serve-linger-s", defaultValue = "60", paramLabel = "S") double serveLingerS;

    /** The live view asked for, listening and its address printed to {@code err}; null without {@code --serve}. */
    public LiveView startIfAsked(PrintStream err) throws IOException {
        return serve == null ? null : LiveView.start(serve, serveLingerS, err);
    }
}
