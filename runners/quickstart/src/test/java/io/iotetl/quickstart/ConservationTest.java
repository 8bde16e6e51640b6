package io.iotetl.quickstart;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Nothing lost, nothing altered: a seeded multi-day input replayed into a 4-partition topic, the
 * quickstart's unbounded streaming ETL until drained, then the daily p95; every output is copied
 * out of the bucket and read back with DuckDB, and checked against a plain reading of the input
 * file ({@link ExpectedOutputs}), never against the pipeline's counters.
 *
 * <p>CI runs two configurations. {@code -Dconservation.runs=N} runs N seeds (from {@code
 * -Dconservation.firstSeed}, default 1) over both runners and micro-batch sizes from 200 records to
 * unlimited (the stress profile in the README).
 */
class ConservationTest {

  private static final long[] BATCH_SIZES = {-1, 200, 1000, 5000};

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> everyValidEventIsConservedFromKafkaToEveryOutput() {
    int runs = Integer.getInteger("conservation.runs", 0);
    if (runs <= 0) {
      return Stream.of(run(1, "SparkRunner", 500), run(2, "DirectRunner", -1));
    }
    int first = Integer.getInteger("conservation.firstSeed", 1);
    return IntStream.range(first, first + runs)
        .mapToObj(
            seed ->
                run(
                    seed,
                    seed % 5 == 0 ? "DirectRunner" : "SparkRunner",
                    BATCH_SIZES[seed % BATCH_SIZES.length]));
  }

  private DynamicTest run(long seed, String runner, long batchSize) {
    return DynamicTest.dynamicTest(
        "seed "
            + seed
            + ", "
            + runner
            + ", micro-batches "
            + (batchSize < 0 ? "unlimited" : batchSize),
        () -> check(seed, runner, batchSize));
  }

