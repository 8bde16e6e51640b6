package io.iotetl.pipelines.streaming;

import java.util.Map;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.util.GlobalWatermarkHolder;
import org.apache.beam.runners.spark.util.GlobalWatermarkHolder.SparkWatermarks;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.spark.SparkEnv;

/**
 * The input watermark of a Spark runner job that reads its partitions as separate sources: the
 * lowest of the watermarks the runner published for its sources after the last micro-batch ({@code
 * GlobalWatermarkHolder}, on the driver and on every executor), which is the watermark its windows
 * fire on. Unknown (so nothing is committed) until all {@code sources} have reported, and outside a
 * Spark job.
 */
final class SparkInputWatermark implements CommitWatermark {

  private final int sources;

  SparkInputWatermark(int sources) {
    this.sources = sources;
  }

  @Override
  public long of(long readerWatermark, PipelineOptions options) {
    if (SparkEnv.get() == null) {
      return Long.MIN_VALUE;
    }
    return lowest(
        GlobalWatermarkHolder.get(options.as(SparkPipelineOptions.class).getBatchIntervalMillis()),
        sources,
        readerWatermark);
  }

  /**
   * The lowest low watermark of {@code published} and {@code readerWatermark}; {@link
   * Long#MIN_VALUE} if fewer than {@code sources} sources are published.
   */
  static long lowest(Map<Integer, SparkWatermarks> published, int sources, long readerWatermark) {
    if (published == null || published.size() < sources) {
      return Long.MIN_VALUE;
    }
    long lowest = readerWatermark;
    for (SparkWatermarks source : published.values()) {
      lowest = Math.min(lowest, source.getLowWatermark().getMillis());
    }
    return lowest;
  }
}
