package dev.detach.it.carriers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The JVM this surefire execution forked is the Java it claims ({@code it.expectJava}, from the pom): a JDK 25
 * execution that quietly ran on 17 would pass everything that JDK 25 is meant to check.
 */
class ForkedJvmTest {
  @Test
  void theForkedJvmIsTheJavaTheExecutionIsFor() {
    String expected = System.getProperty("it.expectJava");
    assertThat(expected).as("it.expectJava (set by every surefire execution of this module)").isNotNull();
    assertThat(Runtime.version().feature()).as("the forked JVM's Java (%s)", System.getProperty("java.home"))
        .isEqualTo(Integer.parseInt(expected));
  }
}
