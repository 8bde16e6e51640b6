package io.iotetl.pipelines.streaming;

import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.io.kafka.CustomTimestampPolicyWithLimitedDelay;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time from the payload's {@code event_timestamp}, set at the source; the watermark of each
 * partition trails the largest event time seen by {@code maxDelay} (2 minutes by default), and
 * follows the clock (minus the delay) once the partition is caught up.
 *
 * <p><b>Backlog hold.</b> A partition's watermark does not move while it is still reading the
 * records it held when the job was launched ({@code backlogEnd}: partition to end offset). A
 * backfill is therefore read completely before any window closes, whatever the micro-batch sizes
 * and the order in which partitions are read: every event of it counts in its window. Its windows
 * are then written together when the hold ends.
 *
 * <p>Payloads without a usable timestamp, or with one beyond {@code now + maxFuture}, get the
 * earlier of the Kafka record timestamp and now: a far-future event (rejected later) must not drag
 * the watermark forward and make every valid event late.
 */
final class PayloadTimestampPolicyFactory implements TimestampPolicyFactory<String, String> {

  private final Duration maxDelay;
  private final long maxFutureMillis;
  private final Map<Integer, Long> backlogEnd;

  PayloadTimestampPolicyFactory(
      Duration maxDelay, long maxFutureMillis, Map<Integer, Long> backlogEnd) {
    this.maxDelay = maxDelay;
    this.maxFutureMillis = maxFutureMillis;
    this.backlogEnd = Map.copyOf(backlogEnd);
  }

  @Override
  public TimestampPolicy<String, String> createTimestampPolicy(
      TopicPartition partition, Optional<Instant> previousWatermark) {
    TimestampPolicy<String, String> limited =
        new CustomTimestampPolicyWithLimitedDelay<>(
            new PayloadEventTime(maxFutureMillis), maxDelay, previousWatermark);
    return new HoldDuringBacklog(
        limited,
        backlogEnd.getOrDefault(partition.partition(), -1L),
        previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE),
        maxDelay);
  }

  /**
   * Holds the watermark at its starting value until the record before {@code holdUntilOffset} is
   * read, or the partition is found caught up (a reader resumed from a checkpoint past the
   * backlog). A caught-up partition that has not delivered a record yet follows the clock minus the
   * delay (KafkaIO's policy would keep it at its start, and one reader takes the minimum over
   * partitions: an empty partition would stop every window from closing).
   */
  static final class HoldDuringBacklog extends TimestampPolicy<String, String> {
    private final TimestampPolicy<String, String> policy;
    private final long holdUntilOffset;
    private final Instant held;
    private final Duration maxDelay;
    private long nextOffset = -1;
    private boolean holding;

    HoldDuringBacklog(
        TimestampPolicy<String, String> policy,
        long holdUntilOffset,
        Instant held,
        Duration maxDelay) {
      this.policy = policy;
      this.maxDelay = maxDelay;
      this.holdUntilOffset = holdUntilOffset;
      this.held = held;
      this.holding = holdUntilOffset > 0;
    }

    @Override
    public Instant getTimestampForRecord(
        PartitionContext context, KafkaRecord<String, String> record) {
      nextOffset = Math.max(nextOffset, record.getOffset() + 1);
      return policy.getTimestampForRecord(context, record);
    }

    @Override
    public Instant getWatermark(PartitionContext context) {
      if (holding && (nextOffset >= holdUntilOffset || context.getMessageBacklog() == 0)) {
        holding = false;
      }
      if (holding) {
        return held;
      }
      Instant watermark = policy.getWatermark(context);
      if (nextOffset < 0 && context.getMessageBacklog() == 0) {
        Instant idle = context.getBacklogCheckTime().minus(maxDelay);
        watermark = idle.isAfter(watermark) ? idle : watermark;
      }
      return watermark.isBefore(held) ? held : watermark;
    }
  }

  /** Extracts the event time; never throws. */
  static final class PayloadEventTime
      implements SerializableFunction<KafkaRecord<String, String>, Instant> {
    private final long maxFutureMillis;

    PayloadEventTime(long maxFutureMillis) {
      this.maxFutureMillis = maxFutureMillis;
    }

    @Override
    public Instant apply(KafkaRecord<String, String> record) {
      long now = System.currentTimeMillis();
      long fallback = Math.min(record.getTimestamp(), now);
      long eventTime = EventParser.eventTimeOrDefault(record.getKV().getValue(), fallback);
      return new Instant(eventTime > now + maxFutureMillis ? fallback : eventTime);
    }
  }
}
