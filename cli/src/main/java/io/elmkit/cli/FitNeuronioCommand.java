package io.elmkit.cli;

import io.elmkit.cli.options.StandardCommand;
import io.elmkit.l5pc.fit.NeuronioFit;
import io.elmkit.l5pc.neuronio.NeuronioSimulation;
import io.elmkit.l5pc.neuronio.TraceFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elmkit fit-neuronio}: fits an ELM surrogate to NEURON simulations (the paper's setup by default). */
@Command(name = "fit-neuronio", defaultValueProvider = FitNeuronioCommand.Defaults.class)
final class FitNeuronioCommand extends StandardCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--traces", required = true, arity = "1..*", paramLabel = "FILE", descriptionKey = "fit-neuronio.traces") List<Path> traces;

    @Option(names = "--valid", arity = "1..*", paramLabel = "FILE") List<Path> valid;

    /** The defaults: the paper's ({@link NeuronioFit#DEFAULTS}). */
    static final class Defaults extends RecordDefaults {
        Defaults() {
            super(NeuronioFit.DEFAULTS, NeuronioFit.DEFAULTS.run());
        }
    }

    @Mixin RunOptions run;
    @Option(names = "--memory", descriptionKey = "fit-neuronio.memory") int numMemory;
    @Option(names = "--init", paramLabel = "DIR") Path init;
    @Option(names = "--batches-per-epoch") int batchesPerEpoch;
    @Option(names = "--batch") int batchSize;
    @Option(names = "--window") int window;

    @Override
    public Integer call() throws Exception {
        NeuronioFit.Settings.Builder b = NeuronioFit.Settings.builder().run(run.settings()).init(init)
            .batchesPerEpoch(batchesPerEpoch).batchSize(batchSize).window(window);
        if (spec.commandLine().getParseResult().hasMatchedOption("--memory")) {
            b.numMemory(numMemory);
        }
        NeuronioFit.Settings s = b.build();
        List<NeuronioSimulation> train = new ArrayList<>();
        Map<String, List<NeuronioSimulation>> validation = new LinkedHashMap<>();
        for (Path f : traces) {
            List<NeuronioSimulation> sims = new ArrayList<>();
            TraceFile.readAny(f, sims::add);
            if (sims.isEmpty()) {
                throw new IllegalArgumentException(f + ": no simulations");
            }
            if (valid == null) {
                if (sims.size() < 2) {
                    throw new IllegalArgumentException(f + ": holds " + sims.size() + " simulation; without --valid the last"
                        + " simulation of each file is held out, so each needs at least 2");
                }
                validation.put(f.getFileName().toString(), List.of(sims.remove(sims.size() - 1)));
            }
            train.addAll(sims);
        }
        if (valid != null) {
            for (Path f : valid) {
                List<NeuronioSimulation> sims = new ArrayList<>();
                TraceFile.readAny(f, sims::add);
                validation.put(f.getFileName().toString(), sims);
            }
        }
        NeuronioFit.Outcome o = NeuronioFit.run(train, validation, run.out, s, System.err);
        if (o.bestEpoch() < 0) {
            System.out.println("no epoch completed");
            return 1;
        }
        System.out.printf(Locale.ROOT, "best validation soma RMSE %.4f mV (epoch %d); model %s%n", o.bestSomaRmse(),
            o.bestEpoch(), o.bestModel());
        return 0;
    }
}
