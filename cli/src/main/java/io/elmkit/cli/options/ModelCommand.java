package io.elmkit.cli.options;

import picocli.CommandLine.Mixin;

/** A command that loads a trained model: {@link StandardCommand} with {@code --model DIR} ({@link ModelOption}). */
public abstract class ModelCommand extends StandardCommand {
    @Mixin protected ModelOption modelOption;
}
