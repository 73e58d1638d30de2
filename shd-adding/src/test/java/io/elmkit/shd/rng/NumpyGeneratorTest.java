package io.elmkit.shd.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmkit.shd.NumpyVectors;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** SeedSequence, PCG64 and Generator.integers against vectors produced by NumPy itself. */
class NumpyGeneratorTest {

    private static long u64(JsonNode node) {
        return new BigInteger(node.asText()).longValue();
    }

    @Test
    void seedSequenceMatchesNumpy() {
        JsonNode cases = NumpyVectors.get().get("seed_sequence");
        assertTrue(cases.size() >= 8);
        for (JsonNode c : cases) {
            SeedSequence ss = new SeedSequence(new BigInteger(c.get("entropy").asText()));
            String what = "entropy " + c.get("entropy").asText();
            int[] pool = ss.pool();
            for (int i = 0; i < pool.length; i++) {
                assertEquals(c.get("pool").get(i).asLong(), pool[i] & 0xFFFF_FFFFL, what + " pool[" + i + "]");
            }
            int[] state32 = ss.generateState32(8);
            for (int i = 0; i < 8; i++) {
                assertEquals(c.get("state32").get(i).asLong(), state32[i] & 0xFFFF_FFFFL, what + " state32[" + i + "]");
            }
            long[] state64 = ss.generateState64(4);
            for (int i = 0; i < 4; i++) {
                assertEquals(u64(c.get("state64").get(i)), state64[i], what + " state64[" + i + "]");
            }
        }
    }

    @Test
    void pcg64SeedingAndRawOutputMatchNumpy() {
        for (JsonNode c : NumpyVectors.get().get("pcg64")) {
            Pcg64 pcg = new Pcg64(new SeedSequence(new BigInteger(c.get("seed").asText())));
            String what = "seed " + c.get("seed").asText();
            assertEquals(new BigInteger(c.get("state").asText()), pcg.state(), what + " state");
            assertEquals(new BigInteger(c.get("inc").asText()), pcg.increment(), what + " inc");
            for (int i = 0; i < c.get("raw").size(); i++) {
                assertEquals(u64(c.get("raw").get(i)), pcg.nextLong(), what + " raw[" + i + "]");
            }
        }
    }

    @Test
    void integersMatchNumpyAcrossConsecutiveCalls() {
        int calls = 0;
        for (JsonNode c : NumpyVectors.get().get("integers")) {
            NumpyGenerator rng = NumpyGenerator.defaultRng(new BigInteger(c.get("seed").asText()));
            String what = "seed " + c.get("seed").asText();
            for (JsonNode call : c.get("calls")) {
                long low = Long.parseLong(call.get("low").asText());
                long high = Long.parseLong(call.get("high").asText());
                int size = call.get("size").asInt();
                long[] expected = new long[size];
                for (int i = 0; i < size; i++) {
                    expected[i] = Long.parseLong(call.get("values").get(i).asText());
                }
                assertArrayEquals(expected, rng.integers(low, high, size), what + " integers(" + low + ", " + high + ", " + size + ")");
                calls++;
            }
            Pcg64 pcg = rng.bitGenerator();
            assertEquals(new BigInteger(c.get("final_state").asText()), pcg.state(), what + " final state");
            assertEquals(c.get("has_uint32").asInt() == 1, pcg.hasBufferedInt(), what + " has_uint32");
            assertEquals(c.get("uinteger").asLong(), pcg.bufferedInt() & 0xFFFF_FFFFL, what + " uinteger");
        }
        assertTrue(calls > 80, "fixture holds the expected calls");
    }

    @Test
    void fillVariantConsumesTheSameBitsAsTheArrayVariant() {
        NumpyGenerator a = NumpyGenerator.defaultRng(7);
        NumpyGenerator b = NumpyGenerator.defaultRng(7);
        long[] out = new long[13];
        b.integers(0, 8156, out, 3, 7);
        b.integers(0, 8156, out, 10, 3);
        long[] expected = new long[13];
        System.arraycopy(a.integers(0, 8156, 7), 0, expected, 3, 7);
        System.arraycopy(a.integers(0, 8156, 3), 0, expected, 10, 3);
        assertArrayEquals(expected, out);
    }

    @Test
    void badArgumentsAreRefusedWithTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NumpyGenerator.defaultRng(0).integers(5, 5, 1));
        assertTrue(e.getMessage().contains("low 5") && e.getMessage().contains("high 5"), e.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new SeedSequence(-1));
        assertTrue(negative.getMessage().contains("-1"), negative.getMessage());
    }

    @Test
    void bernoulliMatchesNumpysBinomialWithOneTrial() {
        // numpy 1.24: a = np.random.default_rng(0).binomial(1, p, n); a.sum(), np.nonzero(a)[0][:12]
        long[] a = NumpyGenerator.defaultRng(0).bernoulli(0.2, 8156);
        org.junit.jupiter.api.Assertions.assertEquals(1642, java.util.Arrays.stream(a).sum());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {4, 5, 9, 10, 12, 16, 26, 27, 37, 38, 45, 49},
            java.util.stream.IntStream.range(0, a.length).filter(i -> a[i] == 1).limit(12).toArray());
        long[] b = NumpyGenerator.defaultRng(0).bernoulli(0.7, 100);
        org.junit.jupiter.api.Assertions.assertEquals(63, java.util.Arrays.stream(b).sum());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {0, 1, 2, 3, 6, 8, 11, 13, 15, 17, 18, 19},
            java.util.stream.IntStream.range(0, b.length).filter(i -> b[i] == 1).limit(12).toArray());
    }
}
