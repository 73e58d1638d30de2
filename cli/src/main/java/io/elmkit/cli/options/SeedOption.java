package io.elmkit.cli.options;

import picocli.CommandLine.Option;

/**
 * {@code --seed S}, defined once for every command that draws at random ({@code shd-adding}, {@code demo},
 * the training commands; a picocli {@code @Mixin}). Its default is the command's: a
 * {@code defaultValueProvider} that knows the field {@code seed} (RecordDefaults).
 */
public final class SeedOption {
    @Option(names = "--seed", paramLabel = "S") long seed;

    /** The seed given, else the command's default. */
    public long seed() {
        return seed;
    }
}
