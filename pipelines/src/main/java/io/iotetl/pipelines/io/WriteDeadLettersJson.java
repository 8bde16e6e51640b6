package io.iotetl.pipelines.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.value.AutoValue;
import io.iotetl.pipelines.model.DeadLetter;
import io.iotetl.pipelines.transforms.BatchWithinBundles;
import io.iotetl.pipelines.transforms.FlushWindows;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Writes rejected records as JSON lines ({@code payload, reason, detail, topic, partition, offset})
 * under {@code <base>/}, in the global window flushed every {@code flushDelay}: never dropped.
 */
@AutoValue
public abstract class WriteDeadLettersJson
    extends PTransform<PCollection<DeadLetter>, WriteFilesResult<Void>> {

  abstract String baseDir();

  abstract String runId();

  abstract int numShards();

  abstract Duration flushDelay();

  abstract Builder toBuilder();

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setBaseDir(String baseDir);

    abstract Builder setRunId(String runId);

    abstract Builder setNumShards(int numShards);

    abstract Builder setFlushDelay(Duration flushDelay);

    abstract WriteDeadLettersJson build();
  }

  /** One shard, flushed every 10 seconds. */
  public static WriteDeadLettersJson to(String baseDir) {
    return new AutoValue_WriteDeadLettersJson.Builder()
        .setBaseDir(baseDir)
        .setRunId("run")
        .setNumShards(1)
        .setFlushDelay(Duration.standardSeconds(10))
        .build();
  }

  /** Part of every file name, so that runs do not overwrite each other's files. */
  public WriteDeadLettersJson withRunId(String id) {
    return toBuilder().setRunId(id).build();
  }

  public WriteDeadLettersJson withNumShards(int shards) {
    return toBuilder().setNumShards(shards).build();
  }

  public WriteDeadLettersJson withFlushDelay(Duration delay) {
    return toBuilder().setFlushDelay(delay).build();
  }

  @Override
  public WriteFilesResult<Void> expand(PCollection<DeadLetter> letters) {
    return letters
        .apply("FlushInPanes", FlushWindows.<DeadLetter>every(flushDelay()))
        .apply("KeyByOutput", WithKeys.of("dead_letter"))
        .apply("BatchPerBundle", BatchWithinBundles.create())
        .apply(
            "WriteJsonLines",
            FileIO.<KV<String, List<DeadLetter>>>write()
                .via(new JsonLinesSink())
                .to(baseDir())
                .withNaming(PaneFileNaming.perRun("dead-letters", ".jsonl", runId()))
                .withNumShards(numShards()));
  }

  /** Lists of dead letters as JSON lines, one line each. */
  static final class JsonLinesSink implements FileIO.Sink<KV<String, List<DeadLetter>>> {
    private final ToJsonLine toJson = new ToJsonLine();
    private transient FileIO.Sink<String> text;

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      text = TextIO.sink();
      text.open(channel);
    }

    @Override
    public void write(KV<String, List<DeadLetter>> batch) throws IOException {
      for (DeadLetter letter : batch.getValue()) {
        text.write(toJson.apply(letter));
      }
    }

    @Override
    public void flush() throws IOException {
      text.flush();
    }
  }

  /** One dead letter as one line of JSON. */
  public static final class ToJsonLine implements SerializableFunction<DeadLetter, String> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String apply(DeadLetter letter) {
      ObjectNode node = JSON.createObjectNode();
      node.put("reason", letter.reason().name());
      node.put("detail", letter.detail());
      node.put("topic", letter.topic());
      node.put("partition", letter.partition());
      node.put("offset", letter.offset());
      node.put("payload", letter.payload());
      try {
        return JSON.writeValueAsString(node);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot serialise a dead letter", e);
      }
    }
  }
}
