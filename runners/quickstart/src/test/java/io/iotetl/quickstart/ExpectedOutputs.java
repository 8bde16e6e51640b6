package io.iotetl.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the outputs must hold, computed from the input file with plain code written from the
 * README's definitions (not the pipeline's parser): the distinct valid events as sent, the number
 * of invalid lines, and the daily p95 report.
 */
final class ExpectedOutputs {

  /** A valid event as sent: strings trimmed, event time in UTC epoch milliseconds. */
  record Event(
      String id, String deviceId, String type, long millis, double duration, double value) {
    String date() {
      return Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    long windowStart() {
      return millis - Math.floorMod(millis, 60_000L);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, Event> events = new LinkedHashMap<>();
  int invalidLines;

  static ExpectedOutputs of(Path input) throws IOException {
    ExpectedOutputs expected = new ExpectedOutputs();
    for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
      Event event = parse(line);
      if (event == null) {
        expected.invalidLines++;
      } else {
        expected.events.putIfAbsent(event.id(), event);
      }
    }
    return expected;
  }

  private static Event parse(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.isObject()) {
        return null;
      }
      String id = text(node, "event_id");
      String device = text(node, "device_id");
      String type = text(node, "device_type");
      String time = text(node, "event_timestamp");
      JsonNode duration = node.get("event_duration");
      JsonNode value = node.get("value");
      if (id == null
          || device == null
          || type == null
          || time == null
          || duration == null
          || !duration.isNumber()
          || value == null
          || !value.isNumber()
          || duration.asDouble() <= 0) {
        return null;
      }
      return new Event(
          id,
          device,
          type,
          OffsetDateTime.parse(time).toInstant().toEpochMilli(),
          duration.asDouble(),
          value.asDouble());
    } catch (IOException | DateTimeParseException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank()
        ? value.asText().trim()
        : null;
  }

  /** Distinct valid events per "date|type". */
  Map<String, Long> perDayAndType() {
    Map<String, Long> counts = new TreeMap<>();
    events.values().forEach(e -> counts.merge(e.date() + "|" + e.type(), 1L, Long::sum));
    return counts;
  }

  /** Distinct valid events per "windowStartMillis|type". */
  Map<String, Long> perWindowAndType() {
    Map<String, Long> counts = new TreeMap<>();
    events.values().forEach(e -> counts.merge(e.windowStart() + "|" + e.type(), 1L, Long::sum));
    return counts;
  }

  /** Average value per "windowStartMillis|type". */
  Map<String, Double> averageValuePerWindowAndType() {
    Map<String, double[]> sums = new TreeMap<>();
    events
        .values()
        .forEach(
            e -> {
              double[] sum =
                  sums.computeIfAbsent(e.windowStart() + "|" + e.type(), k -> new double[2]);
              sum[0] += e.value();
              sum[1]++;
            });
    Map<String, Double> averages = new TreeMap<>();
    sums.forEach((key, sum) -> averages.put(key, sum[0] / sum[1]));
    return averages;
  }

  /**
   * The report rows "date|type" to {p95, events_per_day, events_after_filter}: sample standard
   * deviation, values within 3 sd of the mean kept, nearest-rank p95, groups of at least 500.
   */
  Map<String, double[]> p95Report() {
    Map<String, List<Double>> groups = new TreeMap<>();
    events
        .values()
        .forEach(
            e ->
                groups
                    .computeIfAbsent(e.date() + "|" + e.type(), k -> new ArrayList<>())
                    .add(e.duration()));
    Map<String, double[]> rows = new TreeMap<>();
    groups.forEach(
        (key, values) -> {
          int n = values.size();
          if (n < 500) {
            return;
          }
          double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
          double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
          double sd = Math.sqrt(squares / (n - 1));
          List<Double> kept =
              new ArrayList<>(values.stream().filter(v -> Math.abs(v - mean) <= 3 * sd).toList());
          Collections.sort(kept);
          int k = kept.size();
          int rank = (int) Math.ceil(0.95 * k);
          rows.put(key, new double[] {kept.get(rank - 1), n, k});
        });
    return rows;
  }
}
