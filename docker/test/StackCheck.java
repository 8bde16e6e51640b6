import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The Docker stack test's own input and its independent check of the outputs, with DuckDB
 * (run as a single-file program: {@code java -cp duckdb_jdbc.jar StackCheck.java ...}).
 *
 * <ul>
 *   <li>{@code generate DIR}: writes {@code DIR/events.jsonl} (what the producer replays: valid
 *       events with capitals, punctuation and non-ASCII in their identifiers, timestamps with
 *       offsets, up to 30 hours old, out of order, some sent twice, plus malformed records) and
 *       {@code DIR/expected.jsonl} (each distinct valid event as the ETL must write it, time in UTC
 *       milliseconds) and {@code DIR/malformed.count}.
 *   <li>{@code check BUCKET_DIR INPUT_DIR GENERATED}: reads the bucket's files (copied out of the S3
 *       server) and exits 0 only if {@code raw_events/} holds every expected event exactly once with
 *       every field as sent, in its {@code event_date=} partition, plus {@code GENERATED} further
 *       distinct events from the producer's generator, and {@code dead_letter/} holds one record per
 *       malformed input line.
 * </ul>
 */
public final class StackCheck {

  private static final String[] DEVICE_TYPES = {"Sensor_Temp", "sensor.humidity-EU", "MOTION/2"};
  private static final String[] OFFSETS = {"Z", "+02:00", "-05:30", "+00:00", "+14:00"};

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("generate")) {
      generate(Path.of(args[1]), Instant.now());
    } else if (args.length == 4 && args[0].equals("check")) {
      System.exit(check(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3])) ? 0 : 1);
    } else {
      System.err.println("usage: StackCheck generate DIR | check BUCKET_DIR INPUT_DIR GENERATED");
      System.exit(2);
    }
  }

  static void generate(Path dir, Instant now) throws IOException {
    Random random = new Random(20261126);
    List<String> lines = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String id = new UUID(random.nextLong(), random.nextLong()).toString();
      String device = String.format("Dev-%02d.Köln/%s", i % 17, i % 2 == 0 ? "A" : "b");
      String type = DEVICE_TYPES[i % DEVICE_TYPES.length];
      // Up to 30 hours old: minutes, hours and more than a day late against the newest.
      long ageMillis = (long) (random.nextDouble() * Duration.ofHours(30).toMillis());
      Instant time = now.minusMillis(ageMillis).truncatedTo(ChronoUnit.MILLIS);
      String offset = OFFSETS[i % OFFSETS.length];
      String stamp =
          offset.equals("Z")
              ? time.toString()
              : time.atOffset(ZoneOffset.of(offset)).toLocalDateTime() + offset;
      double duration = Math.round((0.5 + random.nextDouble() * 300) * 1000) / 1000.0;
      double value = Math.round((random.nextDouble() * 200 - 50) * 100) / 100.0;
      String line =
          String.format(
              "{\"event_id\":\"%s\",\"device_id\":\"%s\",\"device_type\":\"%s\","
                  + "\"event_timestamp\":\"%s\",\"event_duration\":%s,\"value\":%s}",
              id, device, type, stamp, duration, value);
      lines.add(line);
      if (i % 20 == 0) {
        lines.add(line); // a re-delivery, byte for byte
      }
      expected.add(
          String.format(
              "{\"event_id\":\"%s\",\"device_id\":\"%s\",\"device_type\":\"%s\","
                  + "\"ts_millis\":%d,\"event_duration\":%s,\"value\":%s}",
              id, device, type, time.toEpochMilli(), duration, value));
    }
    List<String> malformed =
        List.of(
            "{not json",
            "{\"event_id\":\"m-1\",\"device_type\":\"x\",\"event_timestamp\":\"2026-01-01T00:00:00Z\","
                + "\"event_duration\":1,\"value\":1}",
            "{\"event_id\":\"m-2\",\"device_id\":\"d\",\"device_type\":\"x\","
                + "\"event_timestamp\":\"yesterday\",\"event_duration\":1,\"value\":1}",
            "{\"event_id\":\"m-3\",\"device_id\":\"d\",\"device_type\":\"x\","
                + "\"event_timestamp\":\"2026-01-01T00:00:00Z\",\"event_duration\":-4,\"value\":1}",
            "{\"event_id\":\"m-4\",\"device_id\":\"d\",\"device_type\":\"x\","
                + "\"event_timestamp\":\"2026-01-01T00:00:00Z\",\"event_duration\":1,\"value\":\"hot\"}",
            "[1,2,3]");
    lines.addAll(malformed);
    Collections.shuffle(lines, random);
    Files.createDirectories(dir);
    Files.write(dir.resolve("events.jsonl"), lines, StandardCharsets.UTF_8);
    Files.write(dir.resolve("expected.jsonl"), expected, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("malformed.count"), Integer.toString(malformed.size()));
    System.out.printf(
        "%d lines: %d distinct valid events, %d re-deliveries, %d malformed%n",
        lines.size(), expected.size(), lines.size() - expected.size() - malformed.size(),
        malformed.size());
  }

  static boolean check(Path bucket, Path input, long generated) throws Exception {
    Path rawDir = bucket.resolve("raw_events");
    if (!Files.isDirectory(rawDir)) {
      System.out.println("raw_events/ not written yet");
      return false;
    }
    long expectedCount = Files.readAllLines(input.resolve("expected.jsonl")).size();
    long malformed = Long.parseLong(Files.readString(input.resolve("malformed.count")).trim());
    String raw =
        "read_parquet('" + rawDir + "/event_date=*/*.parquet', filename = true, "
            + "hive_partitioning = false)";
    String expected =
        "read_json('" + input.resolve("expected.jsonl") + "', columns = {event_id: 'VARCHAR', "
            + "device_id: 'VARCHAR', device_type: 'VARCHAR', ts_millis: 'BIGINT', "
            + "event_duration: 'DOUBLE', value: 'DOUBLE'})";
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = db.createStatement()) {
      long rows = single(sql, "SELECT count(*) FROM " + raw);
      long distinct = single(sql, "SELECT count(DISTINCT event_id) FROM " + raw);
      long missingOrAltered =
          single(
              sql,
              "SELECT count(*) FROM "
                  + expected
                  + " e LEFT JOIN "
                  + raw
                  + " r USING (event_id) WHERE r.event_id IS NULL OR r.device_id <> e.device_id"
                  + " OR r.device_type <> e.device_type"
                  + " OR epoch_ms(r.event_timestamp) <> e.ts_millis"
                  + " OR r.event_duration <> e.event_duration OR r.value <> e.value");
      long misplaced =
          single(
              sql,
              "SELECT count(*) FROM "
                  + raw
                  + " WHERE r_date <> event_date OR filename NOT LIKE '%/event_date=' || r_date || '/%'"
                      .replace("r_date", "strftime(event_timestamp, '%Y-%m-%d')"));
      long deadLetters = deadLetterLines(bucket.resolve("dead_letter"));
      long wantRows = expectedCount + generated;
      System.out.printf(
          "raw_events: %d rows, %d distinct ids (want %d); replayed events missing or altered: %d;"
              + " in the wrong partition: %d; dead letters: %d (want %d)%n",
          rows, distinct, wantRows, missingOrAltered, misplaced, deadLetters, malformed);
      return rows == wantRows
          && distinct == wantRows
          && missingOrAltered == 0
          && misplaced == 0
          && deadLetters == malformed;
    } catch (SQLException e) {
      // Typically a Parquet file caught while it was being copied: the caller tries again.
      System.out.println("cannot read the outputs yet: " + e.getMessage().lines().findFirst().orElse(""));
      return false;
    }
  }

  private static long single(Statement sql, String query) throws SQLException {
    try (ResultSet result = sql.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static long deadLetterLines(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      long lines = 0;
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (file.toString().contains(".temp")) {
          continue; // a file still being written
        }
        lines += Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
      }
      return lines;
    }
  }
}
