package io.iotetl.quickstart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded JSON-lines input written the way devices deliver: three UTC days of bursts, in
 * event-time order with seconds of jitter, 3% of events 5-30 minutes late, 0.3% hours late, 0.2%
 * more than a day late, 1% exact re-deliveries, invalid records of every kind, device types with
 * capitals, punctuation, a space and a comma, timestamps with offsets, and two groups of exactly
 * 500 and 499 distinct events on the middle day.
 */
final class ConservationInput {

  static final String TYPE_500 = "Edge.Case-500";
  static final String TYPE_499 = "edge.case-499";
  private static final String[] TYPES = {
    "Thermostat-X.v2", "sensor_temp", "AirQuality_PM2.5", "Door Lock,Front"
  };
  private static final String[] OFFSETS = {"+02:00", "-05:00", "+05:30", "+00:00"};
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private record Line(long arrivalMillis, String text) {}

  private ConservationInput() {}

  /**
   * Writes about {@code eventsPerDay} events a day (plus the edge groups) for three days ending
   * {@code daysAgo} days ago.
   */
  static Path write(Path file, long seed, int eventsPerDay, int daysAgo) throws IOException {
    Random random = new Random(seed);
    LocalDate first = LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo + 2L);
    List<Line> lines = new ArrayList<>();
    for (int day = 0; day < 3; day++) {
      long midnight = first.plusDays(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      for (int i = 0; i < eventsPerDay; i++) {
        // Two bursts a day, 30 minutes each: several days, a bounded number of windows to write.
        long time =
            midnight
                + (2 + 12L * random.nextInt(2)) * 3_600_000L
                + (long) (random.nextDouble() * 1_800_000L);
        addEvent(lines, random, TYPES[random.nextInt(TYPES.length)], time);
      }
      if (day == 1) {
        for (int i = 0; i < 500; i++) {
          addEvent(lines, random, TYPE_500, midnight + 2 * 3_600_000L + random.nextInt(1_800_000));
        }
        for (int i = 0; i < 499; i++) {
          addEvent(lines, random, TYPE_499, midnight + 14 * 3_600_000L + random.nextInt(1_800_000));
        }
      }
      addInvalid(lines, random, midnight + 2 * 3_600_000L);
    }
    lines.sort(Comparator.comparingLong(Line::arrivalMillis));
    Files.write(file, lines.stream().map(Line::text).toList(), StandardCharsets.UTF_8);
    return file;
  }

  private static void addEvent(List<Line> lines, Random random, String type, long eventTime) {
    String json =
        String.format(
            Locale.ROOT,
            "{\"event_id\":\"%s\",\"device_id\":\"Dev-%02d.%s\",\"device_type\":\"%s\",\"event_timestamp\":\"%s\","
                + "\"event_duration\":%s,\"value\":%s}",
            new UUID(random.nextLong(), random.nextLong()),
            random.nextInt(40),
            type.substring(0, 3),
            type,
            timestamp(random, eventTime),
            duration(random),
            Math.round(random.nextGaussian() * 1000) / 100.0);
    long arrival = eventTime + random.nextInt(5_000) + lateness(random);
    lines.add(new Line(arrival, json));
    if (random.nextDouble() < 0.01) {
      lines.add(new Line(arrival + random.nextInt(300_000), json)); // re-delivered, byte for byte
    }
  }

  private static long lateness(Random random) {
    double p = random.nextDouble();
    if (p < 0.002) {
      return (25 + random.nextInt(15)) * 3_600_000L; // more than a day
    }
    if (p < 0.005) {
      return (2 + random.nextInt(8)) * 3_600_000L; // hours
    }
    if (p < 0.035) {
      return (5 + random.nextInt(25)) * 60_000L; // minutes
    }
    return 0;
  }

  /** Durations around 1-3 s with a few outliers far beyond three standard deviations. */
  private static String duration(Random random) {
    double seconds =
        random.nextDouble() < 0.005 ? 500 + random.nextInt(500) : 0.5 + 2.5 * random.nextDouble();
    return String.format(Locale.ROOT, "%.3f", seconds);
  }

  private static String timestamp(Random random, long millis) {
    Instant instant = Instant.ofEpochMilli(millis);
    if (random.nextDouble() < 0.4) {
      return instant.toString();
    }
    return ISO_MILLIS.format(
        instant.atOffset(java.time.ZoneOffset.of(OFFSETS[random.nextInt(OFFSETS.length)])));
  }

  private static void addInvalid(List<Line> lines, Random random, long at) {
    String id = new UUID(random.nextLong(), random.nextLong()).toString();
    String ts = Instant.ofEpochMilli(at).toString();
    List<String> bad =
        List.of(
            "{\"event_id\":\"" + id + "\",\"device_id\":\"d\",\"device_type\":\"sensor_temp\"",
            "not json at all",
            "{\"event_id\":\""
                + id
                + "-a\",\"device_type\":\"sensor_temp\",\"event_timestamp\":\""
                + ts
                + "\",\"event_duration\":1,\"value\":1}",
            "{\"event_id\":\""
                + id
                + "-b\",\"device_id\":\"d\",\"device_type\":\"sensor_temp\",\"event_timestamp\":\""
                + ts
                + "\",\"event_duration\":-1,\"value\":1}",
            "{\"event_id\":\""
                + id
                + "-c\",\"device_id\":\"d\",\"device_type\":\"sensor_temp\",\"event_timestamp\":\"yesterday\","
                + "\"event_duration\":1,\"value\":1}",
            "{\"event_id\":\""
                + id
                + "-d\",\"device_id\":\"d\",\"device_type\":\"sensor_temp\",\"event_timestamp\":\""
                + ts
                + "\",\"event_duration\":1,\"value\":\"12\"}",
            "{\"event_id\":\""
                + id
                + "-e\",\"device_id\":null,\"device_type\":\"sensor_temp\",\"event_timestamp\":\""
                + ts
                + "\",\"event_duration\":1,\"value\":1}",
            "[1,2,3]");
    for (String line : bad) {
      lines.add(new Line(at + random.nextInt(3_600_000), line));
    }
    lines.add(new Line(at + 3_700_000, bad.get(1))); // an invalid record delivered twice
  }
}
