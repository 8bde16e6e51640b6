package io.iotetl.pipelines;

import io.iotetl.pipelines.model.RejectReason;

/**
 * The names of every metric the pipelines report, in one namespace. The Prometheus endpoint exports
 * them as {@code iot_etl_<name>}; the quickstart and tests read them back by these names.
 */
public final class EtlMetrics {

  /** Namespace of every counter and distribution below. */
  public static final String NAMESPACE = "iot_etl";

  /** Valid events parsed (each delivery, before deduplication). */
  public static final String EVENTS_VALID = "events_valid";

  /** Prefix of the per-reason rejection counters ({@link #rejected}). */
  public static final String REJECTED_PREFIX = "rejected_";

  /** Events past their window's allowed lateness, written to late_events/. */
  public static final String EVENTS_TOO_LATE = "events_too_late";

  /** Aggregate rows emitted (one per window pane and device type). */
  public static final String WINDOWS_EMITTED = "windows_emitted";

  /** Distribution: wall-clock milliseconds from a window's end to its row being emitted. */
  public static final String WINDOW_LATENCY_MS = "window_latency_ms";

  /** Re-deliveries recognised within the deduplication horizon and not written again. */
  public static final String RAW_DUPLICATES_DROPPED = "raw_duplicates_dropped";

  /** Daily p95 groups left out for having fewer distinct events than the minimum. */
  public static final String P95_GROUPS_BELOW_MINIMUM = "p95_groups_below_minimum";

  private EtlMetrics() {}

  /** The counter of records rejected for {@code reason}. */
  public static String rejected(RejectReason reason) {
    return REJECTED_PREFIX + reason.name();
  }
}
