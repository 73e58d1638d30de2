package io.elmkit.sim.step;

/**
 * Which {@link LaneKernels} this JVM runs: looked up once from the system property and kept (a
 * bad value is not kept, so every batched stepper created reports it). Says so on standard error
 * when the vector kernels are on, so that a run shows which kernels it used.
 */
final class KernelSelection {
    private static volatile LaneKernels chosen;

    private KernelSelection() {
    }

    static LaneKernels selected() {
        LaneKernels k = chosen;
        if (k == null) {
            synchronized (KernelSelection.class) {
                k = chosen;
                if (k == null) {
                    k = LaneKernels.named(System.getProperty(LaneKernels.PROPERTY, "plain").trim());
                    if (k != LaneKernels.plain()) {
                        System.err.println("elmkit: " + k.name() + " kernels (-D" + LaneKernels.PROPERTY + "=" + k.name() + ")");
                    }
                    chosen = k;
                }
            }
        }
        return k;
    }
}
