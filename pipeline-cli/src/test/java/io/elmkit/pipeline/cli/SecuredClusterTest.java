package io.elmkit.pipeline.cli;

import static io.elmkit.pipeline.cli.PipelineCommandsTest.bits;
import static io.elmkit.pipeline.cli.PipelineCommandsTest.elmkit;
import static io.elmkit.pipeline.cli.PipelineCommandsTest.ok;
import static io.elmkit.pipeline.cli.PipelineCommandsTest.outputOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.elmkit.io.check.InputFormatException;
import io.elmkit.pipeline.BrokerListener;
import io.elmkit.pipeline.EmbeddedBroker;
import io.elmkit.pipeline.KafkaClientConfig;
import io.elmkit.testsupport.CapturedRun;
import io.elmkit.testsupport.ClassResource;
import io.elmkit.testsupport.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secured clusters: the in-process broker with a SASL/PLAIN listener and with a TLS listener (key and
 * trust stores made here with the JDK's keytool). publish -> run -> consume with --kafka-config equals
 * run on the file; a wrong password, a missing or wrong trust store fail at once with one line that
 * names the cause and never a secret; bad settings files fail when read, naming file and key.
 */
class SecuredClusterTest {
    private static final String ALICE_PASSWORD = "alice-s3cret";
    private static final String STORE_PASSWORD = "store-s3cret";

    @TempDir
    static Path tmp;

    @RegisterExtension
    static final ClassResource<EmbeddedBroker> SASL = ClassResource.of(dir -> EmbeddedBroker.start(dir.resolve("data"), 0,
        BrokerListener.load(write(dir.resolve("listener.properties"), "security.protocol=SASL_PLAINTEXT",
            "sasl.plain.user.alice=" + ALICE_PASSWORD, "sasl.plain.user.bob=bob-pw"))));

    @RegisterExtension
    static final ClassResource<EmbeddedBroker> TLS = ClassResource.of(dir -> {
        Path keystore = dir.resolve("broker.p12");
        Path cert = dir.resolve("broker.crt");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
            "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore",
            keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
            "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", cert.toString(), "-storetype", "PKCS12",
            "-keystore", dir.resolve("trust.p12").toString(), "-storepass", STORE_PASSWORD);
        return EmbeddedBroker.start(dir.resolve("data"), 0, BrokerListener.load(write(dir.resolve("listener.properties"),
            "security.protocol=SSL", "ssl.keystore.location=" + keystore, "ssl.keystore.password=" + STORE_PASSWORD,
            "ssl.keystore.type=PKCS12", "ssl.truststore.location=" + dir.resolve("trust.p12"),
            "ssl.truststore.password=" + STORE_PASSWORD, "ssl.truststore.type=PKCS12")));
    });

    static Path write(Path file, String... lines) throws IOException {
        return Files.write(file, List.of(lines));
    }

    static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "keytool " + String.join(" ", args) + ":\n" + out);
    }

    /** The truststore the TLS broker's class resource wrote next to its data. */
    static Path truststore() {
        return TLS.get().dir().getParent().resolve("trust.p12");
    }

    static Path saslClient(String name, String password) throws IOException {
        return write(tmp.resolve(name), "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"alice\" password=\""
                + password + "\";");
    }

    static Path tlsClient(String name, Path truststore) throws IOException {
        return write(tmp.resolve(name), "security.protocol=SSL", "ssl.truststore.location=" + truststore,
            "ssl.truststore.password=" + STORE_PASSWORD, "ssl.truststore.type=PKCS12");
    }

    /** publish -> run (Kafka in and out) -> consume on a secured broker equals run on the file. */
    void roundTrip(EmbeddedBroker broker, Path clientConfig, String prefix) throws Exception {
        Path model = ReferenceData.goldenElm("synthetic-plain");
        Path events = tmp.resolve(prefix + "-in.npz");
        ok("convert", model.resolve("input.npy").toString(), events.toString());
        ok("run", "--model", model.toString(), "--input", events.toString(), "--output", tmp.resolve(prefix + "-f.npz").toString());
        String b = broker.bootstrap();
        String config = clientConfig.toString();
        ok("publish", events.toString(), "--bootstrap", b, "--topic", prefix + "-in", "--kafka-config", config);
        ok("run", "--model", model.toString(), "--input", "kafka://" + b + "/" + prefix + "-in", "--output",
            "kafka://" + b + "/" + prefix + "-out", "--neurons", "2", "--kafka-config", config);
        ok("consume", "--bootstrap", b, "--topic", prefix + "-out", "--output", tmp.resolve(prefix + "-k.npz").toString(),
            "--kafka-config", config);
        assertArrayEquals(bits(outputOf(tmp.resolve(prefix + "-f.npz"))), bits(outputOf(tmp.resolve(prefix + "-k.npz"))),
            prefix + ": publish -> run -> consume on the secured broker vs run on the file");
    }

    /** A command that must fail fast with one line naming {@code expected} and never {@code secret}. */
    static String fails(String expected, String secret, String... args) {
        long start = System.nanoTime();
        CapturedRun r = elmkit(args);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertNotEquals(0, r.exitCode(), String.join(" ", args) + " succeeded:\n" + r.err());
        String line = r.err().lines().filter(l -> l.startsWith("error:") || l.contains(expected)).reduce((a, c) -> c)
            .orElse("");
        assertTrue(line.contains(expected), "expected a line with '" + expected + "', found:\n" + r.err());
        assertFalse(r.err().contains(secret), "a secret in the output:\n" + r.err());
        // No hang: a refusal is an answer, not a timeout (KafkaBrokers waits 5 s for no answer at all).
        assertTrue(seconds < 30, "took " + seconds + " s");
        return line;
    }

    @Test
    void saslPlainRoundTripEqualsTheFileAndAWrongPasswordIsRefusedAtOnce() throws Exception {
        roundTrip(SASL.get(), saslClient("sasl.properties", ALICE_PASSWORD), "sasl");
        String b = SASL.get().bootstrap();
        Path wrong = saslClient("sasl-wrong.properties", "not-" + ALICE_PASSWORD);
        Path events = tmp.resolve("sasl-in.npz");
        String line = fails("refused", "not-" + ALICE_PASSWORD, "publish", events.toString(), "--bootstrap", b, "--topic",
            "sasl-wrong", "--kafka-config", wrong.toString());
        assertTrue(line.contains("SASL_PLAINTEXT") && line.contains(wrong.toString()), line);
        fails("refused", "not-" + ALICE_PASSWORD, "consume", "--bootstrap", b, "--topic", "sasl-out", "--output",
            tmp.resolve("x.npz").toString(), "--kafka-config", wrong.toString());
        // No settings at all against a SASL listener: the broker never answers a PLAINTEXT client.
        fails("no Kafka broker answered", ALICE_PASSWORD, "consume", "--bootstrap", b, "--topic", "sasl-out", "--output",
            tmp.resolve("x.npz").toString());
    }

    @Test
    void tlsRoundTripEqualsTheFileAndAMissingOrWrongTruststoreFailsInOneLine() throws Exception {
        roundTrip(TLS.get(), tlsClient("tls.properties", truststore()), "tls");
        String b = TLS.get().bootstrap();
        Path events = tmp.resolve("tls-in.npz");
        Path missing = tlsClient("tls-missing.properties", tmp.resolve("no-such-trust.p12"));
        String line = fails("ssl.truststore.location", STORE_PASSWORD, "publish", events.toString(), "--bootstrap", b,
            "--topic", "tls-x", "--kafka-config", missing.toString());
        assertTrue(line.contains(missing.toString()) && line.contains("no-such-trust.p12"), line);
        // TLS without our trust store: the JDK's default trust store does not know the broker's certificate.
        Path untrusted = write(tmp.resolve("tls-untrusted.properties"), "security.protocol=SSL");
        fails("refused", STORE_PASSWORD, "consume", "--bootstrap", b, "--topic", "tls-out", "--output",
            tmp.resolve("y.npz").toString(), "--kafka-config", untrusted.toString());
    }

    @Test
    void aSettingsFileIsCheckedWhenReadInOneLineWithoutItsSecrets() throws Exception {
        String[][] cases = {
            {"unknown", "no.such.setting=1", "no.such.setting: expected a setting of Kafka's producer, consumer or admin"},
            {"reserved", "bootstrap.servers=elsewhere:9092", "bootstrap.servers: expected a setting elmkit leaves"},
            {"reserved2", "enable.idempotence=false", "enable.idempotence: expected a setting elmkit leaves"},
            {"type", "linger.ms=soon", "linger.ms: expected"},
            {"protocol", "security.protocol=TLS", "security.protocol: expected"},
            {"nojaas", "security.protocol=SASL_SSL", "sasl.jaas.config: expected the client's login"},
        };
        for (String[] c : cases) {
            Path f = write(tmp.resolve(c[0] + ".properties"), c[1]);
            InputFormatException e = assertThrows(InputFormatException.class, () -> KafkaClientConfig.load(f), c[0]);
            assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains(c[2]), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        // A password of the wrong type is named by its key, never shown.
        Path secret = write(tmp.resolve("secret.properties"), "security.protocol=SSL", "ssl.truststore.password=hunter2",
            "ssl.truststore.location=" + tmp.resolve("nowhere.p12"));
        InputFormatException e = assertThrows(InputFormatException.class, () -> KafkaClientConfig.load(secret));
        assertTrue(e.getMessage().contains("ssl.truststore.location") && !e.getMessage().contains("hunter2"), e.getMessage());
        Path good = saslClient("good.properties", "hunter2");
        KafkaClientConfig config = KafkaClientConfig.load(good);
        assertEquals("SASL_PLAINTEXT", config.securityProtocol());
        assertFalse(config.toString().contains("hunter2"), config.toString());
        // The broker's listener file: refused keys and missing key stores name the key.
        Path listener = write(tmp.resolve("l.properties"), "security.protocol=SSL", "ssl.keystore.password=hunter2");
        InputFormatException l = assertThrows(InputFormatException.class, () -> BrokerListener.load(listener));
        assertTrue(l.getMessage().contains("ssl.keystore.location") && !l.getMessage().contains("hunter2"), l.getMessage());
        Path extra = write(tmp.resolve("l2.properties"), "security.protocol=SASL_PLAINTEXT", "sasl.plain.user.a=pw",
            "log.dirs=/tmp");
        assertTrue(assertThrows(InputFormatException.class, () -> BrokerListener.load(extra)).getMessage()
            .contains("log.dirs"));
        // publish checks its settings file before it reads its input: a bad file is named even when the
        // input is not a spike file at all (before, the input was opened first).
        Path notSpikes = write(tmp.resolve("not-spikes.txt"), "no spikes here");
        fails("linger.ms: expected", "hunter2", "publish", notSpikes.toString(), "--bootstrap", "127.0.0.1:1", "--topic",
            "t", "--kafka-config", tmp.resolve("type.properties").toString());
        // The broker command refuses a bad listener file before it binds anything.
        fails("security.protocol", "hunter2", "broker", "--port", "0", "--dir", tmp.resolve("never").toString(),
            "--listener-config", write(tmp.resolve("l3.properties"), "security.protocol=SASL").toString());
        assertFalse(Files.exists(tmp.resolve("never")), "the broker wrote its directory");
    }
}
