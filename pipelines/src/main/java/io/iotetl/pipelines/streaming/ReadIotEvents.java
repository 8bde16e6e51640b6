package io.iotetl.pipelines.streaming;

import com.google.auto.value.AutoValue;
import java.util.Map;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.kafka.KafkaCheckpointMark;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaUnboundedSources;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.joda.time.Duration;

/**
 * Reads the IoT topic with KafkaIO, event time taken from each payload at the source (see {@link
 * PayloadTimestampPolicyFactory}). With {@link #withMaxRecords} the read is bounded (tests,
 * backfills).
 *
 * <p>One reader covers all partitions ({@link SingleReaderSource}): the watermark is the minimum
 * over the partitions on every runner, so a partition read ahead of the others cannot make theirs
 * late.
 *
 * <p>An unbounded read commits offsets to the consumer group only once what was read before them is
 * written ({@link CommitWhenWrittenSource}): their windows have fired and {@link #withCommitDelay
 * the commit delay} has passed since. A bounded read commits nothing itself (see {@code
 * CommitOffsetsWhenDone}); given {@link #withBacklogEnd} it delivers only records before those end
 * offsets ({@link UpToEndOffsetsSource}).
 *
 * <pre>{@code
 * p.apply("ReadKafkaEvents", ReadIotEvents.from("127.0.0.1:9092", "iot-events").withConsumerGroup("etl", "earliest"));
 * }</pre>
 */
