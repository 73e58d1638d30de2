package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --bin-ms MS}: the bin SHD spike times are counted in, which is the step (delta_t) of the model
 * that reads them ({@code shd-adding}, {@code demo}, {@code train}; a picocli {@code @Mixin}). Its default
 * is the command's: a {@code defaultValueProvider} that knows the field {@code binMs} (RecordDefaults).
 */
public final class BinMsOption {
    @Option(names = "--bin-ms", paramLabel = "MS") double binMs;

    /** The bin in ms given, else the command's default. */
    public double binMs() {
        return binMs;
    }
}
