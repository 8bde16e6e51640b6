package io.iotetl.pipelines.analytics;

import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.EtlMetrics;
import io.iotetl.pipelines.model.DailyP95Row;
import io.iotetl.pipelines.model.EventDuration;
import io.iotetl.pipelines.transforms.BatchWithinBundles;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Per {@code device_type} per UTC day: the 95th percentile of {@code event_duration}, excluding
 * values beyond 3 sample standard deviations of that day's mean, for groups with at least {@code
 * minEventsPerDay} distinct events (definitions in {@link ExactP95}). Deliveries are first
 * deduplicated by {@code event_id}; of conflicting deliveries of one id, the one with the smallest
 * day, device type and duration counts.
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
    extends PTransform<PCollection<EventDuration>, PCollection<DailyP95Row>> {

  /** How the percentile is computed. */
  public enum Mode {
    EXACT,
    SKETCH
  }

  /** Groups with fewer distinct events in a day are left out of the report. */
  public static final long DEFAULT_MIN_EVENTS_PER_DAY = 500;

  /** KLL sketch size of the sketch mode. */
  public static final int DEFAULT_SKETCH_K = 200;

  /**
   * Buckets of the deduplication by event id; one bucket's deliveries (1/1024 of the input) are
   * held in memory at once.
   */
  public static final int DEFAULT_DEDUPLICATION_BUCKETS = 1024;

  abstract Mode mode();

  abstract long minEventsPerDay();

  abstract int sketchK();

  abstract int deduplicationBuckets();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setMode(Mode mode);

    abstract Builder setMinEventsPerDay(long minEventsPerDay);

    abstract Builder setSketchK(int sketchK);

    abstract Builder setDeduplicationBuckets(int buckets);

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
        .setDeduplicationBuckets(DEFAULT_DEDUPLICATION_BUCKETS)
        .build();
  }

  public ComputeDailyP95 withMinEventsPerDay(long min) {
    return toBuilder().setMinEventsPerDay(min).build();
  }

  /** KLL sketch size: larger is more accurate and bigger (sketch mode only). */
  public ComputeDailyP95 withSketchK(int k) {
    return toBuilder().setSketchK(k).build();
  }

  /**
   * Buckets of the deduplication by event id: one bucket's deliveries (1/buckets of the input) are
   * held in memory at once, so raise it for inputs of billions of events.
   */
  public ComputeDailyP95 withDeduplicationBuckets(int buckets) {
    if (buckets < 1) {
      throw new IllegalArgumentException(
          "deduplication buckets must be at least 1, got " + buckets);
    }
    return toBuilder().setDeduplicationBuckets(buckets).build();
  }

  @Override
  public PCollection<DailyP95Row> expand(PCollection<EventDuration> events) {
    // Deliveries are grouped by a bucket of their event id, in per-bundle lists; out of each
    // bucket come its kept durations as one list per day|type.
    PCollection<KV<String, List<Double>>> durations =
        events
            .apply(
                "KeyDeliveriesByIdBucket", WithKeys.of(new BucketOfEventId(deduplicationBuckets())))
            .setCoder(KvCoder.of(VarIntCoder.of(), EventDuration.Coder.of()))
            .apply("BatchDeliveriesPerBundle", BatchWithinBundles.create())
            .apply("GroupDeliveriesByIdBucket", GroupByKey.create())
            .apply("KeepOneDeliveryPerEventId", ParDo.of(new OneDeliveryPerEventIdFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(DoubleCoder.of())));
    if (mode() == Mode.EXACT) {
      return durations
          .apply("GroupDurationsPerDayAndType", GroupByKey.create())
          .apply("ComputeExactP95", ParDo.of(new ExactP95Fn(minEventsPerDay())));
    }
    return durations
        .apply(
            "SketchDurationsPerDayAndType",
            Combine.perKey(new SketchP95Fn(sketchK(), minEventsPerDay())))
        .apply("ToReportRows", ParDo.of(new SketchResultToRowFn()));
  }

  /**
   * The bucket of an event id, a mix of its (JLS-specified, hence stable) string hash: all
   * deliveries of an id fall in one bucket. Grouping by a bucket instead of by the id itself keeps
   * the shuffle small and cheap: on the Spark runner every distinct key costs a map entry, hash
   * comparisons over its encoded bytes in the shuffle sort, and size estimates of the cached
   * groups, which made the per-id grouping the largest cost of the job.
   */
  static final class BucketOfEventId implements SerializableFunction<EventDuration, Integer> {
    private final int buckets;

    BucketOfEventId(int buckets) {
      this.buckets = buckets;
    }

    @Override
    public Integer apply(EventDuration delivery) {
      int h = delivery.eventId().hashCode() * 0x9E3779B9;
      return Math.floorMod(h ^ (h >>> 16), buckets);
    }
  }

  /**
   * One delivery per event id, chosen independently of order (deliveries are normally identical):
   * the smallest day, then device type, then duration. Emits the bucket's kept durations as one
   * list per {@code event_date|device_type}.
   */
  static final class OneDeliveryPerEventIdFn
      extends DoFn<KV<Integer, Iterable<List<EventDuration>>>, KV<String, List<Double>>> {

    @ProcessElement
    public void processElement(
        @Element KV<Integer, Iterable<List<EventDuration>>> bucket,
        OutputReceiver<KV<String, List<Double>>> out) {
      Map<String, EventDuration> chosen = new HashMap<>();
      for (List<EventDuration> batch : bucket.getValue()) {
        for (EventDuration delivery : batch) {
          chosen.merge(
              delivery.eventId(),
              delivery,
              (a, b) -> EventDuration.BY_GROUP_THEN_DURATION.compare(a, b) <= 0 ? a : b);
        }
      }
      Map<KV<Long, String>, List<Double>> perGroup = new HashMap<>();
      for (EventDuration kept : chosen.values()) {
        perGroup
            .computeIfAbsent(KV.of(kept.epochDay(), kept.deviceType()), group -> new ArrayList<>())
            .add(kept.eventDuration());
      }
      perGroup.forEach(
          (group, durations) ->
              out.output(
                  KV.of(LocalDate.ofEpochDay(group.getKey()) + "|" + group.getValue(), durations)));
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
