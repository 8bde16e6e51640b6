package io.iotetl.pipelines.streaming;

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
public final class ReadIotEvents
    extends PTransform<PBegin, PCollection<KafkaRecord<String, String>>> {

  private record Config(
      String bootstrapServers,
      String topic,
      String consumerGroup,
      String autoOffsetReset,
      Duration maxOutOfOrderness,
      Duration maxFuture,
      long maxRecords,
      Map<Integer, Long> backlogEnd,
      boolean upToBacklogEnd,
      Duration windowSize,
      Duration commitDelay) {}

  private final Config config;

  private ReadIotEvents(Config config) {
    this.config = config;
  }

  public static ReadIotEvents from(String bootstrapServers, String topic) {
    return new ReadIotEvents(
        new Config(
            bootstrapServers,
            topic,
            "iot-etl-streaming",
            "earliest",
            Duration.standardSeconds(StreamingDefaults.MAX_OUT_OF_ORDERNESS_SECONDS),
            Duration.standardSeconds(StreamingDefaults.MAX_FUTURE_SECONDS),
            -1,
            Map.of(),
            false,
            Duration.standardSeconds(StreamingDefaults.WINDOW_SIZE_SECONDS),
            Duration.standardSeconds(StreamingDefaults.COMMIT_DELAY_SECONDS)));
  }

  public ReadIotEvents withConsumerGroup(String group, String offsetReset) {
    Config c = config;
    return new ReadIotEvents(
        new Config(
            c.bootstrapServers,
            c.topic,
            group,
            offsetReset,
            c.maxOutOfOrderness,
            c.maxFuture,
            c.maxRecords,
            c.backlogEnd,
            c.upToBacklogEnd,
            c.windowSize,
            c.commitDelay));
  }

  public ReadIotEvents withMaxOutOfOrderness(Duration delay) {
    Config c = config;
    return new ReadIotEvents(
        new Config(
            c.bootstrapServers,
            c.topic,
            c.consumerGroup,
            c.autoOffsetReset,
            delay,
            c.maxFuture,
            c.maxRecords,
            c.backlogEnd,
            c.upToBacklogEnd,
            c.windowSize,
            c.commitDelay));
  }

  public ReadIotEvents withMaxFuture(Duration maxFuture) {
    Config c = config;
    return new ReadIotEvents(
        new Config(
            c.bootstrapServers,
            c.topic,
            c.consumerGroup,
            c.autoOffsetReset,
            c.maxOutOfOrderness,
            maxFuture,
            c.maxRecords,
            c.backlogEnd,
            c.upToBacklogEnd,
            c.windowSize,
            c.commitDelay));
  }

  /** Stop after {@code n} records (bounded read); negative reads forever. */
  public ReadIotEvents withMaxRecords(long n) {
    Config c = config;
    return new ReadIotEvents(
        new Config(
            c.bootstrapServers,
            c.topic,
            c.consumerGroup,
            c.autoOffsetReset,
            c.maxOutOfOrderness,
            c.maxFuture,
            n,
            c.backlogEnd,
            c.upToBacklogEnd,
            c.windowSize,
            c.commitDelay));
  }

  /**
   * Bounded: read the records before the {@link #withBacklogEnd backlog's end offsets}, {@code
   * records} of them, and stop; later records are skipped, for the next run.
   */
  public ReadIotEvents withStopAtBacklogEnd(long records) {
    Config c = config;
    return new ReadIotEvents(
        new Config(
            c.bootstrapServers,
            c.topic,
            c.consumerGroup,
            c.autoOffsetReset,
            c.maxOutOfOrderness,
            c.maxFuture,
            records,
            c.backlogEnd,
            true,
            c.windowSize,
            c.commitDelay));
  }

  /**
   * The records each partition held at launch (partition to end offset): the watermark waits until
   * they are read, so a backfill is complete in its windows (see {@link
   * PayloadTimestampPolicyFactory}).
   */
  public ReadIotEvents withBacklogEnd(Map<Integer, Long> endOffsets) {
    Config c = config;
    return new ReadIotEvents(
        new Config(
            c.bootstrapServers,
            c.topic,
            c.consumerGroup,
            c.autoOffsetReset,
            c.maxOutOfOrderness,
            c.maxFuture,
            c.maxRecords,
            Map.copyOf(endOffsets),
            c.upToBacklogEnd,
            c.windowSize,
            c.commitDelay));
  }

  /**
   * An offset is committed once the watermark has passed the end of the {@code windowSize} window
   * of every event read before it, and {@code delay} more has passed for the sinks to write them.
   */
  public ReadIotEvents withCommitDelay(Duration windowSize, Duration delay) {
    Config c = config;
    return new ReadIotEvents(
        new Config(
            c.bootstrapServers,
            c.topic,
            c.consumerGroup,
            c.autoOffsetReset,
            c.maxOutOfOrderness,
            c.maxFuture,
            c.maxRecords,
            c.backlogEnd,
            c.upToBacklogEnd,
            windowSize,
            delay));
  }

  @Override
  public PCollection<KafkaRecord<String, String>> expand(PBegin begin) {
    KafkaIO.Read<String, String> kafka =
        KafkaIO.<String, String>read()
            .withBootstrapServers(config.bootstrapServers)
            .withTopic(config.topic)
            // Keys and values may be null (no key; a tombstone, rejected later as MALFORMED_JSON).
            .withKeyDeserializerAndCoder(
                StringDeserializer.class, NullableCoder.of(StringUtf8Coder.of()))
            .withValueDeserializerAndCoder(
                StringDeserializer.class, NullableCoder.of(StringUtf8Coder.of()))
            .withConsumerConfigUpdates(
                Map.of(
                    "group.id", config.consumerGroup,
                    "auto.offset.reset", config.autoOffsetReset,
                    "enable.auto.commit", false))
            .withTimestampPolicyFactory(
                new PayloadTimestampPolicyFactory(
                    config.maxOutOfOrderness, config.maxFuture.getMillis(), config.backlogEnd));
    SingleReaderSource<KafkaRecord<String, String>, KafkaCheckpointMark> single =
        SingleReaderSource.of(KafkaUnboundedSources.of(kafka));
    if (config.maxRecords >= 0) {
      UnboundedSource<KafkaRecord<String, String>, KafkaCheckpointMark> bounded =
          config.upToBacklogEnd ? UpToEndOffsetsSource.of(single, config.backlogEnd) : single;
      return begin.apply(
          "ReadKafkaRecords", Read.from(bounded).withMaxNumRecords(config.maxRecords));
    }
    return begin.apply(
        "ReadKafkaRecords",
        Read.from(
            CommitWhenWrittenSource.of(
                single, config.windowSize, config.commitDelay, config.maxFuture)));
  }
}
