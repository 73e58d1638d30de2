package io.elmkit.pipeline.cli;

import io.elmkit.cli.options.ModuleHelpTexts;
import java.io.IOException;

/** The pipeline commands' help texts (PipelineHelpTexts.properties) over cli's shared ones; picocli's resource bundle. */
public final class PipelineHelpTexts extends ModuleHelpTexts {
    /** Loaded by ResourceBundle.getBundle, by name. */
    public PipelineHelpTexts() throws IOException {
        super(PipelineHelpTexts.class);
    }
}
