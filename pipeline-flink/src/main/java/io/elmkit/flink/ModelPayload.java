package io.elmkit.flink;

import io.elmkit.io.nd.DType;
import io.elmkit.io.nd.NdArray;
import io.elmkit.sim.model.ElmConfig;
import io.elmkit.sim.model.ElmModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as it travels inside the job graph to the task managers (an {@link ElmModel} is not
 * serialisable): its reference config JSON and state dict tensors; rebuilt and validated on arrival.
 */
public final class ModelPayload implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the model came from. */
    private final String source;
    /** The model's config as JSON. */
    private final String configJson;
    /** State-dict keys, in order. */
    private final List<String> names = new ArrayList<>();
    /** Element type of each tensor. */
    private final List<DType> dtypes = new ArrayList<>();
    /** Primitive array of each tensor. */
    private final List<Object> data = new ArrayList<>();
    /** Shape of each tensor. */
    private final List<int[]> shapes = new ArrayList<>();

    /** The state dict and config of {@code model}, for shipping with the job. */
    public ModelPayload(ElmModel model, String source) {
        this.source = source;
        this.configJson = model.config().toReferenceJson();
        for (Map.Entry<String, NdArray> e : model.toStateDict().entrySet()) {
            names.add(e.getKey());
            dtypes.add(e.getValue().dtype());
            data.add(e.getValue().data());
            shapes.add(e.getValue().shape());
        }
    }

    /** The model again, checked as a loaded one is. */
    public ElmModel toModel() {
        LinkedHashMap<String, NdArray> tensors = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            tensors.put(names.get(i), NdArray.wrap(dtypes.get(i), data.get(i), shapes.get(i)));
        }
        return ElmModel.fromStateDict(ElmConfig.parse(configJson, source), tensors, source);
    }

    /** Where the model came from. */
    public String source() {
        return source;
    }
}
