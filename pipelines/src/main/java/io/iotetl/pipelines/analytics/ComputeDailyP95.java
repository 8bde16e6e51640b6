package io.iotetl.pipelines.analytics;

import io.iotetl.pipelines.model.IotEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Per {@code device_type} per UTC day: the 95th percentile of {@code event_duration}, excluding
 * values beyond 3 sample standard deviations of that day's mean, for groups with at least
 * {@code minEventsPerDay} distinct events (definitions in {@link ExactP95}). Events are first
 * deduplicated by {@code event_id}.
 *
 * <p>{@link Mode#EXACT} groups each day and type and holds one group's durations at a time; {@link
 * Mode#SKETCH} combines each group in one pass into moments and a KLL sketch ({@link SketchP95Fn}),
 * so groups need not fit in memory.
 *
 * <pre>{@code
 * PCollection<DailyP95Row> rows = events.apply("ComputeDailyP95", ComputeDailyP95.exact().withMinEventsPerDay(500));
 * }</pre>
 */
public final class ComputeDailyP95 extends PTransform<PCollection<IotEvent>, PCollection<DailyP95Row>> {

  /** How the percentile is computed. */
  public enum Mode {
    EXACT,
    SKETCH
  }

  private final Mode mode;
  private final long minEventsPerDay;
  private final int sketchK;

  private ComputeDailyP95(Mode mode, long minEventsPerDay, int sketchK) {
    this.mode = mode;
    this.minEventsPerDay = minEventsPerDay;
    this.sketchK = sketchK;
  }

  public static ComputeDailyP95 exact() {
    return new ComputeDailyP95(Mode.EXACT, 500, 200);
  }

  public static ComputeDailyP95 sketch() {
    return new ComputeDailyP95(Mode.SKETCH, 500, 200);
  }

  public static ComputeDailyP95 of(Mode mode) {
    return new ComputeDailyP95(mode, 500, 200);
  }

  public ComputeDailyP95 withMinEventsPerDay(long min) {
    return new ComputeDailyP95(mode, min, sketchK);
  }

  /** KLL sketch size: larger is more accurate and bigger (sketch mode only). */
  public ComputeDailyP95 withSketchK(int k) {
    return new ComputeDailyP95(mode, minEventsPerDay, k);
  }

  @Override
  public PCollection<DailyP95Row> expand(PCollection<IotEvent> events) {
    PCollection<KV<String, Double>> durations = events
        .apply("KeyByEventId", ParDo.of(new KeyByEventIdFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), IotEvent.Coder.of()))
        .apply("KeepOneDeliveryPerEventId", Combine.perKey(new SmallestDelivery()))
        .apply("DropEventIds", Values.create())
        .apply("KeyDurationByDayAndType", ParDo.of(new KeyByDayAndTypeFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of()));
    if (mode == Mode.EXACT) {
      return durations
          .apply("GroupDurationsPerDayAndType", GroupByKey.create())
          .apply("ComputeExactP95", ParDo.of(new ExactP95Fn(minEventsPerDay)))
          .setCoder(DailyP95Row.Coder.of());
    }
    return durations
        .apply("SketchDurationsPerDayAndType", Combine.perKey(new SketchP95Fn(sketchK, minEventsPerDay)))
        .apply("ToReportRows", ParDo.of(new SketchResultToRowFn()))
        .setCoder(DailyP95Row.Coder.of());
  }

  static final class KeyByEventIdFn extends DoFn<IotEvent, KV<String, IotEvent>> {
    @ProcessElement
    public void processElement(@Element IotEvent event, OutputReceiver<KV<String, IotEvent>> out) {
      out.output(KV.of(event.eventId(), event));
    }
  }

  /** One delivery per event id, chosen independently of order (deliveries are normally identical). */
  static final class SmallestDelivery implements SerializableFunction<Iterable<IotEvent>, IotEvent> {
    @Override
    public IotEvent apply(Iterable<IotEvent> deliveries) {
      IotEvent chosen = null;
      for (IotEvent event : deliveries) {
        if (chosen == null || event.toString().compareTo(chosen.toString()) < 0) {
          chosen = event;
        }
      }
      return chosen;
    }
  }

  static final class KeyByDayAndTypeFn extends DoFn<IotEvent, KV<String, Double>> {
    @ProcessElement
    public void processElement(@Element IotEvent event, OutputReceiver<KV<String, Double>> out) {
      out.output(KV.of(event.eventDate() + "|" + event.deviceType(), event.eventDuration()));
    }
  }

  static final class ExactP95Fn extends DoFn<KV<String, Iterable<Double>>, DailyP95Row> {
    private final Counter dropped = Metrics.counter("iot_etl", "p95_groups_below_minimum");
    private final long minEventsPerDay;

    ExactP95Fn(long minEventsPerDay) {
      this.minEventsPerDay = minEventsPerDay;
    }

    @ProcessElement
    public void processElement(@Element KV<String, Iterable<Double>> group, OutputReceiver<DailyP95Row> out) {
      List<Double> list = new ArrayList<>();
      group.getValue().forEach(list::add);
      double[] values = list.stream().mapToDouble(Double::doubleValue).toArray();
      String[] key = group.getKey().split("\\|", 2);
      ExactP95.compute(values, minEventsPerDay).ifPresentOrElse(
          r -> out.output(new DailyP95Row(key[0], key[1], r.p95(), r.eventsPerDay(), r.eventsAfterFilter())),
          dropped::inc);
    }
  }

  static final class SketchResultToRowFn extends DoFn<KV<String, ExactP95.Result>, DailyP95Row> {
    private final Counter dropped = Metrics.counter("iot_etl", "p95_groups_below_minimum");

    @ProcessElement
    public void processElement(@Element KV<String, ExactP95.Result> group, OutputReceiver<DailyP95Row> out) {
      ExactP95.Result r = group.getValue();
      if (r == null) {
        dropped.inc();
        return;
      }
      String[] key = group.getKey().split("\\|", 2);
      out.output(new DailyP95Row(key[0], key[1], r.p95(), r.eventsPerDay(), r.eventsAfterFilter()));
    }
  }
}
