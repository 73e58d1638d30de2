package io.elmkit.pipeline.cli;

import io.elmkit.cli.ErrorLineSuffix;
import io.elmkit.cli.options.StandardCommand;
import io.elmkit.pipeline.PipelineLog;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * A pipeline command with {@code --log FILE}: Kafka's (and elmkit's) own log goes to that file, and a
 * failure's one line names it ({@link PipelineLog#where} as the {@link ErrorLineSuffix}); the command's
 * work is {@link #work()}.
 */
abstract class LoggedCommand extends StandardCommand implements Callable<Integer> {
    @Option(names = "--log", paramLabel = "FILE") Path log;

    @Override
    public final Integer call() throws Exception {
        PipelineLog.use(log);
        ErrorLineSuffix.set(PipelineLog::where);
        return work();
    }

    /** The command itself; its exit code. */
    abstract int work() throws Exception;
}
