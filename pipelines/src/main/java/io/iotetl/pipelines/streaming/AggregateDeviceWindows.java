package io.iotetl.pipelines.streaming;

import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.EtlMetrics;
import io.iotetl.pipelines.model.DeviceWindowAggregate;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.model.IotEventListCoder;
import io.iotetl.pipelines.transforms.BatchWithinBundles;
import java.util.List;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Tumbling event-time windows per {@code device_type} ({@link #AGGREGATES}: count of distinct
 * events, average/min/max value, average duration) and the events too late for them ({@link
 * #TOO_LATE}), in a single GroupByKey.
 *
 * <p>Events are grouped in their tumbling window stretched by the allowed lateness ({@link
 * ExpiryWindows}). The on-time pane fires once, when the watermark passes the window's end plus the
 * lateness: it holds every event that can still count (on time, out of order, late within the
 * lateness) and becomes the window's single row. Anything arriving afterwards fires a LATE pane and
 * goes to {@link #TOO_LATE}: reported, never a second row for the window. Events later than the
 * late-event horizon (default one day) behind the watermark are dropped here: they are in {@code
 * raw_events/} only ({@link DeduplicateEvents} feeds it, whatever the lateness). Deciding this from
 * pane timing in one GroupByKey gives the same answer on the Direct and Spark runners (the Spark
 * runner re-opens expired windows, and loses data between chained GroupByKeys).
 *
 * <p>The events of each device type and window are gathered per bundle before the GroupByKey
 * ({@link BatchWithinBundles}): the Spark runner's state re-encodes a key's whole buffer on every
 * added element, so one added list per bundle instead of one element per event keeps that cost
 * linear. Each list is then encoded once, with the compact {@link IotEventListCoder}, and buffered
 * as those bytes: the runner decodes and re-encodes a window's whole buffer on each add, and copies
 * the buffer of every window still open into each micro-batch's state (a backfill keeps every
 * window open until it is read), so bytes are copied where events would be rebuilt object by
 * object. The events are decoded once, when their pane fires. Deduplication by event id and the
 * pane decision see the same events either way.
 *
 * <pre>{@code
 * PCollectionTuple out = events.apply("AggregatePerDeviceTypeWindow",
 *     AggregateDeviceWindows.of(Duration.standardMinutes(1)).withAllowedLateness(Duration.standardMinutes(1)));
 * }</pre>
 */
@AutoValue
public abstract class AggregateDeviceWindows
    extends PTransform<PCollection<IotEvent>, PCollectionTuple> {

  public static final TupleTag<DeviceWindowAggregate> AGGREGATES = new TupleTag<>() {};
  public static final TupleTag<IotEvent> TOO_LATE = new TupleTag<>() {};

  private static final IotEventListCoder EVENTS = IotEventListCoder.of();

  abstract Duration windowSize();

  abstract Duration allowedLateness();

  abstract Duration lateHorizon();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setWindowSize(Duration windowSize);

    abstract Builder setAllowedLateness(Duration allowedLateness);

    abstract Builder setLateHorizon(Duration lateHorizon);

    abstract AggregateDeviceWindows build();
  }

  /** No allowed lateness; too-late events reported for one day after their window expires. */
  public static AggregateDeviceWindows of(Duration windowSize) {
    return new AutoValue_AggregateDeviceWindows.Builder()
        .setWindowSize(windowSize)
        .setAllowedLateness(Duration.ZERO)
        .setLateHorizon(Duration.standardDays(1))
        .build();
  }

  public AggregateDeviceWindows withAllowedLateness(Duration lateness) {
    return toBuilder().setAllowedLateness(lateness).build();
  }

  /**
   * How long after expiry too-late events are still reported (default one day); later ones are only
   * in raw_events/.
   */
  public AggregateDeviceWindows withLateEventHorizon(Duration horizon) {
    return toBuilder().setLateHorizon(horizon).build();
  }

  @Override
  public PCollectionTuple expand(PCollection<IotEvent> events) {
    PCollectionTuple out =
        events
            .apply(
                "WindowUntilExpiry",
                Window.<IotEvent>into(new ExpiryWindows(windowSize(), allowedLateness()))
                    .triggering(
                        AfterWatermark.pastEndOfWindow()
                            .withLateFirings(AfterPane.elementCountAtLeast(1)))
                    .withAllowedLateness(lateHorizon())
                    .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY)
                    .discardingFiredPanes())
            .apply("KeyByDeviceType", ParDo.of(new KeyByDeviceTypeFn()))
            .apply("BatchPerBundle", BatchWithinBundles.create())
            .apply("EncodeBatches", ParDo.of(new EncodeBatchFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
            .apply("GroupWindowEvents", GroupByKey.create())
            .apply(
                "AggregateOrRouteLate",
                ParDo.of(new AggregateOrRouteLateFn(windowSize(), allowedLateness()))
                    .withOutputTags(AGGREGATES, TupleTagList.of(TOO_LATE)));
    return out;
  }

  static final class KeyByDeviceTypeFn extends DoFn<IotEvent, KV<String, IotEvent>> {
    @ProcessElement
    public void processElement(@Element IotEvent event, OutputReceiver<KV<String, IotEvent>> out) {
      out.output(KV.of(event.deviceType(), event));
    }
  }

  /** A batch of events as its {@link IotEventListCoder} bytes, for the GroupByKey to buffer. */
  static final class EncodeBatchFn extends DoFn<KV<String, List<IotEvent>>, KV<String, byte[]>> {
    @ProcessElement
    public void processElement(
        @Element KV<String, List<IotEvent>> batch, OutputReceiver<KV<String, byte[]>> out)
        throws CoderException {
      out.output(KV.of(batch.getKey(), CoderUtils.encodeToByteArray(EVENTS, batch.getValue())));
    }
  }

  /** On-time pane: one aggregate row. Late pane: its distinct events to TOO_LATE. */
  static final class AggregateOrRouteLateFn
      extends DoFn<KV<String, Iterable<byte[]>>, DeviceWindowAggregate> {
    private final Counter tooLate =
        Metrics.counter(EtlMetrics.NAMESPACE, EtlMetrics.EVENTS_TOO_LATE);
    private final Counter windows =
        Metrics.counter(EtlMetrics.NAMESPACE, EtlMetrics.WINDOWS_EMITTED);
    private final Distribution latency =
        Metrics.distribution(EtlMetrics.NAMESPACE, EtlMetrics.WINDOW_LATENCY_MS);
    private final Duration windowSize;
    private final Duration allowedLateness;

    AggregateOrRouteLateFn(Duration windowSize, Duration allowedLateness) {
      this.windowSize = windowSize;
      this.allowedLateness = allowedLateness;
    }

    /**
     * The row is stamped inside its tumbling window, up to the lateness before the pane's
     * timestamp.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return allowedLateness;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<byte[]>> group,
        BoundedWindow window,
        PaneInfo pane,
        MultiOutputReceiver out)
        throws CoderException {
      // Distinct events by id, in id order, so the sums do not depend on arrival order or batching.
      TreeMap<String, IotEvent> distinct = new TreeMap<>();
      for (byte[] batch : group.getValue()) {
        for (IotEvent e : CoderUtils.decodeFromByteArray(EVENTS, batch)) {
          distinct.putIfAbsent(e.eventId(), e);
        }
      }
      if (pane.getTiming() == PaneInfo.Timing.LATE) {
        for (IotEvent event : distinct.values()) {
          tooLate.inc();
          out.get(TOO_LATE).output(event);
        }
        return;
      }
      double sumValue = 0;
      double sumDuration = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (IotEvent e : distinct.values()) {
        sumValue += e.value();
        sumDuration += e.eventDuration();
        min = Math.min(min, e.value());
        max = Math.max(max, e.value());
      }
      long n = distinct.size();
      Instant start = ((IntervalWindow) window).start();
      Instant end = start.plus(windowSize);
      windows.inc();
      latency.update(System.currentTimeMillis() - end.getMillis());
      out.get(AGGREGATES)
          .outputWithTimestamp(
              new DeviceWindowAggregate(
                  start.getMillis(),
                  end.getMillis(),
                  group.getKey(),
                  n,
                  sumValue / n,
                  min,
                  max,
                  sumDuration / n),
              end.minus(Duration.millis(1)));
    }
  }
}
