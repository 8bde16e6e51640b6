package io.iotetl.pipelines.streaming;

import java.util.Map;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Read;
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
 * PayloadTimestampPolicyFactory}). Offsets are committed to the consumer group when Beam finalizes
 * a checkpoint. With {@link #withMaxRecords} the read is bounded (tests, backfills).
 *
 * <p>One reader covers all partitions ({@link SingleReaderSource}): the watermark is the minimum
 * over the partitions on every runner, so a partition read ahead of the others cannot make theirs
 * late.
 *
 * <pre>{@code
 * p.apply("ReadKafkaEvents", ReadIotEvents.from("127.0.0.1:9092", "iot-events").withConsumerGroup("etl"));
 * }</pre>
 */
public final class ReadIotEvents extends PTransform<PBegin, PCollection<KafkaRecord<String, String>>> {

  private final String bootstrapServers;
  private final String topic;
  private final String consumerGroup;
  private final String autoOffsetReset;
  private final Duration maxOutOfOrderness;
  private final long maxFutureMillis;
  private final long maxRecords;
  private final Map<Integer, Long> backlogEnd;

  private ReadIotEvents(String bootstrapServers, String topic, String consumerGroup, String autoOffsetReset,
      Duration maxOutOfOrderness, long maxFutureMillis, long maxRecords, Map<Integer, Long> backlogEnd) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.consumerGroup = consumerGroup;
    this.autoOffsetReset = autoOffsetReset;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.maxFutureMillis = maxFutureMillis;
    this.maxRecords = maxRecords;
    this.backlogEnd = Map.copyOf(backlogEnd);
  }

  public static ReadIotEvents from(String bootstrapServers, String topic) {
    return new ReadIotEvents(bootstrapServers, topic, "iot-etl-streaming", "earliest", Duration.standardMinutes(2), 300_000, -1, Map.of());
  }

  public ReadIotEvents withConsumerGroup(String group, String offsetReset) {
    return new ReadIotEvents(bootstrapServers, topic, group, offsetReset, maxOutOfOrderness, maxFutureMillis, maxRecords, backlogEnd);
  }

  public ReadIotEvents withMaxOutOfOrderness(Duration delay) {
    return new ReadIotEvents(bootstrapServers, topic, consumerGroup, autoOffsetReset, delay, maxFutureMillis, maxRecords, backlogEnd);
  }

  public ReadIotEvents withMaxFuture(Duration maxFuture) {
    return new ReadIotEvents(bootstrapServers, topic, consumerGroup, autoOffsetReset, maxOutOfOrderness,
        maxFuture.getMillis(), maxRecords, backlogEnd);
  }

  /** Stop after {@code n} records (bounded read); negative reads forever. */
  public ReadIotEvents withMaxRecords(long n) {
    return new ReadIotEvents(bootstrapServers, topic, consumerGroup, autoOffsetReset, maxOutOfOrderness, maxFutureMillis, n, backlogEnd);
  }

  /**
   * The records each partition held at launch (partition to end offset): the watermark waits until
   * they are read, so a backfill is complete in its windows (see {@link PayloadTimestampPolicyFactory}).
   */
  public ReadIotEvents withBacklogEnd(Map<Integer, Long> endOffsets) {
    return new ReadIotEvents(bootstrapServers, topic, consumerGroup, autoOffsetReset, maxOutOfOrderness, maxFutureMillis,
        maxRecords, endOffsets);
  }

  @Override
  public PCollection<KafkaRecord<String, String>> expand(PBegin begin) {
    KafkaIO.Read<String, String> kafka =
        KafkaIO.<String, String>read()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            // Keys and values may be null (no key; a tombstone, rejected later as MALFORMED_JSON).
            .withKeyDeserializerAndCoder(StringDeserializer.class, NullableCoder.of(StringUtf8Coder.of()))
            .withValueDeserializerAndCoder(StringDeserializer.class, NullableCoder.of(StringUtf8Coder.of()))
            .withConsumerConfigUpdates(Map.of(
                "group.id", consumerGroup,
                "auto.offset.reset", autoOffsetReset,
                "enable.auto.commit", false))
            .withTimestampPolicyFactory(new PayloadTimestampPolicyFactory(maxOutOfOrderness, maxFutureMillis, backlogEnd))
            .commitOffsetsInFinalize();
    Read.Unbounded<KafkaRecord<String, String>> unbounded =
        Read.from(SingleReaderSource.of(KafkaUnboundedSources.of(kafka)));
    PTransform<PBegin, PCollection<KafkaRecord<String, String>>> read =
        maxRecords >= 0 ? unbounded.withMaxNumRecords(maxRecords) : unbounded;
    return begin.apply("ReadKafkaRecords", read);
  }
}
