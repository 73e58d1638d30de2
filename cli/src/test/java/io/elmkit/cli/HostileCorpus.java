package io.elmkit.cli;

import java.nio.file.Path;

/**
 * Writes the whole hostile-input corpus (every reader: npy, npz, .pt, model_config.json, events, SHD
 * in both layouts, NeuronIO pickles plain and gzip, trace .npz, journals) under one directory, one
 * folder per family, for running it by hand or through another tool. The suite builds the same files
 * in its Hostile*Test classes. Run it with {@code etc/hostile-corpus DIR}.
 */
public final class HostileCorpus {
    private HostileCorpus() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "hostile-corpus");
        HostileArraysCorpus.main(new String[] {dir.resolve("arrays").toString()});
        HostileShdTest.main(new String[] {dir.resolve("shd").toString()});
        HostileNeuronioCorpus.main(new String[] {dir.resolve("neuronio").toString()});
        HostileJournalTest.main(new String[] {dir.resolve("journals").toString()});
        System.out.println("hostile corpus written under " + dir);
    }
}
