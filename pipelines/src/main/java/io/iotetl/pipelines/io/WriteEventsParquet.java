package io.iotetl.pipelines.io;

import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.model.ParquetRecords;
import io.iotetl.pipelines.transforms.BatchKey;
import io.iotetl.pipelines.transforms.BatchWithinBundles;
import io.iotetl.pipelines.transforms.FlushWindows;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Writes events as Parquet under {@code <base>/event_date=YYYY-MM-DD/}, as they come (deduplicate
 * before, as the streaming ETL does). Runs in the global window flushed every {@code flushDelay},
 * so no event is ever dropped as late: this is the sink for {@code raw_events/} and {@code
 * late_events/}.
 *
 * <pre>{@code
 * events.apply("WriteRawEvents", WriteEventsParquet.to("s3://bucket/raw_events").withFilePrefix("raw-events"));
 * }</pre>
 */
@AutoValue
public abstract class WriteEventsParquet
    extends PTransform<PCollection<IotEvent>, WriteFilesResult<String>> {

  abstract String baseDir();

  abstract String filePrefix();

  abstract String runId();

  abstract int numShards();

  abstract Duration flushDelay();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setBaseDir(String baseDir);

    abstract Builder setFilePrefix(String filePrefix);

    abstract Builder setRunId(String runId);

    abstract Builder setNumShards(int numShards);

    abstract Builder setFlushDelay(Duration flushDelay);

    abstract WriteEventsParquet build();
  }

  /** Files named {@code events-run-...}, one shard, flushed every 10 seconds. */
  public static WriteEventsParquet to(String baseDir) {
    return new AutoValue_WriteEventsParquet.Builder()
        .setBaseDir(baseDir)
        .setFilePrefix("events")
        .setRunId("run")
        .setNumShards(1)
        .setFlushDelay(Duration.standardSeconds(10))
        .build();
  }

  public WriteEventsParquet withFilePrefix(String prefix) {
    return toBuilder().setFilePrefix(prefix).build();
  }

  /** Part of every file name, so that runs do not overwrite each other's files. */
  public WriteEventsParquet withRunId(String id) {
    return toBuilder().setRunId(id).build();
  }

  public WriteEventsParquet withNumShards(int shards) {
    return toBuilder().setNumShards(shards).build();
  }

  /** How long after the first event of a file its file waits for more before it is written. */
  public WriteEventsParquet withFlushDelay(Duration delay) {
    return toBuilder().setFlushDelay(delay).build();
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<IotEvent> events) {
    String prefix = filePrefix();
    String id = runId();
    return events
        .apply("FlushInPanes", FlushWindows.<IotEvent>every(flushDelay()))
        .apply(
            "KeyByEventDate", WithKeys.of(new EventDate()).withKeyType(TypeDescriptors.strings()))
        .apply("BatchPerBundle", BatchWithinBundles.create())
        .apply(
            "WriteParquetByEventDate",
            FileIO.<String, KV<String, List<IotEvent>>>writeDynamic()
                .by(new BatchKey<>())
                .withDestinationCoder(StringUtf8Coder.of())
                .via(new EventListParquetSink())
                .to(baseDir())
                .withNaming(
                    date ->
                        PaneFileNaming.perRun("event_date=" + date + "/" + prefix, ".parquet", id))
                .withNumShards(numShards()));
  }

  /**
   * Parquet sink for lists of events ({@link BatchWithinBundles}), which keep the file write's
   * buffering cheap on Spark.
   */
  static final class EventListParquetSink implements FileIO.Sink<KV<String, List<IotEvent>>> {
    private final ParquetRecords.RawEventToRecord toRecord = new ParquetRecords.RawEventToRecord();
    private transient FileIO.Sink<GenericRecord> parquet;

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      parquet = ParquetIO.sink(ParquetRecords.RAW_EVENT);
      parquet.open(channel);
    }

    @Override
    public void write(KV<String, List<IotEvent>> batch) throws IOException {
      for (IotEvent event : batch.getValue()) {
        parquet.write(toRecord.apply(event));
      }
    }

    @Override
    public void flush() throws IOException {
      parquet.flush();
    }
  }

  static final class EventDate implements SerializableFunction<IotEvent, String> {
    @Override
    public String apply(IotEvent event) {
      return event.eventDate();
    }
  }
}
