package io.elmkit.flink;

import io.elmkit.cli.options.ModuleHelpTexts;
import java.io.IOException;

/** The flink command's help texts (FlinkHelpTexts.properties) over cli's shared ones; picocli's resource bundle. */
public final class FlinkHelpTexts extends ModuleHelpTexts {
    /** Loaded by ResourceBundle.getBundle, by name. */
    public FlinkHelpTexts() throws IOException {
        super(FlinkHelpTexts.class);
    }
}
