package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.model.IotEvent;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * The events that arrive too late for {@link AggregateDeviceWindows} (after the watermark passed
 * their window's end plus the allowed lateness), so they can be written to {@code late_events/}
 * instead of vanishing. Uses the same windows, stretched by the lateness, and keeps only the
 * elements that the trigger places in LATE panes. Counts them in {@code iot_etl/events_too_late}.
 *
 * <p>Events later than the detection horizon (default one day) are not reported here; they are
 * still in {@code raw_events/}.
 */
public final class RouteLateEvents extends PTransform<PCollection<IotEvent>, PCollection<IotEvent>> {

  private final Duration windowSize;
  private final Duration allowedLateness;
  private final Duration horizon;

  private RouteLateEvents(Duration windowSize, Duration allowedLateness, Duration horizon) {
    this.windowSize = windowSize;
    this.allowedLateness = allowedLateness;
    this.horizon = horizon;
  }

  /** Late relative to tumbling windows of {@code windowSize} with {@code allowedLateness}. */
  public static RouteLateEvents of(Duration windowSize, Duration allowedLateness) {
    return new RouteLateEvents(windowSize, allowedLateness, Duration.standardDays(1));
  }

  public RouteLateEvents withDetectionHorizon(Duration horizon) {
    return new RouteLateEvents(windowSize, allowedLateness, horizon);
  }

  @Override
  public PCollection<IotEvent> expand(PCollection<IotEvent> events) {
    return events
        .apply("WindowUntilExpiry",
            Window.<IotEvent>into(new ExpiryWindows(windowSize, allowedLateness))
                .triggering(AfterWatermark.pastEndOfWindow()
                    .withEarlyFirings(AfterPane.elementCountAtLeast(1))
                    .withLateFirings(AfterPane.elementCountAtLeast(1)))
                .withAllowedLateness(horizon)
                .discardingFiredPanes())
        .apply("KeyByDeviceType", ParDo.of(new AggregateDeviceWindows.KeyByDeviceTypeFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), IotEvent.Coder.of()))
        .apply("GroupByDeviceType", GroupByKey.create())
        .apply("KeepLatePanes", ParDo.of(new KeepLatePanesFn()))
        .setCoder(IotEvent.Coder.of());
  }

  static final class KeepLatePanesFn extends DoFn<KV<String, Iterable<IotEvent>>, IotEvent> {
    private final Counter tooLate = Metrics.counter(ParseIotEvents.METRICS_NAMESPACE, "events_too_late");

    @ProcessElement
    public void processElement(@Element KV<String, Iterable<IotEvent>> group, PaneInfo pane, OutputReceiver<IotEvent> out) {
      if (pane.getTiming() != PaneInfo.Timing.LATE) {
        return;
      }
      for (IotEvent event : group.getValue()) {
        tooLate.inc();
        out.output(event);
      }
    }
  }
}
