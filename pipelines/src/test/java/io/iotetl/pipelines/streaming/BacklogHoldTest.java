package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.iotetl.pipelines.streaming.PayloadTimestampPolicyFactory.HoldDuringBacklog;
import java.util.Map;
import java.util.Optional;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class BacklogHoldTest {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  private static TimestampPolicy.PartitionContext context(long backlog) {
    return new TimestampPolicy.PartitionContext() {
      @Override
      public long getMessageBacklog() {
        return backlog;
      }

      @Override
      public Instant getBacklogCheckTime() {
        return Instant.now();
      }
    };
  }

  private static KafkaRecord<String, String> record(int partition, long offset, Instant time) {
    return TestRecords.recordIn(
        partition, offset, TestRecords.json("e" + offset, "t", time, 1, 1), time);
  }

  private static TimestampPolicy<String, String> policy(
      int partition, Map<Integer, Long> backlogEnd) {
    return policy(partition, backlogEnd, Optional.empty());
  }

  private static TimestampPolicy<String, String> policy(
      int partition, Map<Integer, Long> backlogEnd, Optional<Instant> previousWatermark) {
    return new PayloadTimestampPolicyFactory(Duration.standardMinutes(2), 300_000, backlogEnd)
        .createTimestampPolicy(new TopicPartition("t", partition), previousWatermark);
  }

  @Test
  void watermarkStaysPutUntilTheBacklogAtLaunchIsRead() {
    TimestampPolicy<String, String> policy = policy(0, Map.of(0, 3L));
    policy.getTimestampForRecord(context(2), record(0, 0, T0));
    policy.getTimestampForRecord(context(1), record(0, 1, T0.plus(Duration.standardHours(5))));
    assertThat(policy.getWatermark(context(1)), is(BoundedWindow.TIMESTAMP_MIN_VALUE));
    policy.getTimestampForRecord(context(0), record(0, 2, T0.plus(Duration.standardHours(6))));
    assertThat(
        policy.getWatermark(context(5)),
        is(T0.plus(Duration.standardHours(6)).minus(Duration.standardMinutes(2))));
  }

  @Test
  void partitionWithoutBacklogIsNotHeld() {
    TimestampPolicy<String, String> policy = policy(1, Map.of(0, 3L));
    policy.getTimestampForRecord(context(4), record(1, 0, T0));
    assertThat(policy.getWatermark(context(4)), is(T0.minus(Duration.standardMinutes(2))));
  }

  @Test
  void readerResumedPastTheBacklogIsReleasedWhenCaughtUp() {
    // A reader created again (from a checkpoint mark) reads no record before its first watermark.
    HoldDuringBacklog policy = (HoldDuringBacklog) policy(0, Map.of(0, 100L), Optional.of(T0));
    assertThat(policy.getWatermark(context(-1)), is(T0));
    assertThat(policy.getWatermark(context(0)).isAfter(T0), is(true));
  }

  @Test
  void emptyPartitionFollowsTheClockOnceCaughtUp() {
    TimestampPolicy<String, String> policy = policy(2, Map.of());
    Instant watermark = policy.getWatermark(context(0));
    assertThat(watermark.isAfter(Instant.now().minus(Duration.standardMinutes(3))), is(true));
  }
}
