package io.iotetl.pipelines.analytics;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;

/**
 * The p95 report as a table, printed by the process that launched the job (on a cluster the
 * pipeline's own output goes to executor logs): the written CSV is read back and aligned.
 */
public final class P95ReportTable {

  private P95ReportTable() {}

  /** Reads {@code csvPath} (any Beam file system) and prints it as a table to {@code out}. */
  public static void print(String csvPath, PrintStream out) {
    try (InputStream in =
        Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(csvPath, false)))) {
      out.print(render(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the p95 report " + csvPath, e);
    }
  }

  /** The CSV (header first) as aligned columns, followed by the number of groups. */
  static String render(String csv) {
    List<List<String>> rows = new ArrayList<>();
    csv.lines().filter(line -> !line.isBlank()).forEach(line -> rows.add(fields(line)));
    int[] widths = new int[rows.isEmpty() ? 0 : rows.get(0).size()];
    rows.forEach(
        row -> {
          for (int i = 0; i < Math.min(widths.length, row.size()); i++) {
            widths[i] = Math.max(widths[i], row.get(i).length());
          }
        });
    StringBuilder table = new StringBuilder("\n");
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        // Date and device type to the left, numbers to the right.
        table.append(
            i < 2
                ? String.format("%-" + widths[i] + "s", cell)
                : String.format("%" + widths[i] + "s", cell));
        table.append(i + 1 < row.size() ? "  " : "\n");
      }
    }
    return table.append(Math.max(0, rows.size() - 1)).append(" group(s)\n").toString();
  }

  /** The fields of one CSV line: commas separate, double quotes enclose, "" is a quote. */
  static List<String> fields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
