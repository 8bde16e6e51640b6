package io.iotetl.pipelines.analytics;

import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.EtlMetrics;
import io.iotetl.pipelines.model.DailyP95Row;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.transforms.BatchWithinBundles;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Per {@code device_type} per UTC day: the 95th percentile of {@code event_duration}, excluding
 * values beyond 3 sample standard deviations of that day's mean, for groups with at least {@code
 * minEventsPerDay} distinct events (definitions in {@link ExactP95}). Events are first deduplicated
 * by {@code event_id}.
 *
 * <p>{@link Mode#EXACT} groups each day and type and holds one group's durations at a time; {@link
 * Mode#SKETCH} combines each group in one pass into moments and a KLL sketch ({@link SketchP95Fn}),
 * so groups need not fit in memory.
 *
 * <pre>{@code
 * PCollection<DailyP95Row> rows = events.apply("ComputeDailyP95", ComputeDailyP95.exact().withMinEventsPerDay(500));
 * }</pre>
 */
@AutoValue
public abstract class ComputeDailyP95
    extends PTransform<PCollection<IotEvent>, PCollection<DailyP95Row>> {

  /** How the percentile is computed. */
  public enum Mode {
    EXACT,
    SKETCH
  }

  /** Groups with fewer distinct events in a day are left out of the report. */
  public static final long DEFAULT_MIN_EVENTS_PER_DAY = 500;

  /** KLL sketch size of the sketch mode. */
  public static final int DEFAULT_SKETCH_K = 200;

  abstract Mode mode();

  abstract long minEventsPerDay();

  abstract int sketchK();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setMode(Mode mode);

    abstract Builder setMinEventsPerDay(long minEventsPerDay);

    abstract Builder setSketchK(int sketchK);

    abstract ComputeDailyP95 build();
  }

  public static ComputeDailyP95 exact() {
    return of(Mode.EXACT);
  }

  public static ComputeDailyP95 sketch() {
    return of(Mode.SKETCH);
  }

  public static ComputeDailyP95 of(Mode mode) {
    return new AutoValue_ComputeDailyP95.Builder()
        .setMode(mode)
        .setMinEventsPerDay(DEFAULT_MIN_EVENTS_PER_DAY)
        .setSketchK(DEFAULT_SKETCH_K)
        .build();
  }

  public ComputeDailyP95 withMinEventsPerDay(long min) {
    return toBuilder().setMinEventsPerDay(min).build();
  }

  /** KLL sketch size: larger is more accurate and bigger (sketch mode only). */
  public ComputeDailyP95 withSketchK(int k) {
    return toBuilder().setSketchK(k).build();
  }

  @Override
  public PCollection<DailyP95Row> expand(PCollection<IotEvent> events) {
    // Only what the percentile needs crosses the deduplication shuffle: (day|type, duration) per
    // event id.
    KvCoder<String, Double> durationCoder = KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of());
    PCollection<KV<String, Double>> durations =
        events
            .apply("KeyDurationByEventId", ParDo.of(new KeyDurationByEventIdFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), durationCoder))
            .apply("GroupDeliveriesByEventId", GroupByKey.create())
            .apply("KeepOneDeliveryPerEventId", ParDo.of(new SmallestDeliveryFn()))
            .setCoder(durationCoder);
    if (mode() == Mode.EXACT) {
      return durations
          .apply("BatchDurationsPerBundle", BatchWithinBundles.create())
          .apply("GroupDurationsPerDayAndType", GroupByKey.create())
          .apply("ComputeExactP95", ParDo.of(new ExactP95Fn(minEventsPerDay())));
    }
    return durations
        .apply(
            "SketchDurationsPerDayAndType",
            Combine.perKey(new SketchP95Fn(sketchK(), minEventsPerDay())))
        .apply("ToReportRows", ParDo.of(new SketchResultToRowFn()));
  }

  /** An event as {@code event_id -> (event_date|device_type, event_duration)}. */
  static final class KeyDurationByEventIdFn extends DoFn<IotEvent, KV<String, KV<String, Double>>> {
    @ProcessElement
    public void processElement(
        @Element IotEvent event, OutputReceiver<KV<String, KV<String, Double>>> out) {
      out.output(
          KV.of(
              event.eventId(),
              KV.of(event.eventDate() + "|" + event.deviceType(), event.eventDuration())));
    }
  }

  /**
   * One delivery per event id, chosen independently of order (deliveries are normally identical):
   * the smallest group key, then the smallest duration. A GroupByKey rather than a combine: nearly
   * every event id is unique, so combining before the shuffle only costs (on Spark, a hash map and
   * a sort of every key).
   */
  static final class SmallestDeliveryFn
      extends DoFn<KV<String, Iterable<KV<String, Double>>>, KV<String, Double>> {
    private static final Comparator<KV<String, Double>> ORDER =
        Comparator.<KV<String, Double>, String>comparing(KV::getKey).thenComparing(KV::getValue);

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<KV<String, Double>>> deliveries,
        OutputReceiver<KV<String, Double>> out) {
      KV<String, Double> chosen = null;
      for (KV<String, Double> delivery : deliveries.getValue()) {
        if (chosen == null || ORDER.compare(delivery, chosen) < 0) {
          chosen = delivery;
        }
      }
      out.output(chosen);
    }
  }

  /**
   * The durations of a group arrive as lists (one per bundle), which spares the shuffle a sort of
   * every value.
   */
  static final class ExactP95Fn extends DoFn<KV<String, Iterable<List<Double>>>, DailyP95Row> {
    private final Counter dropped =
        Metrics.counter(EtlMetrics.NAMESPACE, EtlMetrics.P95_GROUPS_BELOW_MINIMUM);
    private final long minEventsPerDay;

    ExactP95Fn(long minEventsPerDay) {
      this.minEventsPerDay = minEventsPerDay;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<List<Double>>> group, OutputReceiver<DailyP95Row> out) {
      List<Double> list = new ArrayList<>();
      group.getValue().forEach(list::addAll);
      double[] values = list.stream().mapToDouble(Double::doubleValue).toArray();
      String[] key = group.getKey().split("\\|", 2);
      ExactP95.compute(values, minEventsPerDay)
          .ifPresentOrElse(
              r ->
                  out.output(
                      new DailyP95Row(
                          key[0], key[1], r.p95(), r.eventsPerDay(), r.eventsAfterFilter())),
              dropped::inc);
    }
  }

  static final class SketchResultToRowFn extends DoFn<KV<String, ExactP95.Result>, DailyP95Row> {
    private final Counter dropped =
        Metrics.counter(EtlMetrics.NAMESPACE, EtlMetrics.P95_GROUPS_BELOW_MINIMUM);

    @ProcessElement
    public void processElement(
        @Element KV<String, ExactP95.Result> group, OutputReceiver<DailyP95Row> out) {
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
