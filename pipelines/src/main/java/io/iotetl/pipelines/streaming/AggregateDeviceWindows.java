package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.model.DeviceWindowAggregate;
import io.iotetl.pipelines.model.IotEvent;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Never;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Tumbling event-time windows per {@code device_type}: count of distinct events, average/min/max
 * value and average duration. Each window is emitted exactly once, when the watermark passes its end plus the allowed
 * lateness, so it includes out-of-order and late events up to that point and never produces two
 * rows for the same window and type. Later events are dropped here; {@link RouteLateEvents}
 * catches exactly those.
 *
 * <pre>{@code
 * events.apply("AggregatePerDeviceTypeWindow",
 *     AggregateDeviceWindows.of(Duration.standardMinutes(1)).withAllowedLateness(Duration.standardMinutes(1)));
 * }</pre>
 */
public final class AggregateDeviceWindows extends PTransform<PCollection<IotEvent>, PCollection<DeviceWindowAggregate>> {

  private final Duration windowSize;
  private final Duration allowedLateness;

  private AggregateDeviceWindows(Duration windowSize, Duration allowedLateness) {
    this.windowSize = windowSize;
    this.allowedLateness = allowedLateness;
  }

  public static AggregateDeviceWindows of(Duration windowSize) {
    return new AggregateDeviceWindows(windowSize, Duration.ZERO);
  }

  public AggregateDeviceWindows withAllowedLateness(Duration lateness) {
    return new AggregateDeviceWindows(windowSize, lateness);
  }

  @Override
  public PCollection<DeviceWindowAggregate> expand(PCollection<IotEvent> events) {
    return events
        .apply("WindowUntilLatenessExpires",
            Window.<IotEvent>into(FixedWindows.of(windowSize))
                .triggering(Never.ever())
                .withAllowedLateness(allowedLateness, Window.ClosingBehavior.FIRE_IF_NON_EMPTY)
                .discardingFiredPanes())
        .apply("KeyByDeviceType", ParDo.of(new KeyByDeviceTypeFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), IotEvent.Coder.of()))
        .apply("CombineDeviceStats", Combine.perKey(new DeviceStatsFn()))
        .apply("ToAggregateRows", ParDo.of(new ToAggregateFn()))
        .setCoder(DeviceWindowAggregate.Coder.of());
  }

  static final class KeyByDeviceTypeFn extends DoFn<IotEvent, KV<String, IotEvent>> {
    @ProcessElement
    public void processElement(@Element IotEvent event, OutputReceiver<KV<String, IotEvent>> out) {
      out.output(KV.of(event.deviceType(), event));
    }
  }

  static final class ToAggregateFn extends DoFn<KV<String, DeviceStatsFn.Stats>, DeviceWindowAggregate> {
    @ProcessElement
    public void processElement(@Element KV<String, DeviceStatsFn.Stats> stats, BoundedWindow window,
        OutputReceiver<DeviceWindowAggregate> out) {
      IntervalWindow interval = (IntervalWindow) window;
      DeviceStatsFn.Stats s = stats.getValue();
      out.output(new DeviceWindowAggregate(interval.start().getMillis(), interval.end().getMillis(), stats.getKey(),
          s.count(), s.avgValue(), s.minValue(), s.maxValue(), s.avgDuration()));
    }
  }
}
