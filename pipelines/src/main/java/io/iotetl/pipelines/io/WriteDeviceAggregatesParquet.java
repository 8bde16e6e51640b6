package io.iotetl.pipelines.io;

import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.model.DeviceWindowAggregate;
import io.iotetl.pipelines.model.ParquetRecords;
import io.iotetl.pipelines.transforms.FlushWindows;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Writes window aggregates as Parquet, partitioned by the UTC date of the window start: {@code
 * <base>/window_date=YYYY-MM-DD/aggregates-<runId>-pane-<n>-shard-<i>-of-<n>.parquet}.
 *
 * <p>Rows are written together when they fire together: the first row of a pane starts a {@link
 * #withFlushDelay flush delay} (2 s by default), and every row emitted meanwhile, whatever its
 * window, goes into the same file per date and shard. A backfill whose windows all close when its
 * backlog is read writes a few files, not one per window; live data writes about one file per
 * window, as its windows close one at a time. The global window never expires, so no row is dropped
 * as late here.
 */
@AutoValue
public abstract class WriteDeviceAggregatesParquet
    extends PTransform<PCollection<DeviceWindowAggregate>, PCollection<String>> {

  abstract String baseDir();

  abstract int numShards();

  abstract String runId();

  abstract Duration flushDelay();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setBaseDir(String baseDir);

    abstract Builder setNumShards(int numShards);

    abstract Builder setRunId(String runId);

    abstract Builder setFlushDelay(Duration flushDelay);

    abstract WriteDeviceAggregatesParquet build();
  }

  /** One shard, rows flushed together within 2 seconds. */
  public static WriteDeviceAggregatesParquet to(String baseDir) {
    return new AutoValue_WriteDeviceAggregatesParquet.Builder()
        .setBaseDir(baseDir)
        .setNumShards(1)
        .setRunId("run")
        .setFlushDelay(Duration.standardSeconds(2))
        .build();
  }

  public WriteDeviceAggregatesParquet withNumShards(int shards) {
    return toBuilder().setNumShards(shards).build();
  }

  /**
   * Part of every file name, so that no run replaces another run's files ({@link PaneFileNaming}).
   */
  public WriteDeviceAggregatesParquet withRunId(String id) {
    return toBuilder().setRunId(id).build();
  }

  /** How long after the first row of a file its file waits for more rows before it is written. */
  public WriteDeviceAggregatesParquet withFlushDelay(Duration delay) {
    return toBuilder().setFlushDelay(delay).build();
  }

  @Override
  public PCollection<String> expand(PCollection<DeviceWindowAggregate> aggregates) {
    String runId = runId();
    return aggregates
        .apply("FlushTogether", FlushWindows.<DeviceWindowAggregate>every(flushDelay()))
        .apply("KeyByWindowDate", WithKeys.of(new WindowDate()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), DeviceWindowAggregate.Coder.of()))
        .apply(
            "WriteAggregateParquet",
            WritePaneFiles.<String, DeviceWindowAggregate>to(
                    baseDir(),
                    date ->
                        PaneFileNaming.perRun(
                            "window_date=" + date + "/aggregates", ".parquet", runId),
                    date ->
                        ParquetRowSink.of(
                            ParquetRecords.DEVICE_WINDOW_AGGREGATE,
                            new ParquetRecords.AggregateToRecord()))
                .withNumShards(numShards()));
  }

  /** The UTC date of a window's start: the row's partition. */
  static final class WindowDate implements SerializableFunction<DeviceWindowAggregate, String> {
    @Override
    public String apply(DeviceWindowAggregate aggregate) {
      return java.time.Instant.ofEpochMilli(aggregate.windowStartMillis())
          .atZone(java.time.ZoneOffset.UTC)
          .toLocalDate()
          .toString();
    }
  }
}
