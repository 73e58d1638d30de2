package io.elmkit.cli;

import io.elmkit.cli.options.JsonFlag;
import io.elmkit.cli.options.ModelCommand;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.elmkit.cli.options.ModelOption;
import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.model.ModelDirectory;
import io.elmkit.sim.step.EventStepper;
import io.elmkit.sim.step.LaneKernels;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code elmkit info}: a model's configuration with defaults filled in, its variant and parameter count. */
@Command(name = "info")
final class InfoCommand extends ModelCommand implements Callable<Integer> {

    @Mixin JsonFlag json;

    @Override
    public Integer call() throws Exception {
        ElmModel model = modelOption.load();
        Map<String, Object> info = describe(modelOption.dir(), model);
        int valid = ((Number) info.get("valid_synapses")).intValue();
        if (json.json()) {
            System.out.println(toJson(info));
            return 0;
        }
        System.out.printf("model          %s (%s)%n", info.get("model_dir"), info.get("state_dict"));
        System.out.printf("variant        %s%n", info.get("variant"));
        System.out.printf("parameters     %d trainable%n", model.trainableParameterCount());
        System.out.printf("synapses       %d (%d valid), %d branches x %d%n", model.numSynapses(), valid,
            model.numBranch(), model.synapsesPerBranch());
        System.out.printf("event-driven   %s%n", info.get("event_driven"));
        System.out.printf("kernels        %s (this JVM's batched kernels: plain by default, the Vector API ones with"
            + " ELMKIT_KERNELS=vector; the same output bits)%n", info.get("kernels"));
        System.out.println("config (defaults filled in):");
        for (Map.Entry<String, Object> e : model.config().toMap().entrySet()) {
            System.out.printf("  %-26s %s%n", e.getKey(), e.getValue());
        }
        return 0;
    }

    /** What {@code info --json} prints: the model's directory, state dict, variant, counts, the kernels this JVM runs and config. */
    static Map<String, Object> describe(Path modelDir, ElmModel model) throws java.io.IOException {
        return describe(modelDir.toString(), ModelDirectory.stateFile(modelDir).getFileName().toString(), model);
    }

    /** Same, for a model that may not come from a directory ({@code modelDir} null then). */
    static Map<String, Object> describe(String modelDir, String stateFileName, ElmModel model) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model_dir", modelDir);
        info.put("state_dict", stateFileName);
        info.put("variant", model.config().variant().name().toLowerCase(java.util.Locale.ROOT));
        info.put("trainable_parameters", model.trainableParameterCount());
        info.put("event_driven", new EventStepper(model, 1).isEventDriven());
        info.put("kernels", LaneKernels.selected().name());
        int valid = 0;
        boolean[] routeValid = model.routeValid();
        for (int i = 0; i < model.numSynapses(); i++) {
            valid += routeValid == null || routeValid[i] ? 1 : 0;
        }
        info.put("valid_synapses", valid);
        info.put("config", model.config().toMap());
        return info;
    }

    static String toJson(Map<String, Object> info) throws java.io.IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(info);
    }
}
