package io.iotetl.pipelines.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotetl.pipelines.model.DeadLetter;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.model.ParquetRecords;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;

/**
 * The file sinks of {@link WriteFlushedOutputs}: rows arrive in lists ({@code BatchWithinBundles}),
 * encoded with their model's coder, and are written as Parquet events or JSON-lines dead letters.
 */
final class FlushedRowSinks {

  private FlushedRowSinks() {}

  /** The sink of one file: by its output's kind. */
  static FileIO.Sink<KV<OutputFile, List<byte[]>>> forFile(OutputFile file) {
    return switch (file.kind()) {
      case RAW_EVENTS, LATE_EVENTS -> new EventsParquetSink();
      case DEAD_LETTERS -> new DeadLettersJsonSink();
    };
  }

  /** Events as {@link ParquetRecords#RAW_EVENT} rows. */
  static final class EventsParquetSink implements FileIO.Sink<KV<OutputFile, List<byte[]>>> {
    private final ParquetRecords.RawEventToRecord toRecord = new ParquetRecords.RawEventToRecord();
    private transient FileIO.Sink<GenericRecord> parquet;

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      parquet = ParquetIO.sink(ParquetRecords.RAW_EVENT);
      parquet.open(channel);
    }

    @Override
    public void write(KV<OutputFile, List<byte[]>> batch) throws IOException {
      for (byte[] row : batch.getValue()) {
        parquet.write(toRecord.apply(CoderUtils.decodeFromByteArray(IotEvent.Coder.of(), row)));
      }
    }

    @Override
    public void flush() throws IOException {
      parquet.flush();
    }
  }

  /** Dead letters as JSON lines, one line each ({@link ToJsonLine}). */
  static final class DeadLettersJsonSink implements FileIO.Sink<KV<OutputFile, List<byte[]>>> {
    private final ToJsonLine toJson = new ToJsonLine();
    private transient FileIO.Sink<String> text;

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      text = TextIO.sink();
      text.open(channel);
    }

    @Override
    public void write(KV<OutputFile, List<byte[]>> batch) throws IOException {
      for (byte[] row : batch.getValue()) {
        text.write(toJson.apply(CoderUtils.decodeFromByteArray(DeadLetter.Coder.of(), row)));
      }
    }

    @Override
    public void flush() throws IOException {
      text.flush();
    }
  }

  /**
   * One dead letter as one line of JSON: {@code reason, detail, topic, partition, offset, payload}.
   */
  static final class ToJsonLine implements SerializableFunction<DeadLetter, String> {
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
