package dev.slipway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared compatibility fixtures (real OpenShift templates, Sloth cases) that sit beside the
 * repository as {@code ../shared/compat}. A missing fixture fails the test: it never skips it.
 */
public final class Compat {

  private Compat() {}

  public static Path file(String relative) {
    Path root = Path.of("").toAbsolutePath();
    // Maven runs a module's tests in the module's folder; the fixtures are beside the repository.
    for (Path dir = root; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/compat").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    assertThat((Path) null)
        .as("compat fixture %s not found beside the repository (../shared/compat)", relative)
        .isNotNull();
    throw new AssertionError("unreachable");
  }
}
