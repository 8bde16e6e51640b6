package io.iotetl.pipelines.streaming;

import java.util.Map;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
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

  private ReadIotEvents(String bootstrapServers, String topic, String consumerGroup, String autoOffsetReset,
      Duration maxOutOfOrderness, long maxFutureMillis, long maxRecords) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.consumerGroup = consumerGroup;
    this.autoOffsetReset = autoOffsetReset;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.maxFutureMillis = maxFutureMillis;
    this.maxRecords = maxRecords;
  }

  public static ReadIotEvents from(String bootstrapServers, String topic) {
    return new ReadIotEvents(bootstrapServers, topic, "iot-etl-streaming", "earliest", Duration.standardMinutes(2), 300_000, -1);
  }

  public ReadIotEvents withConsumerGroup(String group, String offsetReset) {
    return new ReadIotEvents(bootstrapServers, topic, group, offsetReset, maxOutOfOrderness, maxFutureMillis, maxRecords);
  }

  public ReadIotEvents withMaxOutOfOrderness(Duration delay) {
    return new ReadIotEvents(bootstrapServers, topic, consumerGroup, autoOffsetReset, delay, maxFutureMillis, maxRecords);
  }

  public ReadIotEvents withMaxFuture(Duration maxFuture) {
    return new ReadIotEvents(bootstrapServers, topic, consumerGroup, autoOffsetReset, maxOutOfOrderness,
        maxFuture.getMillis(), maxRecords);
  }

  /** Stop after {@code n} records (bounded read); negative reads forever. */
  public ReadIotEvents withMaxRecords(long n) {
    return new ReadIotEvents(bootstrapServers, topic, consumerGroup, autoOffsetReset, maxOutOfOrderness, maxFutureMillis, n);
  }

  @Override
  public PCollection<KafkaRecord<String, String>> expand(PBegin begin) {
    KafkaIO.Read<String, String> read =
        KafkaIO.<String, String>read()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeyDeserializer(StringDeserializer.class)
            .withValueDeserializer(StringDeserializer.class)
            .withConsumerConfigUpdates(Map.of(
                "group.id", consumerGroup,
                "auto.offset.reset", autoOffsetReset,
                "enable.auto.commit", false))
            .withTimestampPolicyFactory(new PayloadTimestampPolicyFactory(maxOutOfOrderness, maxFutureMillis))
            .commitOffsetsInFinalize();
    if (maxRecords >= 0) {
      read = read.withMaxNumRecords(maxRecords);
    }
    return begin.apply("ReadKafkaRecords", read);
  }
}
