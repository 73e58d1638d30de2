package io.elmkit.sim.step;

import java.util.ServiceLoader;

/**
 * The hot loop of the batched kernel ({@link BatchKernel}) with the neurons in lanes: a block of
 * output rows accumulated over a block of input rows, z[r][b] += sum over j of w[r][j] * x[j][b].
 * Two implementations: {@link #plain()} (plain Java, which C2 vectorises; the default) and the JDK
 * Vector API one in the sim-vector module, chosen with the system property {@value #PROPERTY}
 * ({@code plain}, the default, or {@code vector}, which needs {@code --add-modules
 * jdk.incubator.vector} and sim-vector on the class path). Every implementation adds the terms of
 * each element in order of j, rounding after each multiply and each add (no fused multiply-add), so
 * outputs are bit-identical whichever runs.
 */
public interface LaneKernels {
    /** The system property that picks the kernels: {@code plain} (default) or {@code vector}. */
    String PROPERTY = "elmkit.kernels";

    /** The value of {@value #PROPERTY} that selects these kernels ("plain", "vector"). */
    String name();

    /**
     * For every row r &lt; rows and neuron b &lt; n: z[r][b] = z[r][b] + w[wOffset + r * wStride] * x[0][b]
     * + w[wOffset + r * wStride + 1] * x[1][b] + ... over count inputs, added left to right with a
     * rounding after each multiply and each add.
     */
    void accumulate(float[][] z, int rows, float[] w, int wOffset, int wStride, float[][] x, int count, int n);

    /**
     * {@link #accumulate}, then the ReLU on the same cells, z[r][b] = Math.max(z[r][b], 0f), bit for
     * bit: a hidden layer's rows, the ReLU folded into the accumulation (applied before the store, or
     * while the row is still in L1) instead of a later pass over every row.
     */
    void accumulateRelu(float[][] z, int rows, float[] w, int wOffset, int wStride, float[][] x, int count, int n);

    /** The plain-Java kernels (the default). */
    static LaneKernels plain() {
        return PlainLaneKernels.INSTANCE;
    }

    /**
     * The kernels {@value #PROPERTY} selects (plain when unset). An unknown value, or {@code vector}
     * without the module or the sim-vector jar, is a one-line {@link IllegalStateException}.
     */
    static LaneKernels selected() {
        return KernelSelection.selected();
    }

    /**
     * The kernels of that name, looked up as {@link #selected()} does: {@code plain}, or {@code
     * vector} (needs jdk.incubator.vector in the boot layer and a provider on the class path).
     */
    static LaneKernels named(String name) {
        if (name.equals("plain")) {
            return plain();
        }
        if (!name.equals("vector")) {
            throw new IllegalStateException("-D" + PROPERTY + "=" + name + ": expected plain or vector");
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            throw new IllegalStateException("-D" + PROPERTY + "=vector needs the JVM flag --add-modules jdk.incubator.vector"
                + " (ELMKIT_KERNELS=vector ./elmkit ... adds it); found the module not loaded");
        }
        for (LaneKernels k : ServiceLoader.load(LaneKernels.class, LaneKernels.class.getClassLoader())) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalStateException("-D" + PROPERTY + "=vector needs the sim-vector jar on the class path"
            + " (bundled in elmkit.jar and benchmarks.jar); found no vector kernels");
    }
}
