package io.iotetl.pipelines.streaming;

import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.EtlMetrics;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.model.IotEventListCoder;
import io.iotetl.pipelines.transforms.BatchWithinBundles;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Passes every event on once per {@code event_id} within a deduplication horizon, whatever its
 * lateness: this feeds {@code raw_events/}, independently of windows, so no event is ever dropped
 * for being late.
 *
 * <p>The ids seen are kept in the global window, which never expires, under keys made of a shard (a
 * hash of the id) and a slot of event time ({@link #SLOT_MILLIS} wide, reused after the horizon):
 * live data touches only the state of its few current slots in each micro-batch, not the whole
 * horizon's (the Spark runner reads and writes a key's whole state on every update). An id is
 * forgotten once its event time is more than {@code horizon} behind the newest event time of its
 * key, less the watermark delay ({@code maxOutOfOrderness}), <em>and</em> it was first seen at
 * least {@link SeenIds#MIN_RESIDENCE_MILLIS} ago (so partitions read unevenly in a backfill still
 * meet their re-deliveries); a slot is cleared of its old ids when it is reused. Memory is bounded
 * by the ids of the horizon. A re-delivery that comes after its id was forgotten passes again; the
 * README says so.
 *
 * <p>The runner's timers are not used (the Spark runner has no event-time timers in streaming
 * ParDos); events come in lists per bundle ({@link BatchWithinBundles}) so the state of a shard is
 * read and written once per bundle, not once per event.
 *
 * <pre>{@code
 * PCollection<IotEvent> distinct = events.apply("DeduplicateEvents",
 *     DeduplicateEvents.within(Duration.standardDays(1)).withMaxOutOfOrderness(Duration.standardMinutes(2)));
 * }</pre>
 */
@AutoValue
public abstract class DeduplicateEvents
    extends PTransform<PCollection<IotEvent>, PCollection<IotEvent>> {

  static final int SHARDS = 16;

  /**
   * Event-time width of one slot of ids: a micro-batch of live data reads and writes about this
   * much of the state.
   */
  static final long SLOT_MILLIS = 10 * 60_000L;

  abstract Duration horizon();

  abstract Duration maxOutOfOrderness();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setHorizon(Duration horizon);

    abstract Builder setMaxOutOfOrderness(Duration maxOutOfOrderness);

    abstract DeduplicateEvents build();
  }

  /** Remembers ids for {@code horizon} of event time behind the watermark. */
  public static DeduplicateEvents within(Duration horizon) {
    return new AutoValue_DeduplicateEvents.Builder()
        .setHorizon(horizon)
        .setMaxOutOfOrderness(Duration.ZERO)
        .build();
  }

  /** The watermark's delay behind the newest event time; the horizon counts from the watermark. */
  public DeduplicateEvents withMaxOutOfOrderness(Duration delay) {
    return toBuilder().setMaxOutOfOrderness(delay).build();
  }

  @Override
  public PCollection<IotEvent> expand(PCollection<IotEvent> events) {
    long retentionMillis = horizon().plus(maxOutOfOrderness()).getMillis();
    int slots = (int) (retentionMillis / SLOT_MILLIS) + 2;
    return events
        .apply("InGlobalWindow", Window.into(new GlobalWindows()))
        .apply("KeyByShardAndSlot", ParDo.of(new KeyByShardAndSlotFn(slots)))
        .apply("BatchPerBundle", BatchWithinBundles.create())
        .setCoder(KvCoder.of(VarIntCoder.of(), IotEventListCoder.of()))
        .apply("DropRedeliveries", ParDo.of(new DropRedeliveriesFn(retentionMillis)));
  }

  /** Key: shard of the id times the number of slots, plus the event time's slot. */
  static final class KeyByShardAndSlotFn extends DoFn<IotEvent, KV<Integer, IotEvent>> {
    private final int slots;

    KeyByShardAndSlotFn(int slots) {
      this.slots = slots;
    }

    @ProcessElement
    public void processElement(@Element IotEvent event, OutputReceiver<KV<Integer, IotEvent>> out) {
      int shard = Math.floorMod(event.eventId().hashCode(), SHARDS);
      int slot =
          (int) Math.floorMod(Math.floorDiv(event.eventTimeMillis(), SLOT_MILLIS), (long) slots);
      out.output(KV.of(shard * slots + slot, event));
    }
  }

  /** Emits the first delivery of each id; remembers ids per {@link SeenIds}. */
  static final class DropRedeliveriesFn extends DoFn<KV<Integer, List<IotEvent>>, IotEvent> {
    private final Counter duplicates =
        Metrics.counter(EtlMetrics.NAMESPACE, EtlMetrics.RAW_DUPLICATES_DROPPED);
    private final long retentionMillis;

    @StateId("seen")
    private final StateSpec<ValueState<SeenIds>> seenSpec = StateSpecs.value(SeenIds.Coder.of());

    DropRedeliveriesFn(long retentionMillis) {
      this.retentionMillis = retentionMillis;
    }

    @ProcessElement
    public void processElement(
        @Element KV<Integer, List<IotEvent>> batch,
        @StateId("seen") ValueState<SeenIds> state,
        OutputReceiver<IotEvent> out) {
      SeenIds seen = state.read();
      if (seen == null) {
        seen = new SeenIds();
      }
      long now = System.currentTimeMillis();
      for (IotEvent event : batch.getValue()) {
        if (seen.add(event.eventId(), event.eventTimeMillis(), now)) {
          out.output(event);
        } else {
          duplicates.inc();
        }
      }
      seen.forgetOlderThan(retentionMillis, now);
      state.write(seen);
    }
  }
}
