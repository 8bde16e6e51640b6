package io.iotetl.pipelines.streaming;

import java.io.Serializable;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * The watermark on which {@link CommitWhenWrittenSource} decides that the windows of the events
 * read before a position have fired. Windows fire on the watermark of the whole input, so a reader
 * that holds only some of the partitions must not use its own.
 */
interface CommitWatermark extends Serializable {

  /** The reader holds every partition: its own watermark is the input's. */
  CommitWatermark OWN = (readerWatermark, options) -> readerWatermark;

  /**
   * The input watermark, in milliseconds, as far as this reader knows it; {@link Long#MIN_VALUE}
   * while it is unknown. Never above {@code readerWatermark}.
   */
  long of(long readerWatermark, PipelineOptions options);
}
