package io.elmkit.sim.engine;

/** Where a live neuron sits: shard, block within the shard, slot within the block. */
final class NeuronRef {
    final int shard;
    final int block;
    final int slot;
    final int globalStream;

    NeuronRef(int shard, int block, int slot, int globalStream) {
        this.shard = shard;
        this.block = block;
        this.slot = slot;
        this.globalStream = globalStream;
    }
}
