package io.elmkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmkit.io.check.InputFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code run --spike-threshold-from EVAL.json[:fp=RATE]}: the threshold on p(spike) that
 * {@code eval-neuronio --json} wrote in {@code decision_thresholds}: by default the one that fires
 * NEURON's number of spikes ({@code neuron_rate}), with {@code :fp=0.0025} the one at that false
 * positive rate ({@code at_fp_rate}).
 */
final class SpikeThresholdFile {
    /** A threshold and the refractory steps it was matched with (null for an FP-rate threshold). */
    record Choice(double threshold, Integer refractorySteps, String what) {
    }

    private static final long MAX_BYTES = 1 << 20;

    private SpikeThresholdFile() {
    }

    static Choice read(String spec) throws IOException {
        int colon = spec.lastIndexOf(":fp=");
        Path file = Path.of(colon < 0 ? spec : spec.substring(0, colon));
        String source = file.toString();
        String fp = colon < 0 ? null : spec.substring(colon + 4);
        if (Files.size(file) > MAX_BYTES) {
            throw new InputFormatException(source, "size", "an eval-neuronio JSON of at most 1 MiB",
                Files.size(file) + " bytes");
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new InputFormatException(source, "not JSON; --spike-threshold-from reads the --json of eval-neuronio");
        }
        JsonNode thresholds = root == null ? null : root.get("decision_thresholds");
        if (thresholds == null || !thresholds.isObject()) {
            throw new InputFormatException(source, "decision_thresholds", "the object eval-neuronio --json writes",
                "none (a file from an older elmkit or another tool?)");
        }
        if (fp == null) {
            JsonNode rate = thresholds.get("neuron_rate");
            double t = threshold(source, "decision_thresholds.neuron_rate.threshold", rate);
            JsonNode r = rate.get("refractory_steps");
            if (r == null || !r.canConvertToInt() || r.asInt() < 0) {
                throw new InputFormatException(source, "decision_thresholds.neuron_rate.refractory_steps",
                    "an integer >= 0", String.valueOf(r));
            }
            return new Choice(t, r.asInt(), "NEURON's rate");
        }
        double wanted;
        try {
            wanted = Double.parseDouble(fp);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--spike-threshold-from " + spec + ": fp=" + fp + " is not a number"
                + " (e.g. fp=0.0025)");
        }
        JsonNode rows = thresholds.get("at_fp_rate");
        if (rows == null || !rows.isArray()) {
            throw new InputFormatException(source, "decision_thresholds.at_fp_rate", "an array", String.valueOf(rows));
        }
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            JsonNode rate = row == null ? null : row.get("fp_rate");
            if (rate == null || !rate.isNumber()) {
                throw new InputFormatException(source, "decision_thresholds.at_fp_rate[" + i + "].fp_rate", "a number",
                    String.valueOf(rate));
            }
            listed.add(rate.asText());
            if (Math.abs(rate.asDouble() - wanted) <= 1e-12) {
                return new Choice(threshold(source, "decision_thresholds.at_fp_rate[" + i + "].threshold", row), null,
                    "false positive rate " + fp);
            }
        }
        throw new InputFormatException(source, "decision_thresholds.at_fp_rate", "fp_rate " + fp,
            "only " + String.join(", ", listed));
    }

    private static double threshold(String source, String field, JsonNode parent) throws InputFormatException {
        JsonNode t = parent == null ? null : parent.get("threshold");
        if (t == null || !t.isNumber() || !(t.asDouble() >= 0 && t.asDouble() <= 1)) {
            throw new InputFormatException(source, field, "a probability in [0, 1]", String.valueOf(t));
        }
        return t.asDouble();
    }
}
