package io.elmkit.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Times one JMH benchmark body in rounds and reports neuron-steps per second of wall time and per
 * second of this process's CPU time (medians). On a machine shared with other builds the wall-clock
 * figures of JMH swing by 2x between runs; CPU time counts only the time this process ran, so
 * comparing two builds run one after the other (base, new, base, new) stays meaningful. For one
 * thread; with several the CPU figure is the sum over threads. Usage:
 * {@code java -cp benchmarks.jar io.elmkit.bench.CpuTimeRounds engine NEURONS THREADS [BLOCK_CAPACITY] | train SHAPE THREADS
 * | forward SHAPE NEURONS} (system properties {@code rounds}, default 8, {@code roundS}, default 1,
 * {@code warmup}, rounds run first and not counted, default 3, {@code each}, default false: print every
 * counted round's wall figure in order, and for the engine {@code idle}, default backoff: how its threads wait). On a slow core with the JIT compilers on the same core
 * ({@code taskset -c 1}) training reaches C2's final code only after ~10 s: use {@code -Dwarmup=15}
 * there, and {@code -Deach=true} shows when the rounds settle.
 */
public final class CpuTimeRounds {
    private interface Body {
        void run() throws Exception;
    }

    /**
     * A benchmark body, the neuron-steps one call of it advances, and what to add to the result line
     * after the rounds (empty: nothing).
     */
    private record Timed(Body body, long neuronStepsPerCall, java.util.function.Supplier<String> note) {
        Timed(Body body, long neuronStepsPerCall) {
            this(body, neuronStepsPerCall, () -> "");
        }
    }

    private CpuTimeRounds() {
    }

    /**
     * Sets the benchmark's {@code @Param} fields from (name, text) pairs, as JMH does (int fields
     * parsed; a null text keeps the field's default), then runs its {@code setUp}.
     */
    private static <B> B configured(B benchmark, String... params) throws Exception {
        for (int i = 0; i < params.length; i += 2) {
            if (params[i + 1] != null) {
                Field f = benchmark.getClass().getField(params[i]);
                f.set(benchmark, f.getType() == int.class ? (Object) Integer.parseInt(params[i + 1]) : params[i + 1]);
            }
        }
        try {
            benchmark.getClass().getMethod("setUp").invoke(benchmark);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e; // setUp's own error, not the wrapper
        }
        return benchmark;
    }

    /** Runs the rounds the arguments name and prints neuron-steps per CPU second. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: CpuTimeRounds engine NEURONS THREADS | train SHAPE THREADS | forward SHAPE NEURONS");
            System.exit(2);
        }
        Timed timed = switch (args[0]) {
            case "engine" -> {
                EngineBenchmark b = configured(new EngineBenchmark(), "neurons", args[1], "threads", args[2],
                    "blockCapacity", args.length > 3 ? args[3] : null, "idle", System.getProperty("idle"));
                yield new Timed(b::step, b.neurons, b::helpNote);
            }
            case "train" -> {
                TrainStepBenchmark b = configured(new TrainStepBenchmark(), "shape", args[1], "threads", args[2], "input", "sparse");
                yield new Timed(b::trainStep, (long) TrainStepBenchmark.BATCH * TrainStepBenchmark.STEPS);
            }
            case "forward" -> {
                ForwardStepBenchmark b = configured(new ForwardStepBenchmark(), "shape", args[1], "neurons", args[2], "stepper", "event");
                yield new Timed(b::forward, ForwardStepBenchmark.NEURON_STEPS);
            }
            default -> throw new IllegalArgumentException("unknown benchmark " + args[0] + " (engine, train or forward)");
        };
        Body body = timed.body();
        long neuronStepsPerCall = timed.neuronStepsPerCall();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int rounds = Integer.getInteger("rounds", 8);
        double roundS = Double.parseDouble(System.getProperty("roundS", "1"));
        double[] wall = new double[rounds];
        double[] cpu = new double[rounds];
        int warmup = Integer.getInteger("warmup", 3);
        for (int r = -warmup; r < rounds; r++) {
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
        if (Boolean.getBoolean("each")) {
            System.out.println("rounds, wall: " + Arrays.toString(Arrays.stream(wall).mapToLong(Math::round).toArray()));
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        System.out.printf("%s: wall median %.0f (max %.0f) neuron-steps/s; per CPU-second median %.0f%s%n",
            String.join(" ", args), wall[rounds / 2], wall[rounds - 1], cpu[rounds / 2], timed.note().get());
        System.exit(0);
    }
}
