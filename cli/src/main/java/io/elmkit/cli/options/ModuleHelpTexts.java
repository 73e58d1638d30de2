package io.elmkit.cli.options;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;

/**
 * The help texts of another module's commands, for picocli's {@code @Command(resourceBundle)}: the
 * {@code .properties} file named like the subclass and beside it, over the cli module's texts
 * ({@value #SHARED}) as its parent. picocli looks an option's text up in the bundle of the command the
 * option ends up in, so the options the commands of every module share (the mixins of this package)
 * need their texts in every module's bundle: the parent gives them without a second copy.
 */
public abstract class ModuleHelpTexts extends PropertyResourceBundle {
    /** The cli module's texts: its commands' and the shared options' (StandardCommand's bundle). */
    public static final String SHARED = "io.elmkit.cli.HelpTexts";

    /** The texts of {@code module}'s {@code .properties} (e.g. PipelineHelpTexts.properties), over {@value #SHARED}. */
    protected ModuleHelpTexts(Class<? extends ModuleHelpTexts> module) throws IOException {
        super(texts(module));
        setParent(ResourceBundle.getBundle(SHARED));
    }

    private static Reader texts(Class<?> module) throws IOException {
        String name = module.getSimpleName() + ".properties";
        try (InputStream in = module.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(module.getPackageName().replace('.', '/') + "/" + name + ": not on the class path");
            }
            return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
