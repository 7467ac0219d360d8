package dev.detach.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference (the table between {@code <!-- configuration keys: begin} and {@code
 * <!-- configuration keys: end -->}) and the code name the same keys, and every default it documents is a
 * value the configuration accepts.
 */
class ReadmeConfigurationTest {

  private static final String BEGIN = "<!-- configuration keys: begin";
  private static final String END = "<!-- configuration keys: end -->";
  /** A table row: the key in backticks in the first cell, the second cell (the default). */
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|([^|]*)\\|");

  /** The documented keys, in table order, each with its default cell. */
  private static Map<String, String> documented() throws IOException {
    Path readme = Path.of(System.getProperty("basedir", "."), "..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("%s in %s", BEGIN, readme).isNotNegative();
    assertThat(end).as("%s after %s in %s", END, BEGIN, readme).isGreaterThan(begin);
    Map<String, String> keys = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (String line : text.substring(begin, end).split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.find() && keys.put(row.group(1), row.group(2).trim()) != null) {
        duplicates.add(row.group(1));
      }
    }
    assertThat(duplicates).as("keys documented twice").isEmpty();
    return keys;
  }

  @Test
  void theReadmeDocumentsEveryKeyAndNoOther() throws IOException {
    List<String> inCode = new ArrayList<>(AgentConfig.KEYS);
    inCode.add(AgentConfig.CONFIG);

    assertThat(documented().keySet())
        .as("keys in the README's configuration table; AgentConfig.KEYS and config are the keys in the code")
        .containsExactlyInAnyOrderElementsOf(inCode);
  }

  @Test
  void everyDocumentedDefaultIsAValueTheKeyAccepts() throws IOException {
    for (Map.Entry<String, String> key : documented().entrySet()) {
      Matcher value = Pattern.compile("^`([^`]*)`").matcher(key.getValue());
      if (key.getKey().equals(AgentConfig.CONFIG) || !value.find()) {
        continue; // (none): nothing to set
      }
      assertThatCode(() -> AgentConfig.load(null, Map.of("detach." + key.getKey(), value.group(1)), Map.of()))
          .as("the documented default of %s, %s", key.getKey(), value.group(1))
          .doesNotThrowAnyException();
    }
  }
}
