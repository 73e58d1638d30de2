package io.elmkit.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Times one JMH benchmark body in rounds and reports neuron-steps per second of wall time and per
 * second of this process's CPU time (medians). On a machine shared with other builds the wall-clock
 * figures of JMH swing by 2x between runs; CPU time counts only the time this process ran, so
 * comparing two builds run one after the other (base, new, base, new) stays meaningful. For one
 * thread; with several the CPU figure is the sum over threads. Usage:
 * {@code java -cp benchmarks.jar io.elmkit.bench.CpuTimeRounds engine NEURONS THREADS [BLOCK_CAPACITY] | train SHAPE THREADS
 * | forward SHAPE NEURONS} (system properties {@code rounds}, default 8, and {@code roundS}, default 1).
 */
public final class CpuTimeRounds {
    private interface Body {
        void run() throws Exception;
    }

    private CpuTimeRounds() {
    }

    /** Runs the rounds the arguments name and prints neuron-steps per CPU second. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CpuTimeRounds engine NEURONS THREADS | train SHAPE THREADS | forward SHAPE NEURONS");
            System.exit(2);
        }
        Body body;
        long neuronStepsPerCall;
        switch (args[0]) {
            case "engine" -> {
                EngineBenchmark b = new EngineBenchmark();
                b.neurons = Integer.parseInt(args[1]);
                b.threads = Integer.parseInt(args[2]);
                b.blockCapacity = args.length > 3 ? Integer.parseInt(args[3]) : b.blockCapacity;
                b.setUp();
                body = b::step;
                neuronStepsPerCall = b.neurons;
            }
            case "train" -> {
                TrainStepBenchmark b = new TrainStepBenchmark();
                b.shape = args[1];
                b.threads = Integer.parseInt(args[2]);
                b.input = "sparse";
                b.setUp();
                body = b::trainStep;
                neuronStepsPerCall = (long) TrainStepBenchmark.BATCH * TrainStepBenchmark.STEPS;
            }
            case "forward" -> {
                ForwardStepBenchmark b = new ForwardStepBenchmark();
                b.shape = args[1];
                b.neurons = Integer.parseInt(args[2]);
                b.stepper = "event";
                b.setUp();
                body = b::forward;
                neuronStepsPerCall = ForwardStepBenchmark.NEURON_STEPS;
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + args[0] + " (engine, train or forward)");
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int rounds = Integer.getInteger("rounds", 8);
        double roundS = Double.parseDouble(System.getProperty("roundS", "1"));
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        for (int r = -3; r < rounds; r++) { // three rounds of warm-up
            long calls = 0;
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            while (System.nanoTime() - t0 < roundS * 1e9) {
                body.run();
                calls++;
            }
            long t1 = System.nanoTime();
            long cpu1 = os.getProcessCpuTime();
            if (r >= 0) {
                wall[r] = calls * neuronStepsPerCall / ((t1 - t0) / 1e9);
                cpu[r] = calls * neuronStepsPerCall / ((cpu1 - cpu0) / 1e9);
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%s: wall median %.0f (max %.0f) neuron-steps/s; per CPU-second median %.0f%n",
            String.join(" ", args), wall[rounds / 2], wall[rounds - 1], cpu[rounds / 2]);
        System.exit(0);
    }
}
