package io.iotetl.pipelines.analytics;

import java.util.Arrays;
import java.util.Optional;

/**
 * The exact daily p95 of one group (one device type, one UTC day), by definition:
 *
 * <ol>
 *   <li>{@code events_per_day} = number of distinct events (already deduplicated by event id),
 *       before outlier removal; groups below the minimum (500) are dropped;
 *   <li>mean and sample standard deviation (n - 1); with n = 1 the deviation is undefined and the
 *       group is dropped; with sd = 0 every value is kept;
 *   <li>kept values: {@code |x - mean| <= 3 * sd};
 *   <li>p95 by nearest rank: the smallest kept value v such that at least 95% of the kept values
 *       are {@code <= v}, i.e. the {@code ceil(0.95 * k)}-th smallest of the k kept values.
 * </ol>
 */
public final class ExactP95 {

  static final double QUANTILE = 0.95;
  static final double SIGMAS = 3.0;

  private ExactP95() {}

  /**
   * The result for {@code durations} (one value per distinct event), or empty when the group is
   * dropped.
   */
  public static Optional<Result> compute(double[] durations, long minEventsPerDay) {
    int n = durations.length;
    if (n < minEventsPerDay || n < 2) {
      return Optional.empty();
    }
    double mean = 0;
    double m2 = 0;
    for (int i = 0; i < n; i++) {
      double delta = durations[i] - mean;
      mean += delta / (i + 1);
      m2 += delta * (durations[i] - mean);
    }
    double sd = Math.sqrt(m2 / (n - 1));
    double lo = mean - SIGMAS * sd;
    double hi = mean + SIGMAS * sd;
    double[] kept = Arrays.stream(durations).filter(x -> x >= lo && x <= hi).sorted().toArray();
    if (kept.length == 0) {
      return Optional.empty();
    }
    return Optional.of(new Result(nearestRank(kept, QUANTILE), n, kept.length));
  }

  /** The {@code ceil(q * k)}-th smallest of sorted {@code values}. */
  static double nearestRank(double[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  /** p95 and the group sizes before and after the outlier filter. */
  public record Result(double p95, long eventsPerDay, long eventsAfterFilter)
      implements java.io.Serializable {}
}
