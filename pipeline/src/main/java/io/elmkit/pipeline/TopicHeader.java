package io.elmkit.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.elmkit.io.check.Checks;
import io.elmkit.io.check.InputFormatException;
import io.elmkit.io.check.InputLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The header record of a spike topic: a JSON object {@code {"format": "elmkit-spikes", "version": 1,
 * "content": "events"|"outputs", "num_streams", "num_channels", "dt_ms", "num_steps" (-1: unknown,
 * a live source), "labels" (per stream, optional), "source", "neurons" (outputs only; absent: 1)}}.
 * For outputs, a stream is a sample, num_channels is the model's num_output and {@code neurons} the
 * neurons listening to each stream: a batch holds all of them, channel {@code j * num_channels + k}
 * = output k of neuron j.
 */
public record TopicHeader(String content, int numStreams, int numChannels, double dtMs, long numSteps, long[] labels,
                          String source, int neurons) {
    /** The {@code format} every header holds. */
    public static final String FORMAT = "elmkit-spikes";
    /** The {@code version} this code writes and reads. */
    public static final int VERSION = 1;
    /** {@code content} of a topic of spike events. */
    public static final String EVENTS = "events";
    /** {@code content} of a topic of model outputs. */
    public static final String OUTPUTS = "outputs";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Neurons per stream of an outputs topic at most (channels of a batch: neurons x num_channels). */
    public static final int MAX_NEURONS = 1 << 16;

    /** Requires a content and, when labels are given, one label per stream. */
    public TopicHeader {
        Objects.requireNonNull(content, "content");
        if (neurons < 1 || neurons > MAX_NEURONS || (neurons != 1 && !OUTPUTS.equals(content))) {
            throw new IllegalArgumentException("neurons: expected 1 .. " + MAX_NEURONS + " (1 for events), found " + neurons);
        }
        if (labels != null && labels.length != numStreams) {
            throw new IllegalArgumentException("labels: " + labels.length + " for " + numStreams + " streams");
        }
    }

    /** A header of one neuron per stream (every spike topic; outputs of one neuron). */
    public TopicHeader(String content, int numStreams, int numChannels, double dtMs, long numSteps, long[] labels,
                       String source) {
        this(content, numStreams, numChannels, dtMs, numSteps, labels, source, 1);
    }

    /** Channels of one batch: every neuron's num_channels. */
    public int batchChannels() {
        return neurons * numChannels;
    }

    /** The header as the JSON value of a header record (UTF-8). */
    public byte[] toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("content", content);
        o.put("num_streams", numStreams);
        o.put("num_channels", numChannels);
        o.put("dt_ms", dtMs);
        o.put("num_steps", numSteps);
        if (labels != null) {
            ArrayNode a = o.putArray("labels");
            for (long l : labels) {
                a.add(l);
            }
        }
        o.put("source", source == null ? "" : source);
        if (neurons != 1) {
            o.put("neurons", neurons);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses and checks a header record's value; {@code where} names the topic in errors. */
    public static TopicHeader fromJson(String where, byte[] json) throws InputFormatException {
        if (json == null || json.length > (1 << 26)) {
            throw new InputFormatException(where, "header record", "a JSON object up to 64 MiB",
                json == null ? "no value" : json.length + " bytes");
        }
        JsonNode o;
        try {
            o = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InputFormatException(where, "header record", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InputFormatException(where, "header record", "unreadable: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new InputFormatException(where, "header record", "a JSON object", o == null ? "nothing" : o.getNodeType().toString());
        }
        if (!FORMAT.equals(o.path("format").asText(null))) {
            throw new InputFormatException(where, "format", "\"" + FORMAT + "\"", String.valueOf(o.get("format")));
        }
        if (o.path("version").asInt(-1) != VERSION) {
            throw new InputFormatException(where, "version", Integer.toString(VERSION), String.valueOf(o.get("version")));
        }
        String content = o.path("content").asText("");
        if (!content.equals(EVENTS) && !content.equals(OUTPUTS)) {
            throw new InputFormatException(where, "content", "\"events\" or \"outputs\"", String.valueOf(o.get("content")));
        }
        int streams = Checks.toInt(where, "num_streams", number(where, o, "num_streams"), 0, (int) InputLimits.MAX_STREAMS);
        int channels = Checks.toInt(where, "num_channels", number(where, o, "num_channels"), 1,
            (int) InputLimits.MAX_CHANNELS);
        double dtMs = o.path("dt_ms").isNumber() ? o.get("dt_ms").asDouble() : Double.NaN;
        if (!(dtMs > 0) || Double.isInfinite(dtMs)) {
            throw new InputFormatException(where, "dt_ms", "a finite number > 0", String.valueOf(o.get("dt_ms")));
        }
        long steps = Checks.inRange(where, "num_steps", number(where, o, "num_steps"), -1, InputLimits.MAX_STEPS);
        long[] labels = null;
        JsonNode l = o.get("labels");
        if (l != null && !l.isNull()) {
            if (!l.isArray() || l.size() != streams) {
                throw new InputFormatException(where, "labels", "an array of num_streams = " + streams + " integers",
                    l.isArray() ? l.size() + " entries" : l.getNodeType().toString());
            }
            labels = new long[streams];
            for (int i = 0; i < streams; i++) {
                if (!l.get(i).canConvertToLong() || !l.get(i).isIntegralNumber()) {
                    throw new InputFormatException(where, "labels[" + i + "]", "an integer", l.get(i).toString());
                }
                labels[i] = l.get(i).asLong();
            }
        }
        int neurons = 1;
        if (o.has("neurons")) {
            neurons = Checks.toInt(where, "neurons", number(where, o, "neurons"), 1, content.equals(OUTPUTS) ? MAX_NEURONS : 1);
            Checks.inRange(where, "neurons x num_channels", (long) neurons * channels, 1, InputLimits.MAX_CHANNELS);
        }
        return new TopicHeader(content, streams, channels, dtMs, steps, labels, o.path("source").asText(""), neurons);
    }

    private static long number(String where, JsonNode o, String field) throws InputFormatException {
        JsonNode n = o.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new InputFormatException(where, field, "an integer", n == null ? "absent" : n.toString());
        }
        return n.asLong();
    }

    /** Same recording: every field but the source equal (each partition carries a copy of the header). */
    public boolean sameAs(TopicHeader o) {
        return content.equals(o.content) && numStreams == o.numStreams && numChannels == o.numChannels
            && Double.compare(dtMs, o.dtMs) == 0 && numSteps == o.numSteps && Arrays.equals(labels, o.labels)
            && neurons == o.neurons;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: %d streams x %d channels, dt %s ms, %s steps%s", content,
            numStreams, numChannels, java.math.BigDecimal.valueOf(dtMs).stripTrailingZeros().toPlainString(),
            numSteps < 0 ? "unknown" : Long.toString(numSteps), labels != null ? ", labelled" : "")
            + (neurons != 1 ? ", " + neurons + " neurons per stream" : "");
    }
}
