package io.elmkit.pipeline;

import java.net.URI;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;

/**
 * Log4j's configuration wherever the pipeline module is on the class path (named in
 * log4j2.component.properties): {@link PipelineLog}'s file, whichever class logs first, so that no
 * command depends on configuring logging before Flink or Kafka is loaded. Not with a configuration of the
 * user's own ({@code -Dlog4j2.configurationFile=...}): Log4j reads that one as usual.
 */
public final class PipelineLogConfigurationFactory extends ConfigurationFactory {
    @Override
    protected String[] getSupportedTypes() {
        // A configuration of the user's own (-Dlog4j2.configurationFile) goes to Log4j's own factories.
        return PipelineLog.userConfiguration() ? new String[0] : new String[] {"*"};
    }

    @Override
    public Configuration getConfiguration(LoggerContext context, ConfigurationSource source) {
        return PipelineLog.fromEnvironment();
    }

    @Override
    public Configuration getConfiguration(LoggerContext context, String name, URI configLocation) {
        return PipelineLog.fromEnvironment();
    }
}
