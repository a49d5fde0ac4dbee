package dev.haingestor.e2e.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The suite's result table: one row per fault, printed and written as Markdown at the end. */
final class FaultReport {

  /**
   * One fault's outcome.
   *
   * @param recovery from the end of the fault to every event fired until then being in InfluxDB;
   *     {@code null} when it never got there
   * @param verdict {@code ok} or what failed
   */
  record Row(
      String fault,
      int emitted,
      int stored,
      int duplicates,
      int deadLettered,
      Duration recovery,
      String verdict) {}

  private final List<Row> rows = new ArrayList<>();
  private final Instant started = Instant.now();
  private String header = "";
  private final List<String> notes = new ArrayList<>();

  synchronized void header(String text) {
    header = text;
  }

  synchronized void add(Row row) {
    rows.add(row);
    System.out.println("[faults] " + row);
  }

  /** A line printed below the table (e.g. the secrets check). */
  synchronized void note(String text) {
    notes.add(text);
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  synchronized String markdown() {
    StringBuilder text = new StringBuilder();
    text.append("Fault suite, ")
        .append(started)
        .append(", ")
        .append(Duration.between(started, Instant.now()).toSeconds())
        .append(" s. ")
        .append(header)
        .append("\n\n");
    text.append(
        "| Fault | Events emitted | Stored | Duplicates | Dead-lettered | Recovery time | Result |\n");
    text.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (Row row : rows) {
      text.append("| ")
          .append(row.fault())
          .append(" | ")
          .append(row.emitted())
          .append(" | ")
          .append(row.stored())
          .append(" | ")
          .append(row.duplicates())
          .append(" | ")
          .append(row.deadLettered())
          .append(" | ")
          .append(
              row.recovery() == null
                  ? "—"
                  : String.format(Locale.ROOT, "%.1f s", row.recovery().toMillis() / 1000.0))
          .append(" | ")
          .append(row.verdict().replace("|", "/").replace("\n", " "))
          .append(" |\n");
    }
    for (String note : notes) {
      text.append("\n").append(note).append("\n");
    }
    return text.toString();
  }

  /** Prints the table and writes it to {@code file}. */
  synchronized void publish(Path file) {
    String table = markdown();
    System.out.println("\n" + table);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, table);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
