package io.iotetl.pipelines.streaming;

/**
 * The streaming ETL's defaults, each in one place: the options' {@code @Default}s and the
 * transforms' {@code create()}/{@code from()} use these constants.
 */
public final class StreamingDefaults {

  /** The watermark trails the largest event time seen by this much. */
  public static final long MAX_OUT_OF_ORDERNESS_SECONDS = 120;

  /** Tumbling aggregate windows. */
  public static final long WINDOW_SIZE_SECONDS = 60;

  /** A window is written this long after the watermark passes its end. */
  public static final long ALLOWED_LATENESS_SECONDS = 60;

  /** Re-deliveries are recognised this far behind the watermark. */
  public static final long DEDUPLICATION_HORIZON_SECONDS = 86_400;

  /** Events further ahead of the clock are rejected as FUTURE_EVENT. */
  public static final long MAX_FUTURE_SECONDS = 300;

  /** Larger payloads are rejected as OVERSIZE. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  /** An offset is committed this long after everything read before it has been written. */
  public static final long COMMIT_DELAY_SECONDS = 60;

  private StreamingDefaults() {}
}
