package org.apache.beam.sdk.io.kafka;

import org.apache.beam.sdk.io.UnboundedSource;

/**
 * Access to package-private parts of KafkaIO's legacy source, which the streaming ETL wraps ({@code
 * io.iotetl.pipelines.streaming.SingleReaderSource}, {@code CommitWhenWrittenSource}): KafkaIO
 * builds its {@link UnboundedSource} only inside its own expansion ({@code makeSource()}), and its
 * reader commits offsets only through {@code finalizeCheckpointMarkAsync}.
 */
public final class KafkaUnboundedSources {

  private KafkaUnboundedSources() {}

  /**
   * The source KafkaIO's legacy read would use; key and value coders must be set on {@code read}.
   */
  public static <K, V> UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> of(
      KafkaIO.Read<K, V> read) {
    return read.makeSource();
  }

  /**
   * Asks {@code reader} (a reader of such a source) to commit the offsets of {@code mark} to its
   * consumer group; its consumer thread commits them with its next poll, or when it closes.
   */
  public static void commitAsync(
      UnboundedSource.UnboundedReader<?> reader, KafkaCheckpointMark mark) {
    if (!(reader instanceof KafkaUnboundedReader<?, ?> kafka)) {
      throw new IllegalArgumentException("not a KafkaIO reader: " + reader.getClass().getName());
    }
    kafka.finalizeCheckpointMarkAsync(mark);
  }
}
