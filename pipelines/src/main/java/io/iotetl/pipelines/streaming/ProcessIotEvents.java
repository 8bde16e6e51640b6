package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.model.IotEvent;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;

/**
 * The business logic of the streaming ETL, independent of sources and sinks: validate, aggregate per
 * device type and window, and set aside the events too late for their window ({@link
 * AggregateDeviceWindows}).
 *
 * <p>Outputs: {@link ParseIotEvents#VALID} (every valid event as delivered), {@link
 * ParseIotEvents#DEAD_LETTER}, {@link #AGGREGATES}, {@link #TOO_LATE} and {@link #RAW}.
 */
public final class ProcessIotEvents extends PTransform<PCollection<KafkaRecord<String, String>>, PCollectionTuple> {

  public static final TupleTag<io.iotetl.pipelines.model.DeviceWindowAggregate> AGGREGATES = AggregateDeviceWindows.AGGREGATES;
  public static final TupleTag<IotEvent> TOO_LATE = AggregateDeviceWindows.TOO_LATE;
  /**
   * What goes to {@code raw_events/}: every timely event once per event id (duplicates meet in
   * their window's on-time pane), plus the too-late events.
   */
  public static final TupleTag<IotEvent> RAW = new TupleTag<>() {};

  private final Duration windowSize;
  private final Duration allowedLateness;
  private final java.time.Duration maxFuture;
  private final int maxPayloadBytes;

  private ProcessIotEvents(Duration windowSize, Duration allowedLateness, java.time.Duration maxFuture, int maxPayloadBytes) {
    this.windowSize = windowSize;
    this.allowedLateness = allowedLateness;
    this.maxFuture = maxFuture;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** One-minute windows, one minute of allowed lateness, events up to five minutes in the future. */
  public static ProcessIotEvents create() {
    return new ProcessIotEvents(Duration.standardMinutes(1), Duration.standardMinutes(1), java.time.Duration.ofMinutes(5), 64 * 1024);
  }

  public ProcessIotEvents withWindowSize(Duration size) {
    return new ProcessIotEvents(size, allowedLateness, maxFuture, maxPayloadBytes);
  }

  public ProcessIotEvents withAllowedLateness(Duration lateness) {
    return new ProcessIotEvents(windowSize, lateness, maxFuture, maxPayloadBytes);
  }

  public ProcessIotEvents withMaxFuture(java.time.Duration future) {
    return new ProcessIotEvents(windowSize, allowedLateness, future, maxPayloadBytes);
  }

  public ProcessIotEvents withMaxPayloadBytes(int bytes) {
    return new ProcessIotEvents(windowSize, allowedLateness, maxFuture, bytes);
  }

  @Override
  public PCollectionTuple expand(PCollection<KafkaRecord<String, String>> records) {
    PCollectionTuple parsed =
        records.apply("ParseAndValidate", ParseIotEvents.create().withMaxFuture(maxFuture).withMaxPayloadBytes(maxPayloadBytes));
    PCollectionTuple windowed = parsed.get(ParseIotEvents.VALID)
        .apply("AggregatePerDeviceTypeWindow", AggregateDeviceWindows.of(windowSize).withAllowedLateness(allowedLateness));
    PCollection<IotEvent> raw = PCollectionList.of(windowed.get(AggregateDeviceWindows.TIMELY_DISTINCT))
        .and(windowed.get(TOO_LATE))
        .apply("MergeRawEvents", Flatten.pCollections());
    return parsed.and(AGGREGATES, windowed.get(AGGREGATES)).and(TOO_LATE, windowed.get(TOO_LATE)).and(RAW, raw);
  }
}
