package io.elmkit.cli.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;

/**
 * The help texts of elmkit's commands, which picocli reads from resource bundles: the cli module's
 * ({@link #cli()}) and, as subclasses, those of the other modules' commands, named by their
 * {@code @Command(resourceBundle)}: the {@code .properties} file named like the subclass and beside it,
 * over the cli module's texts as its parent. picocli looks an option's text up in the bundle of the
 * command the option ends up in, so the options the commands of every module share (the mixins of this
 * package) need their texts in every module's bundle: the parent gives them without a second copy.
 */
public abstract class ModuleHelpTexts extends PropertyResourceBundle {
    /** Where {@link #cli()} is read from. */
    public static final String CLI_TEXTS = "/io/elmkit/cli/HelpTexts.properties";

    /**
     * The cli module's texts: its commands' and the shared options'. ElmkitCommand hands them to the top
     * level, and picocli to every subcommand without a bundle of its own. Read directly, once: the lookup
     * of ResourceBundle.getBundle (service providers, locale candidates) costs start-up time.
     */
    public static ResourceBundle cli() {
        return Cli.TEXTS;
    }

    /** The texts of {@code module}'s {@code .properties} (e.g. PipelineHelpTexts.properties), over {@link #cli()}. */
    protected ModuleHelpTexts(Class<? extends ModuleHelpTexts> module) throws IOException {
        super(texts(module, module.getSimpleName() + ".properties"));
        setParent(cli());
    }

    private static Reader texts(Class<?> anchor, String name) throws IOException {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " beside " + anchor.getName() + ": not on the class path");
            }
            return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Holds {@link #cli()}, read on first use. */
    private static final class Cli {
        static final ResourceBundle TEXTS;

        static {
            try {
                TEXTS = new PropertyResourceBundle(texts(ModuleHelpTexts.class, CLI_TEXTS));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
