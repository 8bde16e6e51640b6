package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.model.IotEvent;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;

/**
 * The business logic of the streaming ETL, independent of sources and sinks: validate, aggregate
 * per device type and window, and set aside the events too late for their window ({@link
 * AggregateDeviceWindows}), and pass every valid event once per event id to {@link #RAW} ({@link
 * DeduplicateEvents}).
 *
 * <p>Outputs: {@link ParseIotEvents#VALID} (every valid event as delivered), {@link
 * ParseIotEvents#DEAD_LETTER}, {@link #AGGREGATES}, {@link #TOO_LATE} and {@link #RAW}.
 */
public final class ProcessIotEvents
    extends PTransform<PCollection<KafkaRecord<String, String>>, PCollectionTuple> {

  public static final TupleTag<io.iotetl.pipelines.model.DeviceWindowAggregate> AGGREGATES =
      AggregateDeviceWindows.AGGREGATES;
  public static final TupleTag<IotEvent> TOO_LATE = AggregateDeviceWindows.TOO_LATE;

  /**
   * What goes to {@code raw_events/}: every valid event, whatever its lateness, once per event id
   * within the deduplication horizon.
   */
  public static final TupleTag<IotEvent> RAW = new TupleTag<>() {};

  /** The configuration; each {@code withX} copies it with one value changed. */
  private record Config(
      Duration windowSize,
      Duration allowedLateness,
      Duration maxOutOfOrderness,
      Duration deduplicationHorizon,
      Duration maxFuture,
      int maxPayloadBytes) {}

  private static final Config DEFAULTS =
      new Config(
          Duration.standardSeconds(StreamingDefaults.WINDOW_SIZE_SECONDS),
          Duration.standardSeconds(StreamingDefaults.ALLOWED_LATENESS_SECONDS),
          Duration.standardSeconds(StreamingDefaults.MAX_OUT_OF_ORDERNESS_SECONDS),
          Duration.standardSeconds(StreamingDefaults.DEDUPLICATION_HORIZON_SECONDS),
          Duration.standardSeconds(StreamingDefaults.MAX_FUTURE_SECONDS),
          StreamingDefaults.MAX_PAYLOAD_BYTES);

  private final Config config;

  private ProcessIotEvents(Config config) {
    this.config = config;
  }

  /**
   * One-minute windows, one minute of allowed lateness, a two-minute watermark delay, re-deliveries
   * recognised a day behind the watermark, events up to five minutes in the future, payloads up to
   * 64 KiB.
   */
  public static ProcessIotEvents create() {
    return new ProcessIotEvents(DEFAULTS);
  }

  public ProcessIotEvents withWindowSize(Duration size) {
    return new ProcessIotEvents(
        new Config(
            size,
            config.allowedLateness(),
            config.maxOutOfOrderness(),
            config.deduplicationHorizon(),
            config.maxFuture(),
            config.maxPayloadBytes()));
  }

  public ProcessIotEvents withAllowedLateness(Duration lateness) {
    return new ProcessIotEvents(
        new Config(
            config.windowSize(),
            lateness,
            config.maxOutOfOrderness(),
            config.deduplicationHorizon(),
            config.maxFuture(),
            config.maxPayloadBytes()));
  }

  /** The watermark's delay behind the newest event time (the source's setting, for the horizon). */
  public ProcessIotEvents withMaxOutOfOrderness(Duration delay) {
    return new ProcessIotEvents(
        new Config(
            config.windowSize(),
            config.allowedLateness(),
            delay,
            config.deduplicationHorizon(),
            config.maxFuture(),
            config.maxPayloadBytes()));
  }

  /**
   * How far behind the watermark a re-delivery is still recognised ({@link DeduplicateEvents}) and
   * a too-late event still reported in {@link #TOO_LATE}.
   */
  public ProcessIotEvents withDeduplicationHorizon(Duration horizon) {
    return new ProcessIotEvents(
        new Config(
            config.windowSize(),
            config.allowedLateness(),
            config.maxOutOfOrderness(),
            horizon,
            config.maxFuture(),
            config.maxPayloadBytes()));
  }

  public ProcessIotEvents withMaxFuture(Duration future) {
    return new ProcessIotEvents(
        new Config(
            config.windowSize(),
            config.allowedLateness(),
            config.maxOutOfOrderness(),
            config.deduplicationHorizon(),
            future,
            config.maxPayloadBytes()));
  }

  public ProcessIotEvents withMaxPayloadBytes(int bytes) {
    return new ProcessIotEvents(
        new Config(
            config.windowSize(),
            config.allowedLateness(),
            config.maxOutOfOrderness(),
            config.deduplicationHorizon(),
            config.maxFuture(),
            bytes));
  }

  @Override
  public PCollectionTuple expand(PCollection<KafkaRecord<String, String>> records) {
    PCollectionTuple parsed =
        records.apply(
            "ParseAndValidate",
            ParseIotEvents.create()
                .withMaxFuture(config.maxFuture())
                .withMaxPayloadBytes(config.maxPayloadBytes()));
    PCollection<IotEvent> valid = parsed.get(ParseIotEvents.VALID);
    PCollectionTuple windowed =
        valid.apply(
            "AggregatePerDeviceTypeWindow",
            AggregateDeviceWindows.of(config.windowSize())
                .withAllowedLateness(config.allowedLateness())
                .withLateEventHorizon(config.deduplicationHorizon()));
    PCollection<IotEvent> raw =
        valid.apply(
            "DeduplicateEvents",
            DeduplicateEvents.within(config.deduplicationHorizon())
                .withMaxOutOfOrderness(config.maxOutOfOrderness()));
    return parsed
        .and(AGGREGATES, windowed.get(AGGREGATES))
        .and(TOO_LATE, windowed.get(TOO_LATE))
        .and(RAW, raw);
  }
}
