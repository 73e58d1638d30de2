package io.elmkit.sim.engine;

import java.util.Arrays;

/** Outgoing connections per source neuron: (target, channel, weight, delay), in the order they were made. */
final class Connections {
    private int[][] target = new int[0][];
    private int[][] channel = new int[0][];
    private float[][] weight = new float[0][];
    private int[][] delay = new int[0][];
    private int[] count = new int[0];

    void add(int from, int to, int inputChannel, float value, int delaySteps) {
        if (from >= count.length) {
            int size = Math.max(from + 1, count.length * 2);
            target = Arrays.copyOf(target, size);
            channel = Arrays.copyOf(channel, size);
            weight = Arrays.copyOf(weight, size);
            delay = Arrays.copyOf(delay, size);
            count = Arrays.copyOf(count, size);
        }
        int n = count[from];
        if (target[from] == null || n == target[from].length) {
            int size = n == 0 ? 4 : n * 2;
            target[from] = target[from] == null ? new int[size] : Arrays.copyOf(target[from], size);
            channel[from] = channel[from] == null ? new int[size] : Arrays.copyOf(channel[from], size);
            weight[from] = weight[from] == null ? new float[size] : Arrays.copyOf(weight[from], size);
            delay[from] = delay[from] == null ? new int[size] : Arrays.copyOf(delay[from], size);
        }
        target[from][n] = to;
        channel[from][n] = inputChannel;
        weight[from][n] = value;
        delay[from][n] = delaySteps;
        count[from] = n + 1;
    }

    /** Files the events of neuron {@code from}'s spike at {@code step} on the delay line. */
    void fire(int from, long step, DelayLine line) {
        if (from >= count.length) {
            return;
        }
        for (int k = 0, n = count[from]; k < n; k++) {
            line.schedule(step, delay[from][k], target[from][k], channel[from][k], weight[from][k]);
        }
    }
}
