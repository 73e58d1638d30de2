package io.elmkit.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.npy.Npz;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** `elmkit flink`, events file in, outputs file out, equals `elmkit predict` bit for bit at parallelism 1, 2 and 4. */
class FlinkCommandTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = Golden.miniCluster();

    /** Runs the command in this JVM (on the class's MiniCluster); returns exit code and stderr. */
    static String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            CommandLine cli = new CommandLine(new FlinkCommand());
            cli.setExecutionExceptionHandler((e, line, parsed) -> {
                line.getErr().println("flink: error: " + FlinkErrors.message(e));
                return 1;
            });
            code = cli.execute(args);
        } finally {
            System.setErr(old);
        }
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.elmkit.testsupport.ReferenceData#goldenElmCases")
    void fileInFileOutEqualsPredict(String name, @TempDir Path tmp) throws Exception {
        Golden g = Golden.load(name);
        Path in = tmp.resolve("in.npz");
        g.events.write(in);
        for (int p : new int[] {1, 2, 4}) {
            Path out = tmp.resolve("out" + p + ".npz");
            String[] r = run("--model", g.dir.toString(), "--input", in.toString(), "--output", out.toString(),
                "--parallelism", Integer.toString(p), "--neurons", "3", "--checkpoint-ms", p == 2 ? "200" : "0");
            assertEquals("0", r[0], r[1]);
            assertTrue(r[1].contains("neuron-steps/s"), r[1]);
            try (Npz.NpzFile z = Npz.NpzFile.open(out)) {
                assertArrayEquals(new int[] {g.streams, g.steps, g.model.numOutput()}, z.get("output").shape());
                assertArrayEquals(g.predicted, z.get("output").toFloatArray(), name + " at parallelism " + p);
            }
        }
    }
}
