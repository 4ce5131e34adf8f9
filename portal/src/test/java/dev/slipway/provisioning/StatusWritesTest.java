package dev.slipway.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No code writes an environment's status but through a move of {@link EnvironmentStateMachine}:
 * every SQL statement in the main sources that sets {@code environment.status} (or inserts an
 * environment row) is in {@link EnvironmentRepository}, in a method that takes a {@link
 * EnvironmentStateMachine.Transition}, which only the table makes.
 */
class StatusWritesTest {

  private static final Path MAIN = Path.of("src/main/java");

  private static final Pattern UPDATE =
      Pattern.compile(
          "update\\s+environment(?![_\\w])\\s+(?:\\w+\\s+)?set\\s+(.*?)(?=\\bfrom\\b|\\bwhere\\b|\"\"\"|\")",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern INSERT =
      Pattern.compile("insert\\s+into\\s+environment\\s*\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern STATUS = Pattern.compile("\\bstatus\\s*=", Pattern.CASE_INSENSITIVE);
  private static final Pattern METHOD =
      Pattern.compile("\\n  (?:[\\w<>\\[\\],.? ]+ )?(\\w+)\\(([^)]*)\\)[^;{]*\\{");

  /** A status write found in a source file: where, and the method it is in. */
  record Write(String file, String method, String parameters) {
    boolean throughTheTable() {
      return file.endsWith("provisioning/EnvironmentRepository.java")
          && parameters.matches("(?s).*\\bTransition\\b.*");
    }
  }

  static List<Write> writes(String file, String source) {
    List<Integer> at = new ArrayList<>();
    Matcher update = UPDATE.matcher(source);
    while (update.find()) {
      if (STATUS.matcher(update.group(1)).find()) {
        at.add(update.start());
      }
    }
    Matcher insert = INSERT.matcher(source);
    while (insert.find()) {
      at.add(insert.start());
    }
    List<Write> writes = new ArrayList<>();
    for (int position : at) {
      Matcher method = METHOD.matcher(source.substring(0, position));
      String name = "?";
      String parameters = "";
      while (method.find()) {
        name = method.group(1);
        parameters = method.group(2);
      }
      writes.add(new Write(file, name, parameters));
    }
    return writes;
  }

  private static List<Write> mainWrites() throws IOException {
    List<Write> writes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .forEach(
              p -> {
                try {
                  writes.addAll(
                      writes(
                          MAIN.relativize(p).toString().replace('\\', '/'), Files.readString(p)));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return writes;
  }

  @Test
  void everyStatusWriteTakesATransitionFromTheTable() throws IOException {
    List<Write> writes = mainWrites();
    assertThat(writes)
        .extracting(Write::method)
        .as("the writes this test knows of: a new row, a move, an expiry, an extension")
        .contains("insert", "transition", "expire", "extend");
    assertThat(writes).allMatch(Write::throughTheTable);
  }

  @Test
  void theScanFindsAStatusWrittenWithoutATransition() {
    // Guards the test above against passing vacuously.
    String sneaky =
        """
        class EnvironmentRepository {
          void sneak(UUID id) {
            jdbc.sql(\"""
                update environment set status = 'READY', updated_at = now() where id = :id\""")
                .update();
          }

          boolean transition(UUID id, Transition move, String reason) {
            return jdbc.sql("update environment e set status = :to where id = :id").update() == 1;
          }

          void replaceObjects(UUID id) {
            jdbc.sql("update environment_object set status = :status where id = :id").update();
            jdbc.sql("update environment set expires_at = :at where id = :id").update();
          }
        }
        """;
    List<Write> writes =
        writes("dev/slipway/provisioning/EnvironmentRepository.java", "\n" + sneaky);
    assertThat(writes).extracting(Write::method).containsExactly("sneak", "transition");
    assertThat(writes.get(0).throughTheTable()).isFalse();
    assertThat(writes.get(1).throughTheTable()).isTrue();
    assertThat(writes("dev/slipway/audit/Other.java", "\n  void x() {\n insert into environment ("))
        .noneMatch(Write::throughTheTable);
  }
}
