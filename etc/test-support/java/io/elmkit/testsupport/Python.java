package io.elmkit.testsupport;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Finds a Python for tests that check our files against the reference tools (NumPy, NEURON). */
public final class Python {
    private Python() {
    }

    /**
     * The first of {@code /usr/bin/python3} and {@code python3} that runs {@code import <modules>}, or
     * null if none does (the caller skips with a message saying what is missing).
     */
    public static String withModules(String modules) {
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import " + modules).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not installed: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
