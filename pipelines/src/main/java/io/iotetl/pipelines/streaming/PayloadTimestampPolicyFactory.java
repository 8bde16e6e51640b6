package io.iotetl.pipelines.streaming;

import java.util.Optional;
import org.apache.beam.sdk.io.kafka.CustomTimestampPolicyWithLimitedDelay;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event time from the payload's {@code event_timestamp}, set at the source; the watermark of each
 * partition trails the largest event time seen by {@code maxDelay} (2 minutes by default), and
 * follows the clock (minus the delay) once the partition is caught up.
 *
 * <p>Payloads without a usable timestamp, or with one beyond {@code now + maxFuture}, get the
 * earlier of the Kafka record timestamp and now: a far-future event (rejected later) must not drag
 * the watermark forward and make every valid event late.
 */
final class PayloadTimestampPolicyFactory implements TimestampPolicyFactory<String, String> {

  private final Duration maxDelay;
  private final long maxFutureMillis;

  PayloadTimestampPolicyFactory(Duration maxDelay, long maxFutureMillis) {
    this.maxDelay = maxDelay;
    this.maxFutureMillis = maxFutureMillis;
  }

  @Override
  public TimestampPolicy<String, String> createTimestampPolicy(TopicPartition partition, Optional<Instant> previousWatermark) {
    return new CustomTimestampPolicyWithLimitedDelay<>(new PayloadEventTime(maxFutureMillis), maxDelay, previousWatermark);
  }

  /** Extracts the event time; never throws. */
  static final class PayloadEventTime implements SerializableFunction<KafkaRecord<String, String>, Instant> {
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
