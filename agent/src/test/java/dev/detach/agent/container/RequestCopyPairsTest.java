package dev.detach.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The flat name/value store of the request copy. What a detached task reads through it on every container
 * line is covered by the container suites' {@code RequestCopyContract}; this covers its edges directly.
 */
class RequestCopyPairsTest {

  @Test
  void aNameWithSeveralValuesIsListedOnceInTheOrderFirstSeen() {
    RequestCopy.Pairs pairs = new RequestCopy.Pairs(1);
    String accept = "Accept";
    pairs.add("Host", "example.test");
    pairs.add(accept, "text/html");
    pairs.add(accept, "application/json");
    pairs.add("X-Empty", null);

    assertThat(pairs.names()).containsExactly("Host", "Accept", "X-Empty");
    assertThat(pairs.size).isEqualTo(8); // grew past its first capacity of one pair
  }

  @Test
  void lookupsAreExactOrIgnoreCaseAsAsked() {
    RequestCopy.Pairs pairs = new RequestCopy.Pairs(4);
    pairs.add("Content-Type", "text/plain");
    pairs.add("item", new String[] {"book"});

    assertThat(pairs.indexOf("content-type", true)).isZero();
    assertThat(pairs.indexOf("content-type", false)).isEqualTo(-1);
    assertThat(pairs.value("Item")).isNull();
    assertThat((String[]) pairs.value("item")).containsExactly("book");
    assertThat(pairs.value(null)).isNull();
  }

  @Test
  void theMapKeepsTheFirstValueOfANameInOrder() {
    RequestCopy.Pairs pairs = new RequestCopy.Pairs(2);
    pairs.add("b", 2);
    pairs.add("a", 1);
    pairs.add("b", 3);

    assertThat(pairs.toMap()).containsExactly(
        org.assertj.core.api.Assertions.entry("b", 2), org.assertj.core.api.Assertions.entry("a", 1));
  }

  @Test
  void headerNamesAreSharedBetweenCopies() {
    String first = RequestCopy.sharedName(new String("X-Shared-Name-Test"));
    String second = RequestCopy.sharedName(new String("X-Shared-Name-Test"));

    assertThat(second).isSameAs(first);
  }
}