  private void check(long seed, String runner, long batchSize) throws Exception {
    Path runDir = Files.createDirectories(dir.resolve("seed-" + seed));
    Path input = ConservationInput.write(runDir.resolve("events.jsonl"), seed, 2_400, 3);
    ExpectedOutputs expected = ExpectedOutputs.of(input);
    Path outputs = runDir.resolve("outputs");
    int exit;
    try {
      exit =
          new CommandLine(new Quickstart())
              .execute(
                  "--events-file=" + input,
                  "--runner=" + runner,
                  "--spark-master=local[2]",
                  "--partitions=4",
                  "--max-records-per-batch=" + batchSize,
                  "--report-dir=" + runDir.resolve("report"),
                  "--download-dir=" + outputs,
                  "--timeout-minutes=10");
    } finally {
      if (runner.equals("SparkRunner")) {
        SparkRunnerStatics.clear(); // the next run is a new job in this JVM
      }
    }
    assertThat("quickstart exit code", exit, is(0));

    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement()) {
      assertRawEventsAreTheValidEventsAsSent(sql, outputs, expected);
      assertEveryEventCountedInItsWindow(sql, outputs, expected);
      assertThat(
          "dead_letter/ lines = invalid input lines",
          longValue(
              sql,
              "SELECT count(*) FROM read_json_auto('"
                  + outputs
                  + "/dead_letter/*.jsonl', format='newline_delimited')"),
          is((long) expected.invalidLines));
      assertP95ReportMatchesTheDefinition(
          sql, outputs.resolve("analytics/p95_event_duration/p95_event_duration.csv"), expected);
    }
  }

  private static void assertRawEventsAreTheValidEventsAsSent(
      Statement sql, Path outputs, ExpectedOutputs expected) throws SQLException {
    String raw = "read_parquet('" + outputs + "/raw_events/*/*.parquet', hive_partitioning = true)";
    assertThat(
        "raw rows = distinct valid events (each once)",
        longValue(sql, "SELECT count(*) FROM " + raw),
        is((long) expected.events.size()));
    Map<String, Long> perDay = new TreeMap<>();
    List<String> altered = new ArrayList<>();
    try (ResultSet rows =
        sql.executeQuery(
            "SELECT event_id, device_id, device_type, epoch_ms(event_timestamp),"
                + " event_duration, value, CAST(event_date AS VARCHAR) FROM "
                + raw)) {
      while (rows.next()) {
        ExpectedOutputs.Event sent = expected.events.get(rows.getString(1));
        ExpectedOutputs.Event read =
            new ExpectedOutputs.Event(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getLong(4),
                rows.getDouble(5),
                rows.getDouble(6));
        if (!read.equals(sent) || !rows.getString(7).equals(read.date())) {
          altered.add("sent " + sent + ", read " + read + " in event_date=" + rows.getString(7));
        }
        perDay.merge(read.date() + "|" + read.type(), 1L, Long::sum);
      }
    }
    assertThat(
        "raw rows that differ from what was sent",
        altered.subList(0, Math.min(5, altered.size())),
        is(empty()));
    assertThat(
        "distinct events per UTC date and device_type", perDay, equalTo(expected.perDayAndType()));
  }

  /**
   * The input is in the topic before the job starts (a backfill): however the micro-batches cut it
   * and the partitions are read, every event counts in its window, none is late, one row per
   * window.
   */
  private static void assertEveryEventCountedInItsWindow(
      Statement sql, Path outputs, ExpectedOutputs expected) throws SQLException, IOException {
    Map<String, Long> counted = new TreeMap<>();
    Map<String, Double> averages = new TreeMap<>();
    try (ResultSet rows =
        sql.executeQuery(
            "SELECT epoch_ms(window_start), device_type, sum(event_count), count(*),"
                + " any_value(avg_value), min(CAST(window_date AS VARCHAR)),"
                + " max(CAST(window_date AS VARCHAR)) FROM read_parquet('"
                + outputs
                + "/stream_output/*/*.parquet', hive_partitioning = true) GROUP BY 1, 2")) {
      while (rows.next()) {
        String key = rows.getLong(1) + "|" + rows.getString(2);
        assertThat("aggregate rows of window " + key, rows.getLong(4), is(1L));
        String date = java.time.Instant.ofEpochMilli(rows.getLong(1)).toString().substring(0, 10);
        assertThat("window_date partition of " + key, rows.getString(6), equalTo(date));
        assertThat("window_date partition of " + key, rows.getString(7), equalTo(date));
        counted.put(key, rows.getLong(3));
        averages.put(key, rows.getDouble(5));
      }
    }
    assertThat(
        "late_events/ of a backfill", Files.exists(outputs.resolve("late_events")), is(false));
    try (Stream<Path> files = Files.walk(outputs.resolve("stream_output"))) {
      long count = files.filter(f -> f.toString().endsWith(".parquet")).count();
      // Windows that close together are written together: files scale with flushes, not windows.
      assertThat("stream_output/ files of a 3-day backfill", count, lessThan(60L));
    }
    assertThat(
        "per window and type: event_count = distinct valid events",
        counted,
        equalTo(expected.perWindowAndType()));
    expected
        .averageValuePerWindowAndType()
        .forEach(
            (key, average) ->
                assertThat("avg_value of " + key, averages.get(key), closeTo(average, 1e-9)));
  }

  private static void assertP95ReportMatchesTheDefinition(
      Statement sql, Path csv, ExpectedOutputs expected) throws SQLException {
    Map<String, double[]> reference = expected.p95Report();
    assertThat(
        "the 500-event group is reported",
        reference.keySet().stream().anyMatch(k -> k.endsWith("|" + ConservationInput.TYPE_500)),
        is(true));
    Map<String, double[]> report = new TreeMap<>();
    try (ResultSet rows =
        sql.executeQuery(
            "SELECT CAST(event_date AS VARCHAR), device_type, p95_event_duration,"
                + " events_per_day, events_after_filter FROM read_csv('"
                + csv
                + "', header = true)")) {
      while (rows.next()) {
        report.put(
            rows.getString(1) + "|" + rows.getString(2),
            new double[] {rows.getDouble(3), rows.getLong(4), rows.getLong(5)});
      }
    }
    assertThat("report groups", report.keySet(), equalTo(reference.keySet()));
    reference.forEach(
        (group, row) -> {
          assertThat(group + " p95", report.get(group)[0], closeTo(row[0], 1e-9));
          assertThat(group + " events_per_day", report.get(group)[1], is(row[1]));
          assertThat(group + " events_after_filter", report.get(group)[2], is(row[2]));
        });
  }

  private static long longValue(Statement sql, String query) throws SQLException {
    try (ResultSet rows = sql.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
