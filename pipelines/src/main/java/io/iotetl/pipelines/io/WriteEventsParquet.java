package io.iotetl.pipelines.io;

import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.model.ParquetRecords;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Writes events as Parquet under {@code <base>/event_date=YYYY-MM-DD/}, once per {@code event_id}
 * within each flush pane. Runs in the global window flushed every {@code flushDelay}, so no event
 * is ever dropped as late: this is the sink for {@code raw_events/} and {@code late_events/}.
 *
 * <pre>{@code
 * events.apply("WriteRawEvents", WriteEventsParquet.to("s3://bucket/raw_events").withFilePrefix("raw-events"));
 * }</pre>
 */
public final class WriteEventsParquet extends PTransform<PCollection<IotEvent>, WriteFilesResult<String>> {

  private final String baseDir;
  private final String filePrefix;
  private final String runId;
  private final int numShards;
  private final Duration flushDelay;

  private WriteEventsParquet(String baseDir, String filePrefix, String runId, int numShards, Duration flushDelay) {
    this.baseDir = baseDir;
    this.filePrefix = filePrefix;
    this.runId = runId;
    this.numShards = numShards;
    this.flushDelay = flushDelay;
  }

  public static WriteEventsParquet to(String baseDir) {
    return new WriteEventsParquet(baseDir, "events", "run", 1, Duration.standardSeconds(10));
  }

  public WriteEventsParquet withFilePrefix(String prefix) {
    return new WriteEventsParquet(baseDir, prefix, runId, numShards, flushDelay);
  }

  /** Part of every file name, so that runs do not overwrite each other's files. */
  public WriteEventsParquet withRunId(String id) {
    return new WriteEventsParquet(baseDir, filePrefix, id, numShards, flushDelay);
  }

  public WriteEventsParquet withNumShards(int shards) {
    return new WriteEventsParquet(baseDir, filePrefix, runId, shards, flushDelay);
  }

  public WriteEventsParquet withFlushDelay(Duration delay) {
    return new WriteEventsParquet(baseDir, filePrefix, runId, numShards, delay);
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<IotEvent> events) {
    String prefix = filePrefix;
    String id = runId;
    return events
        .apply("FlushInPanes", FlushWindows.<IotEvent>every(flushDelay))
        .apply("KeyByEventId", ParDo.of(new KeyByEventIdFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), IotEvent.Coder.of()))
        .apply("DropDuplicateEventIds", Combine.perKey(new FirstOfDuplicates()))
        .apply("DropEventIdKeys", Values.create())
        .apply("WriteParquetByEventDate",
            FileIO.<String, IotEvent>writeDynamic()
                .by(new EventDate())
                .withDestinationCoder(StringUtf8Coder.of())
                .via(Contextful.fn(new ParquetRecords.RawEventToRecord()), ParquetIO.sink(ParquetRecords.RAW_EVENT))
                .to(baseDir)
                .withNaming(date -> new PaneFileNaming("event_date=" + date + "/" + prefix, ".parquet", id))
                .withNumShards(numShards));
  }

  static final class KeyByEventIdFn extends DoFn<IotEvent, KV<String, IotEvent>> {
    @ProcessElement
    public void processElement(@Element IotEvent event, OutputReceiver<KV<String, IotEvent>> out) {
      out.output(KV.of(event.eventId(), event));
    }
  }

  /** Of several deliveries of one event id, keeps one, chosen independently of arrival order. */
  static final class FirstOfDuplicates implements SerializableFunction<Iterable<IotEvent>, IotEvent> {
    @Override
    public IotEvent apply(Iterable<IotEvent> duplicates) {
      IotEvent chosen = null;
      for (IotEvent event : duplicates) {
        if (chosen == null || event.toString().compareTo(chosen.toString()) < 0) {
          chosen = event;
        }
      }
      return chosen;
    }
  }

  static final class EventDate implements SerializableFunction<IotEvent, String> {
    @Override
    public String apply(IotEvent event) {
      return event.eventDate();
    }
  }
}
