package io.elmkit.sim.engine;

import io.elmkit.sim.model.ElmModel;
import io.elmkit.sim.step.EventStepper;
import java.util.Arrays;

/**
 * The slots of one shard that listen to one input stream, grouped by block (group g: block
 * {@code block[g]}, slots {@code slots[g][0 .. slotCount[g] - 1]}), and the input sums they share.
 * Every listener of a stream receives the same input events, so where the blocks' steppers
 * {@linkplain EventStepper#sharesInputSums share sums} the stream's events are summed once per step
 * and model ({@code sumRow}) and handed to every listening slot, instead of once per neuron.
 */
final class StreamListeners {
    int groups;
    int[] block = new int[2];
    int[][] slots = new int[2][];
    int[] slotCount = new int[2];
    /** Per group, the index of the sum its slots share, or -1 when its block takes events one by one. */
    int[] sumOf = new int[2];
    /** Groups whose block takes events one by one. */
    int perEventGroups;
    private int sums;
    private ElmModel[] sumModel = new ElmModel[1];
    private EventStepper[] sumStepper = new EventStepper[1];
    double[][] sumRow = new double[1][];
    private int[] sumUsers = new int[1];
    /** The step whose events the sums hold. */
    private long stamp = -1;

    void add(int blockIndex, NeuronBlock target, int slot) {
        int g = 0;
        while (g < groups && block[g] != blockIndex) {
            g++;
        }
        if (g == groups) {
            if (groups == block.length) {
                block = Arrays.copyOf(block, groups * 2);
                slots = Arrays.copyOf(slots, groups * 2);
                slotCount = Arrays.copyOf(slotCount, groups * 2);
                sumOf = Arrays.copyOf(sumOf, groups * 2);
            }
            block[g] = blockIndex;
            slots[g] = new int[4];
            slotCount[g] = 0;
            sumOf[g] = target.sharesInputSums ? sumFor(target) : -1;
            perEventGroups += target.sharesInputSums ? 0 : 1;
            groups++;
        }
        int n = slotCount[g];
        if (n == slots[g].length) {
            slots[g] = Arrays.copyOf(slots[g], n * 2);
        }
        slots[g][n] = slot;
        slotCount[g] = n + 1;
    }

    /** The index of the sum for the target's model, made if there is none. */
    private int sumFor(NeuronBlock target) {
        for (int j = 0; j < sums; j++) {
            if (sumModel[j] == target.model) {
                sumUsers[j]++;
                return j;
            }
        }
        if (sums == sumModel.length) {
            sumModel = Arrays.copyOf(sumModel, sums * 2);
            sumStepper = Arrays.copyOf(sumStepper, sums * 2);
            sumRow = Arrays.copyOf(sumRow, sums * 2);
            sumUsers = Arrays.copyOf(sumUsers, sums * 2);
        }
        sumModel[sums] = target.model;
        sumStepper[sums] = target.stepper;
        sumRow[sums] = target.stepper.newSum();
        sumUsers[sums] = 1;
        return sums++;
    }

    void remove(int blockIndex, int slot) {
        for (int g = 0; g < groups; g++) {
            if (block[g] != blockIndex) {
                continue;
            }
            int n = slotCount[g];
            for (int k = 0; k < n; k++) {
                if (slots[g][k] == slot) {
                    System.arraycopy(slots[g], k + 1, slots[g], k, n - k - 1);
                    slotCount[g] = n - 1;
                    break;
                }
            }
            if (slotCount[g] == 0) {
                // The block no longer listens: drop its group (groups are noted only during a step).
                if (sumOf[g] >= 0) {
                    sumUsers[sumOf[g]]--;
                } else {
                    perEventGroups--;
                }
                int tail = groups - g - 1;
                System.arraycopy(block, g + 1, block, g, tail);
                System.arraycopy(slots, g + 1, slots, g, tail);
                System.arraycopy(slotCount, g + 1, slotCount, g, tail);
                System.arraycopy(sumOf, g + 1, sumOf, g, tail);
                groups--;
            }
            return;
        }
    }

    /**
     * Adds one of the stream's events of step {@code step} to every shared sum in use; returns true
     * for the stream's first event of that step (the sums then start from zero).
     */
    boolean addToSums(long step, int channel, float value) {
        boolean first = stamp != step;
        stamp = step;
        for (int j = 0; j < sums; j++) {
            if (sumUsers[j] <= 0) {
                if (first) {
                    Arrays.fill(sumRow[j], 0.0);
                }
            } else if (first) {
                sumStepper[j].startSum(sumRow[j], channel, value); // zeroing and adding in one pass
            } else {
                sumStepper[j].addToSum(sumRow[j], channel, value);
            }
        }
        return first;
    }
}
