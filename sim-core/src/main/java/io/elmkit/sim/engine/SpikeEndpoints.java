package io.elmkit.sim.engine;

import java.io.IOException;
import java.net.URI;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Engine inputs and outputs named by a URI ({@code kafka://HOST:PORT/TOPIC}) rather than a file,
 * served by a provider on the class path (META-INF/services/io.elmkit.sim.engine.SpikeEndpoints):
 * {@code elmkit run} stays free of the libraries behind them, which live in jars of their own.
 */
public interface SpikeEndpoints {
    /**
     * The query parameter of an endpoint URI that names its client settings file
     * ({@code kafka://HOST:PORT/TOPIC?config=FILE}): written by the CLI's {@code --kafka-config},
     * read by the pipeline's providers.
     */
    String CONFIG_PARAMETER = "config";

    /** The URI scheme served, e.g. {@code kafka}. */
    String scheme();

    /** The input behind {@code uri}; it reads the stream count, channels and dt before it returns. */
    SpikeInput input(URI uri) throws IOException;

    /** A sink that sends the outputs of {@code target}'s neurons to {@code uri}. */
    OutputSink output(URI uri, OutputTarget target) throws IOException;

    /**
     * What a failure's one error line ends with to say where this provider's clients logged (e.g.
     * {@code "; log: FILE"}), asked when the line is written; "" (the default) for nothing.
     */
    default String errorLineNote() {
        return "";
    }

    /**
     * What an output sink writes: per stream b the outputs of its neurons {@code neurons[b]} (ids,
     * the same count for every stream; stream = sample), steps of {@code dtMs}; {@code numSteps} -1
     * when unknown; {@code labels} per stream or null; spikes of those neurons when {@code spikes}.
     */
    record OutputTarget(int[][] neurons, int numOutput, double dtMs, long numSteps, long[] labels, boolean spikes,
                        String description) {
    }

    /** Text that names an endpoint ({@code scheme://...}) rather than a file. */
    Pattern URI_TEXT = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

    /** True when {@code text} is {@code scheme://...} (a file path never is). */
    static boolean isUri(String text) {
        return text != null && URI_TEXT.matcher(text).matches();
    }

    /** The parsed URI; a malformed one is an IllegalArgumentException naming the option. */
    static URI parse(String option, String text) {
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(option + ": not a valid URI: " + text + " (" + e.getReason() + ")");
        }
    }

    /** The provider of {@code uri}'s scheme on the class path. */
    static SpikeEndpoints forUri(String option, URI uri) {
        for (SpikeEndpoints e : ServiceLoader.load(SpikeEndpoints.class, SpikeEndpoints.class.getClassLoader())) {
            if (e.scheme().equalsIgnoreCase(uri.getScheme())) {
                return e;
            }
        }
        throw new IllegalArgumentException(option + ": no provider of " + uri.getScheme() + ":// endpoints on the"
            + " class path (" + uri + "): they come with elmkit-pipeline.jar, which the elmkit launcher picks for"
            + " kafka:// arguments");
    }
}