@AutoValue
public abstract class ReadIotEvents
    extends PTransform<PBegin, PCollection<KafkaRecord<String, String>>> {

  /**
   * Records handed from KafkaIO's consumer thread to the reader at a time (Kafka's default is 500).
   * Each hand-off that finds the next poll not ready costs the Spark runner's reader a back-off
   * sleep of 10 ms or more, so larger hand-offs drain a backlog faster.
   */
  static final int MAX_POLL_RECORDS = 5_000;

  /**
   * Bytes a fetch may bring per partition (Kafka's default is 1 MiB, some 5,000 events). The single
   * reader's consumer thread fetches, then waits for the reader to take what it fetched; with 1 MiB
   * a backfill's later micro-batches read some 27,000 events in their second of reading while the
   * job's other work used the cores, with 16 MiB 60,000-165,000 (BENCHMARKS.md, 2026-11-27).
   */
  static final int MAX_PARTITION_FETCH_BYTES = 16 << 20;

  /** Bytes a fetch may bring over all partitions (Kafka's default is 50 MiB). */
  static final int FETCH_MAX_BYTES = 64 << 20;

  /** The consumer's socket receive buffer (KafkaIO's default is 512 KiB). */
  static final int RECEIVE_BUFFER_BYTES = 4 << 20;

  abstract String bootstrapServers();

  abstract String topic();

  abstract String consumerGroup();

  abstract String autoOffsetReset();

  abstract Duration maxOutOfOrderness();

  abstract Duration maxFuture();

  abstract long maxRecords();

  abstract Map<Integer, Long> backlogEnd();

  abstract boolean upToBacklogEnd();

  abstract Duration windowSize();

  abstract Duration commitDelay();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setBootstrapServers(String servers);

    abstract Builder setTopic(String topic);

    abstract Builder setConsumerGroup(String group);

    abstract Builder setAutoOffsetReset(String reset);

    abstract Builder setMaxOutOfOrderness(Duration delay);

    abstract Builder setMaxFuture(Duration maxFuture);

    abstract Builder setMaxRecords(long records);

    abstract Builder setBacklogEnd(Map<Integer, Long> endOffsets);

    abstract Builder setUpToBacklogEnd(boolean upToBacklogEnd);

    abstract Builder setWindowSize(Duration windowSize);

    abstract Builder setCommitDelay(Duration delay);

    abstract ReadIotEvents build();
  }

  /**
   * Group {@code iot-etl-streaming} from the earliest offset, unbounded, defaults of {@link
   * StreamingDefaults}.
   */
  public static ReadIotEvents from(String bootstrapServers, String topic) {
    return new AutoValue_ReadIotEvents.Builder()
        .setBootstrapServers(bootstrapServers)
        .setTopic(topic)
        .setConsumerGroup("iot-etl-streaming")
        .setAutoOffsetReset("earliest")
        .setMaxOutOfOrderness(
            Duration.standardSeconds(StreamingDefaults.MAX_OUT_OF_ORDERNESS_SECONDS))
        .setMaxFuture(Duration.standardSeconds(StreamingDefaults.MAX_FUTURE_SECONDS))
        .setMaxRecords(-1)
        .setBacklogEnd(Map.of())
        .setUpToBacklogEnd(false)
        .setWindowSize(Duration.standardSeconds(StreamingDefaults.WINDOW_SIZE_SECONDS))
        .setCommitDelay(Duration.standardSeconds(StreamingDefaults.COMMIT_DELAY_SECONDS))
        .build();
  }

  public ReadIotEvents withConsumerGroup(String group, String offsetReset) {
    return toBuilder().setConsumerGroup(group).setAutoOffsetReset(offsetReset).build();
  }

  public ReadIotEvents withMaxOutOfOrderness(Duration delay) {
    return toBuilder().setMaxOutOfOrderness(delay).build();
  }

  public ReadIotEvents withMaxFuture(Duration maxFuture) {
    return toBuilder().setMaxFuture(maxFuture).build();
  }

  /** Stop after {@code n} records (bounded read); negative reads forever. */
  public ReadIotEvents withMaxRecords(long n) {
    return toBuilder().setMaxRecords(n).setUpToBacklogEnd(false).build();
  }

  /**
   * Bounded: read the records before the {@link #withBacklogEnd backlog's end offsets}, {@code
   * records} of them, and stop; later records are skipped, for the next run.
   */
  public ReadIotEvents withStopAtBacklogEnd(long records) {
    return toBuilder().setMaxRecords(records).setUpToBacklogEnd(true).build();
  }

  /**
   * The records each partition held at launch (partition to end offset): the watermark waits until
   * they are read, so a backfill is complete in its windows (see {@link
   * PayloadTimestampPolicyFactory}).
   */
  public ReadIotEvents withBacklogEnd(Map<Integer, Long> endOffsets) {
    return toBuilder().setBacklogEnd(Map.copyOf(endOffsets)).build();
  }

  /**
   * An offset is committed once the watermark has passed the end of the {@code windowSize} window
   * of every event read before it, and {@code delay} more has passed for the sinks to write them.
   */
  public ReadIotEvents withCommitDelay(Duration windowSize, Duration delay) {
    return toBuilder().setWindowSize(windowSize).setCommitDelay(delay).build();
  }

  @Override
  public PCollection<KafkaRecord<String, String>> expand(PBegin begin) {
    KafkaIO.Read<String, String> kafka =
        KafkaIO.<String, String>read()
            .withBootstrapServers(bootstrapServers())
            .withTopic(topic())
            // Keys and values may be null (no key; a tombstone, rejected later as MALFORMED_JSON).
            .withKeyDeserializerAndCoder(
                StringDeserializer.class, NullableCoder.of(StringUtf8Coder.of()))
            .withValueDeserializerAndCoder(
                StringDeserializer.class, NullableCoder.of(StringUtf8Coder.of()))
            .withConsumerConfigUpdates(
                Map.of(
                    "group.id",
                    consumerGroup(),
                    "auto.offset.reset",
                    autoOffsetReset(),
                    "enable.auto.commit",
                    false,
                    "max.poll.records",
                    MAX_POLL_RECORDS,
                    "max.partition.fetch.bytes",
                    MAX_PARTITION_FETCH_BYTES,
                    "fetch.max.bytes",
                    FETCH_MAX_BYTES,
                    "receive.buffer.bytes",
                    RECEIVE_BUFFER_BYTES))
            .withTimestampPolicyFactory(
                new PayloadTimestampPolicyFactory(
                    maxOutOfOrderness(), maxFuture().getMillis(), backlogEnd()));
    SingleReaderSource<KafkaRecord<String, String>, KafkaCheckpointMark> single =
        SingleReaderSource.of(KafkaUnboundedSources.of(kafka));
    if (maxRecords() >= 0) {
      UnboundedSource<KafkaRecord<String, String>, KafkaCheckpointMark> bounded =
          upToBacklogEnd() ? UpToEndOffsetsSource.of(single, backlogEnd()) : single;
      return begin.apply("ReadKafkaRecords", Read.from(bounded).withMaxNumRecords(maxRecords()));
    }
    return begin.apply(
        "ReadKafkaRecords",
        Read.from(CommitWhenWrittenSource.of(single, windowSize(), commitDelay(), maxFuture())));
  }
}
