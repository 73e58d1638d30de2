package io.elmkit.testsupport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Makes skipped tests visible in the build log: at the end of a module's tests, one line
 * {@code SKIPPED in <module>: N tests} and the reasons with their counts (a test that skips itself
 * says why through an assumption: "../shared/neuron not present", "NEURON not installed").
 * Surefire's summary only counts skips. Compiled into every module's tests and registered through
 * META-INF/services (the parent pom adds etc/test-support to each module's test sources).
 */
public final class SkippedTestsReport implements TestExecutionListener {
    private static final int MAX_REASONS = 12;
    private final Map<String, Integer> countByReason = new TreeMap<>();
    private int skippedTests;
    private int skippedContainers;

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(test, result.getThrowable().map(Throwable::getMessage).orElse(null));
        }
    }

    private void record(TestIdentifier test, String reason) {
        String r = reason == null || reason.isBlank() ? "no reason given" : reason.replaceFirst("^Assumption failed: ", "");
        countByReason.merge(r, 1, Integer::sum);
        if (test.isContainer()) {
            skippedContainers++;
        } else {
            skippedTests++;
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (skippedTests + skippedContainers == 0) {
            return;
        }
        PrintStream out = System.out;
        Path dir = Path.of(System.getProperty("user.dir")).getFileName();
        out.printf("SKIPPED in %s: %d test%s%s; reasons:%n", dir, skippedTests, skippedTests == 1 ? "" : "s",
            skippedContainers == 0 ? "" : " and " + skippedContainers + " test class" + (skippedContainers == 1 ? "" : "es"));
        int shown = 0;
        for (Map.Entry<String, Integer> e : countByReason.entrySet()) {
            if (shown++ == MAX_REASONS) {
                out.printf("  ... and %d more reasons%n", countByReason.size() - MAX_REASONS);
                break;
            }
            out.printf("  %3d x %s%n", e.getValue(), e.getKey());
        }
        out.flush();
    }
}
