package io.iotetl.pipelines.io;

import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.model.DeadLetter;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.transforms.FlushWindows;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;

/**
 * Writes the outputs that are flushed on a timer through one file write ({@link WritePaneFiles}):
 * raw events and late events as Parquet under {@code raw_events/event_date=YYYY-MM-DD/} and {@code
 * late_events/...}, dead letters as JSON lines under {@code dead_letter/} ({@link OutputFile}). In
 * the global window, flushed a fixed processing time after the first row of each file's pane, so no
 * row is ever dropped as late; names per {@link PaneFileNaming}.
 *
 * <p>Why one write: on the Spark runner every step runs in every micro-batch, whether it has rows
 * or not, and per-batch work for steps (closure checks on the driver, task deserialization on the
 * executors, checkpoints of every stateful grouping) was most of the streaming job's cost. Rows
 * cross the write encoded with their model's coder; each file's sink decodes them.
 *
 * <pre>{@code
 * PCollectionTuple.of(WriteFlushedOutputs.RAW_EVENTS, raw)
 *     .and(WriteFlushedOutputs.LATE_EVENTS, late)
 *     .and(WriteFlushedOutputs.DEAD_LETTERS, deadLetters)
 *     .apply("WriteFlushedOutputs", WriteFlushedOutputs.to("s3://bucket").withRunId("run-1"));
 * }</pre>
 */
@AutoValue
public abstract class WriteFlushedOutputs
    extends PTransform<PCollectionTuple, PCollection<String>> {

  public static final TupleTag<IotEvent> RAW_EVENTS = new TupleTag<>("raw_events") {};
  public static final TupleTag<IotEvent> LATE_EVENTS = new TupleTag<>("late_events") {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>("dead_letter") {};

  abstract String root();

  abstract String runId();

  abstract int numShards();

  abstract Duration flushDelay();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setRoot(String root);

    abstract Builder setRunId(String runId);

    abstract Builder setNumShards(int numShards);

    abstract Builder setFlushDelay(Duration flushDelay);

    abstract WriteFlushedOutputs build();
  }

  /** Under {@code root}: one shard per file and pane, flushed every 10 seconds. */
  public static WriteFlushedOutputs to(String root) {
    return new AutoValue_WriteFlushedOutputs.Builder()
        .setRoot(root)
        .setRunId("run")
        .setNumShards(1)
        .setFlushDelay(Duration.standardSeconds(10))
        .build();
  }

  /** Part of every file name, so that runs do not overwrite each other's files. */
  public WriteFlushedOutputs withRunId(String id) {
    return toBuilder().setRunId(id).build();
  }

  public WriteFlushedOutputs withNumShards(int shards) {
    return toBuilder().setNumShards(shards).build();
  }

  /** How long after the first row of a file its file waits for more before it is written. */
  public WriteFlushedOutputs withFlushDelay(Duration delay) {
    return toBuilder().setFlushDelay(delay).build();
  }

  @Override
  public PCollection<String> expand(PCollectionTuple outputs) {
    PCollectionList<KV<OutputFile, byte[]>> rows = PCollectionList.empty(outputs.getPipeline());
    if (outputs.has(RAW_EVENTS)) {
      rows =
          rows.and(
              inPanes(
                  outputs.get(RAW_EVENTS),
                  "RawEvents",
                  IotEvent.Coder.of(),
                  event -> OutputFile.forEvent(OutputFile.Kind.RAW_EVENTS, event)));
    }
    if (outputs.has(LATE_EVENTS)) {
      rows =
          rows.and(
              inPanes(
                  outputs.get(LATE_EVENTS),
                  "LateEvents",
                  IotEvent.Coder.of(),
                  event -> OutputFile.forEvent(OutputFile.Kind.LATE_EVENTS, event)));
    }
    if (outputs.has(DEAD_LETTERS)) {
      rows =
          rows.and(
              inPanes(
                  outputs.get(DEAD_LETTERS),
                  "DeadLetters",
                  DeadLetter.Coder.of(),
                  letter -> OutputFile.DEAD_LETTERS));
    }
    String run = runId();
    return rows.apply("FlattenOutputs", Flatten.pCollections())
        .apply(
            "WriteFilesPerOutput",
            WritePaneFiles.<OutputFile, byte[]>to(
                    root(),
                    file -> PaneFileNaming.perRun(file.prefix(), file.kind().suffix(), run),
                    FlushedRowSinks::forFile)
                .withNumShards(numShards()));
  }

  /** One output's rows, encoded and keyed by file, in the flushed global window. */
  private <T> PCollection<KV<OutputFile, byte[]>> inPanes(
      PCollection<T> output,
      String name,
      Coder<T> coder,
      SerializableFunction<T, OutputFile> fileOf) {
    return output
        .apply("Encode" + name, ParDo.of(new EncodeFn<>(coder, fileOf)))
        .setCoder(KvCoder.of(OutputFile.Coder.of(), ByteArrayCoder.of()))
        .apply(
            "Flush" + name + "InPanes", FlushWindows.<KV<OutputFile, byte[]>>every(flushDelay()));
  }

  /** A row as {@code (its file, its bytes in its model's coder)}. */
  static final class EncodeFn<T> extends DoFn<T, KV<OutputFile, byte[]>> {
    private final Coder<T> coder;
    private final SerializableFunction<T, OutputFile> fileOf;

    EncodeFn(Coder<T> coder, SerializableFunction<T, OutputFile> fileOf) {
      this.coder = coder;
      this.fileOf = fileOf;
    }

    @ProcessElement
    public void processElement(@Element T row, OutputReceiver<KV<OutputFile, byte[]>> out)
        throws org.apache.beam.sdk.coders.CoderException {
      out.output(KV.of(fileOf.apply(row), CoderUtils.encodeToByteArray(coder, row)));
    }
  }
}
