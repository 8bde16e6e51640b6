package io.iotetl.pipelines.streaming;

import com.google.auto.value.AutoValue;
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
@AutoValue
public abstract class ProcessIotEvents
    extends PTransform<PCollection<KafkaRecord<String, String>>, PCollectionTuple> {

  public static final TupleTag<io.iotetl.pipelines.model.DeviceWindowAggregate> AGGREGATES =
      AggregateDeviceWindows.AGGREGATES;
  public static final TupleTag<IotEvent> TOO_LATE = AggregateDeviceWindows.TOO_LATE;

  /**
   * What goes to {@code raw_events/}: every valid event, whatever its lateness, once per event id
   * within the deduplication horizon.
   */
  public static final TupleTag<IotEvent> RAW = new TupleTag<>() {};

  abstract Duration windowSize();

  abstract Duration allowedLateness();

  abstract Duration maxOutOfOrderness();

  abstract Duration deduplicationHorizon();

  abstract Duration maxFuture();

  abstract int maxPayloadBytes();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setWindowSize(Duration size);

    abstract Builder setAllowedLateness(Duration lateness);

    abstract Builder setMaxOutOfOrderness(Duration delay);

    abstract Builder setDeduplicationHorizon(Duration horizon);

    abstract Builder setMaxFuture(Duration future);

    abstract Builder setMaxPayloadBytes(int bytes);

    abstract ProcessIotEvents build();
  }

  /**
   * One-minute windows, one minute of allowed lateness, a two-minute watermark delay, re-deliveries
   * recognised a day behind the watermark, events up to five minutes in the future, payloads up to
   * 64 KiB ({@link StreamingDefaults}).
   */
  public static ProcessIotEvents create() {
    return new AutoValue_ProcessIotEvents.Builder()
        .setWindowSize(Duration.standardSeconds(StreamingDefaults.WINDOW_SIZE_SECONDS))
        .setAllowedLateness(Duration.standardSeconds(StreamingDefaults.ALLOWED_LATENESS_SECONDS))
        .setMaxOutOfOrderness(
            Duration.standardSeconds(StreamingDefaults.MAX_OUT_OF_ORDERNESS_SECONDS))
        .setDeduplicationHorizon(
            Duration.standardSeconds(StreamingDefaults.DEDUPLICATION_HORIZON_SECONDS))
        .setMaxFuture(Duration.standardSeconds(StreamingDefaults.MAX_FUTURE_SECONDS))
        .setMaxPayloadBytes(StreamingDefaults.MAX_PAYLOAD_BYTES)
        .build();
  }

  public ProcessIotEvents withWindowSize(Duration size) {
    return toBuilder().setWindowSize(size).build();
  }

  public ProcessIotEvents withAllowedLateness(Duration lateness) {
    return toBuilder().setAllowedLateness(lateness).build();
  }

  /** The watermark's delay behind the newest event time (the source's setting, for the horizon). */
  public ProcessIotEvents withMaxOutOfOrderness(Duration delay) {
    return toBuilder().setMaxOutOfOrderness(delay).build();
  }

  /**
   * How far behind the watermark a re-delivery is still recognised ({@link DeduplicateEvents}) and
   * a too-late event still reported in {@link #TOO_LATE}.
   */
  public ProcessIotEvents withDeduplicationHorizon(Duration horizon) {
    return toBuilder().setDeduplicationHorizon(horizon).build();
  }

  public ProcessIotEvents withMaxFuture(Duration future) {
    return toBuilder().setMaxFuture(future).build();
  }

  public ProcessIotEvents withMaxPayloadBytes(int bytes) {
    return toBuilder().setMaxPayloadBytes(bytes).build();
  }

  @Override
  public PCollectionTuple expand(PCollection<KafkaRecord<String, String>> records) {
    PCollectionTuple parsed =
        records.apply(
            "ParseAndValidate",
            ParseIotEvents.create()
                .withMaxFuture(maxFuture())
                .withMaxPayloadBytes(maxPayloadBytes()));
    PCollection<IotEvent> valid = parsed.get(ParseIotEvents.VALID);
    PCollectionTuple windowed =
        valid.apply(
            "AggregatePerDeviceTypeWindow",
            AggregateDeviceWindows.of(windowSize())
                .withAllowedLateness(allowedLateness())
                .withLateEventHorizon(deduplicationHorizon()));
    PCollection<IotEvent> raw =
        valid.apply(
            "DeduplicateEvents",
            DeduplicateEvents.within(deduplicationHorizon())
                .withMaxOutOfOrderness(maxOutOfOrderness()));
    return parsed
        .and(AGGREGATES, windowed.get(AGGREGATES))
        .and(TOO_LATE, windowed.get(TOO_LATE))
        .and(RAW, raw);
  }
}
