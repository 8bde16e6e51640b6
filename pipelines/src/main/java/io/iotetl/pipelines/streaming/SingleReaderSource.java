package io.iotetl.pipelines.streaming;

import java.io.IOException;
import java.util.List;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An unbounded source read by a single reader: {@link #split} always answers one split, so one
 * reader holds every partition and its watermark is the <em>minimum</em> over them.
 *
 * <p>Why: the Spark runner (Beam 2.70, {@code SparkUnboundedSource}) combines the watermarks of a
 * source's splits by taking the <em>maximum</em> (apache/beam#19411). With several splits, a split
 * that has read ahead makes every event of a split read behind it late, and how far ahead it gets
 * depends on how Spark cuts the micro-batches. KafkaIO's reader takes the minimum over its own
 * partitions, so with one split the watermark never passes an event a partition has still to
 * deliver in order. Reading is one Spark task per micro-batch; everything after the read is
 * parallel as before.
 */
final class SingleReaderSource<T, C extends UnboundedSource.CheckpointMark>
    extends ForwardingSource<T, C> {

  private final boolean split;

  private SingleReaderSource(UnboundedSource<T, C> source, boolean split) {
    super(source);
    this.split = split;
  }

  /** Wraps an unsplit source (such as KafkaIO's); it is split into exactly one part when read. */
  static <T, C extends UnboundedSource.CheckpointMark> SingleReaderSource<T, C> of(
      UnboundedSource<T, C> source) {
    return new SingleReaderSource<>(source, false);
  }

  @Override
  public List<SingleReaderSource<T, C>> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    return List.of(single(options));
  }

  private SingleReaderSource<T, C> single(PipelineOptions options) throws Exception {
    if (split) {
      return this;
    }
    List<? extends UnboundedSource<T, C>> parts = source.split(1, options);
    if (parts.size() != 1) {
      throw new IllegalStateException("expected one split of " + source + ", got " + parts.size());
    }
    return new SingleReaderSource<>(parts.get(0), true);
  }

  @Override
  public UnboundedReader<T> createReader(PipelineOptions options, @Nullable C checkpointMark)
      throws IOException {
    try {
      return single(options).source.createReader(options, checkpointMark);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (
        Exception
            e) { // UnboundedSource.split declares Exception; anything else it throws is an I/O
      // failure here
      throw new IOException("cannot split " + source, e);
    }
  }
}
