package io.iotetl.pipelines.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotetl.pipelines.model.DeadLetter;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.model.ParquetRecords;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * The file sinks of {@link WriteFlushedOutputs}: rows arrive encoded with their model's coder and
 * are written as Parquet events or JSON-lines dead letters.
 */
final class FlushedRowSinks {

  private FlushedRowSinks() {}

  /** The sink of one file: by its output's kind. */
  static FileIO.Sink<byte[]> forFile(OutputFile file) {
    return switch (file.kind()) {
      case RAW_EVENTS, LATE_EVENTS ->
          ParquetRowSink.of(ParquetRecords.RAW_EVENT, new EncodedEventToRecord());
      case DEAD_LETTERS -> new DeadLettersJsonSink();
    };
  }

  /** An event, encoded with its coder, to a {@link ParquetRecords#RAW_EVENT} record. */
  static final class EncodedEventToRecord implements SerializableFunction<byte[], GenericRecord> {
    private final ParquetRecords.RawEventToRecord toRecord = new ParquetRecords.RawEventToRecord();

    @Override
    public GenericRecord apply(byte[] row) {
      try {
        return toRecord.apply(CoderUtils.decodeFromByteArray(IotEvent.Coder.of(), row));
      } catch (CoderException e) {
        throw new IllegalStateException("cannot decode an event encoded by this job", e);
      }
    }
  }

  /** Dead letters as JSON lines, one line each ({@link ToJsonLine}). */
  static final class DeadLettersJsonSink implements FileIO.Sink<byte[]> {
    private final ToJsonLine toJson = new ToJsonLine();
    private transient FileIO.Sink<String> text;

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      text = TextIO.sink();
      text.open(channel);
    }

    @Override
    public void write(byte[] row) throws IOException {
      text.write(toJson.apply(CoderUtils.decodeFromByteArray(DeadLetter.Coder.of(), row)));
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
