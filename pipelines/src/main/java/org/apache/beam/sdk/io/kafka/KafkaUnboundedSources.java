package org.apache.beam.sdk.io.kafka;

import org.apache.beam.sdk.io.UnboundedSource;

/**
 * Access to the {@link UnboundedSource} behind a {@link KafkaIO.Read}, which KafkaIO builds only
 * inside its own expansion ({@code makeSource()} is package-private). The streaming ETL wraps it so
 * that one reader covers every partition ({@code io.iotetl.pipelines.streaming.SingleReaderSource}).
 */
public final class KafkaUnboundedSources {

  private KafkaUnboundedSources() {}

  /** The source KafkaIO's legacy read would use; key and value coders must be set on {@code read}. */
  public static <K, V> UnboundedSource<KafkaRecord<K, V>, KafkaCheckpointMark> of(KafkaIO.Read<K, V> read) {
    return read.makeSource();
  }
}
