package dev.haingestor.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The commit the benchmark ran on, and whether the working tree differed from it. */
public record SourceVersion(String commit, boolean dirty) {

  public static SourceVersion of(Path root) {
    String commit = git(root, "rev-parse", "--short=12", "HEAD");
    String status = git(root, "status", "--porcelain", "--untracked-files=no");
    return new SourceVersion(
        commit == null || commit.isBlank() ? "unknown" : commit.trim(),
        status != null && !status.isBlank());
  }

  @Override
  public String toString() {
    return commit + (dirty ? " (with uncommitted changes)" : "");
  }

  private static String git(Path root, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return null;
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
