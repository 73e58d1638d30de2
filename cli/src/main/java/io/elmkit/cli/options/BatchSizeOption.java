package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --batch-size B}, defined once for the commands that go through SHD samples or SHD-Adding pairs
 * in batches ({@code shd-adding}, {@code train}, {@code eval}; a picocli {@code @Mixin}). Its default
 * is the command's: a {@code defaultValueProvider} that knows the field {@code batchSize} (RecordDefaults).
 */
public final class BatchSizeOption {
    @Option(names = "--batch-size", paramLabel = "B") int batchSize;

    /** The batch size given, else the command's default. */
    public int batchSize() {
        return batchSize;
    }
}
