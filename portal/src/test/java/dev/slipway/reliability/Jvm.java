package dev.slipway.reliability;

/** The java launcher of the test JVM, for the processes the suite starts. */
final class Jvm {

  private Jvm() {}

  static String java() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(System.getProperty("java.home") + "/bin/java");
  }
}
