package io.elmkit.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SystemSettingTest {
    private static final String NAME = "elmkit.test.system-setting";

    @AfterEach
    void clear() {
        System.clearProperty(NAME);
    }

    @Test
    void absentGivesTheDefaultPresentIsParsed() {
        assertEquals(60, SystemSetting.get(NAME, 60, 1, 100));
        System.setProperty(NAME, " 7 ");
        assertEquals(7, SystemSetting.get(NAME, 60, 1, 100));
    }

    @Test
    void aTypoOrAValueOutOfRangeFailsInOneLineNamingTheProperty() {
        System.setProperty(NAME, "6O");
        assertEquals("-D" + NAME + ": expected a whole number 1 .. 100, found '6O'",
            assertThrows(IllegalArgumentException.class, () -> SystemSetting.get(NAME, 60, 1, 100)).getMessage());
        System.setProperty(NAME, "0");
        assertEquals("-D" + NAME + ": expected a whole number 1 .. 100, found 0",
            assertThrows(IllegalArgumentException.class, () -> SystemSetting.get(NAME, 60, 1, 100)).getMessage());
    }
}
