package io.elmkit.cli.options;

import io.elmkit.cli.live.LiveViewOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the commands that stream spikes through a population of model copies ({@code run},
 * {@code flink}): the model, where the spikes come from and the outputs go, the neurons per stream,
 * the spike rule, the connections between neurons and the live view (a picocli {@code @Mixin}). Which files IN and OUT may be is the
 * command's to say (its description), as is what it does with a {@code kafka://} address.
 */
public final class PopulationOptions {
    @Mixin ModelOption model;

    @Option(names = "--input", required = true, paramLabel = "IN") String input;

    @Option(names = "--output", paramLabel = "OUT") String output;

    @Mixin NeuronsOption neurons;

    @Mixin SpikeRuleOptions spikeRule;

    @Mixin ConnectionsOption connections;

    @Mixin LiveViewOptions liveView;

    /** --model. */
    public ModelOption model() {
        return model;
    }

    /** --input as typed: a path or a {@code kafka://} address. */
    public String input() {
        return input;
    }

    /** --output as typed, or null for none. */
    public String output() {
        return output;
    }

    /** --neurons. */
    public NeuronsOption neurons() {
        return neurons;
    }

    /** --spike-threshold and --refractory-steps. */
    public SpikeRuleOptions spikeRule() {
        return spikeRule;
    }

    /** --connections. */
    public ConnectionsOption connections() {
        return connections;
    }

    /** --serve and --serve-linger-s. */
    public LiveViewOptions liveView() {
        return liveView;
    }
}
