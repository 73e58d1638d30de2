package io.elmkit.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A test run once per golden model case ({@link ReferenceData#goldenElmCases()}), named after the
 * case and given its name as the one argument.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.elmkit.testsupport.ReferenceData#goldenElmCases")
public @interface GoldenElmCases {
}
