package io.iotetl.pipelines.io;

import io.iotetl.pipelines.model.DeviceWindowAggregate;
import io.iotetl.pipelines.model.ParquetRecords;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Writes window aggregates as Parquet, one file set per window: {@code
 * <base>/aggregates-<windowStart>-<windowEnd>-<runId>-pane-<n>-shard-<i>-of-<n>.parquet}.
 *
 * <p>Aggregates reach this sink when their window expires, i.e. already behind the watermark. They
 * are re-windowed here with a generous allowed lateness and a short processing-time delay, so the
 * file-writing GroupByKey neither drops them as late nor writes one file per row.
 */
public final class WriteDeviceAggregatesParquet
    extends PTransform<PCollection<DeviceWindowAggregate>, WriteFilesResult<Void>> {

  private final String baseDir;
  private final Duration windowSize;
  private final int numShards;

  /** How long a late pane waits for more rows of its window before its file is written. */
  private static final Duration LATE_PANE_DELAY = Duration.standardSeconds(2);

  private final String runId;

  private WriteDeviceAggregatesParquet(
      String baseDir, Duration windowSize, int numShards, String runId) {
    this.baseDir = baseDir;
    this.windowSize = windowSize;
    this.numShards = numShards;
    this.runId = runId;
  }

  public static WriteDeviceAggregatesParquet to(String baseDir, Duration windowSize) {
    return new WriteDeviceAggregatesParquet(baseDir, windowSize, 1, "run");
  }

  public WriteDeviceAggregatesParquet withNumShards(int shards) {
    return new WriteDeviceAggregatesParquet(baseDir, windowSize, shards, runId);
  }

  /**
   * Part of every file name, so that no run replaces another run's files ({@link PaneFileNaming}).
   */
  public WriteDeviceAggregatesParquet withRunId(String id) {
    return new WriteDeviceAggregatesParquet(baseDir, windowSize, numShards, id);
  }

  @Override
  public WriteFilesResult<Void> expand(PCollection<DeviceWindowAggregate> aggregates) {
    return aggregates
        .apply(
            "RewindowForFileWrites",
            Window.<DeviceWindowAggregate>into(FixedWindows.of(windowSize))
                .triggering(
                    AfterWatermark.pastEndOfWindow()
                        .withLateFirings(
                            AfterProcessingTime.pastFirstElementInPane()
                                .plusDelayOf(LATE_PANE_DELAY)))
                .withAllowedLateness(
                    Duration.standardDays(7), Window.ClosingBehavior.FIRE_IF_NON_EMPTY)
                .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY)
                .discardingFiredPanes())
        .apply(
            "WriteAggregateParquet",
            FileIO.<DeviceWindowAggregate>write()
                .via(
                    Contextful.fn(new ParquetRecords.AggregateToRecord()),
                    ParquetIO.sink(ParquetRecords.DEVICE_WINDOW_AGGREGATE))
                .to(baseDir)
                .withNaming(PaneFileNaming.perRun("aggregates", ".parquet", runId))
                .withNumShards(numShards));
  }
}
