package io.elmkit.io.nd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfTest {

    @Test
    void everyHalfRoundTripsThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Half.toFloat((short) bits);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals((short) bits, Half.fromFloat(f), "bits 0x" + Integer.toHexString(bits));
        }
    }

    @Test
    void knownValues() {
        assertEquals(1.0f, Half.toFloat((short) 0x3C00));
        assertEquals(-2.0f, Half.toFloat((short) 0xC000));
        assertEquals(65504.0f, Half.toFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, Half.toFloat((short) 0x7C00));
        // 1 + 2^-11 lies halfway between 1 and the next half; ties go to even (1.0).
        assertEquals((short) 0x3C00, Half.fromFloat(1.0f + 0x1p-11f));
        assertEquals((short) 0x3C01, Half.fromFloat(1.0f + 0x1p-11f + 0x1p-20f));
        assertEquals((short) 0x7C00, Half.fromFloat(70000f));
    }

    @Test
    void jvmFlagsFromArgfileReachTests() {
        // etc/jvm.options, the base every JVM gets (Surefire's argLine as the launcher's).
        assertEquals("true", System.getProperty("java.awt.headless"));
    }
}
