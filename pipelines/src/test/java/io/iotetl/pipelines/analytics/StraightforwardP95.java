package io.iotetl.pipelines.analytics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An independent, deliberately plain computation of the report, written from the definitions in the
 * README, to check the pipeline against.
 */
final class StraightforwardP95 {

  private StraightforwardP95() {}

  /** {p95, eventsPerDay, eventsAfterFilter} or empty. */
  static Optional<double[]> of(List<Double> values, long minEvents) {
    int n = values.size();
    if (n < minEvents || n < 2) {
      return Optional.empty();
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    List<Double> kept = new ArrayList<>();
    for (double v : values) {
      if (Math.abs(v - mean) <= 3 * sd) {
        kept.add(v);
      }
    }
    Collections.sort(kept);
    for (double candidate : kept) {
      long atOrBelow = kept.stream().filter(x -> x <= candidate).count();
      if (atOrBelow >= 0.95 * kept.size()) {
        return Optional.of(new double[] {candidate, n, kept.size()});
      }
    }
    throw new AssertionError("unreachable");
  }

  /**
   * Expected CSV rows (without header), from (eventId, date, type, duration) tuples deduplicated by
   * event id: of deliveries that disagree, the smallest date, then type, then duration counts.
   */
  static List<String> csvRows(List<String[]> events, long minEvents) {
    Comparator<String[]> order =
        Comparator.<String[], String>comparing(e -> e[1])
            .thenComparing(e -> e[2])
            .thenComparingDouble(e -> Double.parseDouble(e[3]));
    Map<String, String[]> byId = new TreeMap<>();
    for (String[] e : events) {
      byId.merge(e[0], e, (a, b) -> order.compare(a, b) <= 0 ? a : b);
    }
    Map<String, List<Double>> groups = new TreeMap<>();
    for (String[] e : byId.values()) {
      groups
          .computeIfAbsent(e[1] + "," + e[2], k -> new ArrayList<>())
          .add(Double.parseDouble(e[3]));
    }
    List<String> rows = new ArrayList<>();
    groups.forEach(
        (key, values) ->
            of(values, minEvents)
                .ifPresent(
                    r -> rows.add(key + "," + r[0] + "," + (long) r[1] + "," + (long) r[2])));
    return rows;
  }
}
