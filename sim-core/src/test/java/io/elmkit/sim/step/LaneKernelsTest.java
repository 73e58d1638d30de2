package io.elmkit.sim.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The kernel switch in a JVM without jdk.incubator.vector (sim-core's tests): plain by default;
 * {@code vector} or an unknown value is one line naming the property, what it expects and what
 * was found. (sim-vector's tests run the vector kernels themselves, with the module added.)
 */
class LaneKernelsTest {

    @Test
    void plainIsTheDefault() {
        assertEquals(null, System.getProperty(LaneKernels.PROPERTY), "this module's tests run without the switch");
        assertSame(LaneKernels.plain(), LaneKernels.selected());
        assertSame(LaneKernels.plain(), LaneKernels.named("plain"));
    }

    @Test
    void vectorWithoutTheModuleIsAOneLineError() {
        assertFalse(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "sim-core's tests run without the module");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LaneKernels.named("vector"));
        assertEquals("-Delmkit.kernels=vector needs the JVM flag --add-modules jdk.incubator.vector"
            + " (ELMKIT_KERNELS=vector ./elmkit ... adds it); found the module not loaded", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void anUnknownValueIsAOneLineError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LaneKernels.named("avx"));
        assertEquals("-Delmkit.kernels=avx: expected plain or vector", e.getMessage());
        assertTrue(LaneKernels.plain().name().equals("plain"));
    }
}
