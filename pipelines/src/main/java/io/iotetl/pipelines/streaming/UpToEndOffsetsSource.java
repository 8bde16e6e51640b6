package io.iotetl.pipelines.streaming;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A Kafka source that delivers only the records before each partition's end offset at launch and
 * skips the rest, which the next run reads. Bounded by the number of records those offsets hold
 * ({@code Read.withMaxNumRecords}), a run then reads exactly the backlog it found, even while
 * producers keep writing; committing the end offsets after it is done (see {@link
 * CommitOffsetsWhenDone}) skips nothing. Without it, new records of one partition could fill the
 * count before another partition's backlog was read.
 */
final class UpToEndOffsetsSource<K, V, C extends UnboundedSource.CheckpointMark>
    extends ForwardingSource<KafkaRecord<K, V>, C> {

  private final Map<Integer, Long> endOffsets;

  private UpToEndOffsetsSource(
      UnboundedSource<KafkaRecord<K, V>, C> source, Map<Integer, Long> endOffsets) {
    super(source);
    this.endOffsets = Map.copyOf(endOffsets);
  }

  /** {@code endOffsets}: partition to end offset; partitions not listed deliver nothing. */
  static <K, V, C extends UnboundedSource.CheckpointMark> UpToEndOffsetsSource<K, V, C> of(
      UnboundedSource<KafkaRecord<K, V>, C> source, Map<Integer, Long> endOffsets) {
    return new UpToEndOffsetsSource<>(source, endOffsets);
  }

  @Override
  public List<UpToEndOffsetsSource<K, V, C>> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    return source.split(desiredNumSplits, options).stream()
        .map(part -> new UpToEndOffsetsSource<K, V, C>(part, endOffsets))
        .toList();
  }

  @Override
  public UnboundedReader<KafkaRecord<K, V>> createReader(PipelineOptions options, @Nullable C mark)
      throws IOException {
    return new ForwardingReader<>(source.createReader(options, mark), this) {
      @Override
      public boolean start() throws IOException {
        return reader.start() && (inBacklog() || advance());
      }

      @Override
      public boolean advance() throws IOException {
        while (reader.advance()) {
          if (inBacklog()) {
            return true;
          }
        }
        return false;
      }

      private boolean inBacklog() {
        KafkaRecord<K, V> record = reader.getCurrent();
        return record.getOffset() < endOffsets.getOrDefault(record.getPartition(), Long.MIN_VALUE);
      }
    };
  }
}
