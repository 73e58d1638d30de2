package io.elmkit.sim.train;

import io.elmkit.sim.step.LaneKernels;
import java.util.ServiceLoader;

/**
 * The recurrent part of one backward step of {@link Bptt} for several sequences in the lanes of a
 * vector (the sequences of different batch parts, each lane its own part): a worker's parts are run
 * in lockstep, so the memory, MLP and readout gradients become vector operations. Found with the
 * ServiceLoader, as the {@link LaneKernels} of the same name, when {@value LaneKernels#PROPERTY}
 * selects them; the sim-vector module has the one implementation ({@code vector}).
 *
 * <p>Per lane, {@link #step} computes exactly Bptt.backward's per-step recurrent part, term for
 * term in the same order, one rounding per multiply and per add (never a fused multiply-add):
 * <pre>
 * for o: g = gy[o]; readoutBias[o] += g; readoutWeightGradient[o][q] += g * memory[q]; gm[q] += g * readoutWeight[o][q]
 * for q: dKappa += gm * memPrev; dGain += gm * dm; gmPrev = gm * kappaM; gz[q] = gm * gain * tanhDerivative
 * for l = layers-1 .. 1: ga[j] = sum over i ascending (from +0) of gz[i] * weight[l][i][j]; bias[l][i] += gz[i];
 *                        weightGradient[l][i][j] += gz[i] * act[l][j]; gz[j] = ga[j] * actDerivative[l][j]
 * layer 0: bias[0][i] += gz[i]; gx[q] = sum over i ascending of gz[i] * weight[0][i][q];
 *          weightGradient[0][i][q] += gz[i] * kmPrev[q]
 * for q: gmPrev += gx * kappaM; dKappa += gx * memPrev; then swap gm and gmPrev
 * </pre>
 * Bptt skips units whose gradient is 0 and adds the weight gradients a window of steps at a time;
 * the kernel adds every term every step. The same bits: a skipped term is +-0, and a sum that starts
 * at +0 stays as it is when +-0 is added (it is never -0).
 */
public interface LockstepKernel {
    /**
     * The system property that turns the lockstep on in training ({@code true}; default false): with the
     * vector kernels selected too. Off by default because on the machine it was measured on (2 vCPUs,
     * AVX-512) it trained NeuronIO at 0.87-0.99x of one part after another (docs/performance.md, sixth round).
     */
    String TRAINING_PROPERTY = "elmkit.train.lockstep";

    /** The {@value LaneKernels#PROPERTY} value that selects it. */
    String name();

    /** Sequences side by side in one vector (the width of the {@link LaneStates} it steps). */
    int lanes();

    /**
     * One backward step, latest step first, of every lane of {@code s} (see the class comment); the
     * weight-gradient terms may be held back in the window of {@code s} until {@link #finish}.
     */
    void step(LaneStates s);

    /** After the last step: adds the weight-gradient terms still held back. */
    void finish(LaneStates s);

    /**
     * The kernel {@value LaneKernels#PROPERTY} selects, or null for the plain path (one sequence at
     * a time): {@code vector} with the sim-vector jar on the class path. A bad value or a missing
     * module is {@link LaneKernels#selected()}'s one-line error.
     */
    static LockstepKernel selected() {
        return byKernels();
    }

    /**
     * The kernel training uses: {@link #selected()} when {@value #TRAINING_PROPERTY} is {@code true}, else
     * null (one part after another).
     */
    static LockstepKernel forTraining() {
        return Boolean.getBoolean(TRAINING_PROPERTY) ? byKernels() : null;
    }

    private static LockstepKernel byKernels() {
        String name = LaneKernels.selected().name();
        if (name.equals(LaneKernels.plain().name())) {
            return null;
        }
        for (LockstepKernel k : ServiceLoader.load(LockstepKernel.class, LockstepKernel.class.getClassLoader())) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        return null;
    }
}
