package io.iotetl.pipelines.analytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.iotetl.pipelines.model.DailyP95Row;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class P95ReportTableTest {

  @Test
  void quotedDeviceTypesAreOneField() {
    assertThat(
        P95ReportTable.fields("2026-01-05,\"Door Lock,\"\"Front\"\"\",2.5,600,598"),
        contains("2026-01-05", "Door Lock,\"Front\"", "2.5", "600", "598"));
  }

  @Test
  void writtenReportIsPrintedAsATableByTheCaller(@TempDir Path dir) throws Exception {
    Path csv =
        Files.writeString(
            dir.resolve("p95_event_duration.csv"),
            DailyP95Row.CSV_HEADER + "\n2026-01-05,Thermostat-X.v2,2.875,600,598\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    P95ReportTable.print(csv.toString(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertThat(table, containsString("event_date  device_type      p95_event_duration"));
    assertThat(table, containsString("2026-01-05  Thermostat-X.v2"));
    assertThat(table.endsWith("1 group(s)\n"), is(true));
  }
}
