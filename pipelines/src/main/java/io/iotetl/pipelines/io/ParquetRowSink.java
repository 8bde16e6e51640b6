package io.iotetl.pipelines.io;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Rows written as Parquet by {@link ParquetIO#sink}, each converted to an Avro record of one schema
 * first.
 *
 * <pre>{@code
 * FileIO.Sink<DeviceWindowAggregate> sink =
 *     ParquetRowSink.of(ParquetRecords.DEVICE_WINDOW_AGGREGATE, new ParquetRecords.AggregateToRecord());
 * }</pre>
 */
public final class ParquetRowSink<T> implements FileIO.Sink<T> {

  private final String schemaJson;
  private final SerializableFunction<T, GenericRecord> toRecord;
  private transient FileIO.Sink<GenericRecord> parquet;

  private ParquetRowSink(Schema schema, SerializableFunction<T, GenericRecord> toRecord) {
    this.schemaJson = schema.toString();
    this.toRecord = toRecord;
  }

  /** Rows as records of {@code schema}, converted by {@code toRecord}. */
  public static <T> ParquetRowSink<T> of(
      Schema schema, SerializableFunction<T, GenericRecord> toRecord) {
    return new ParquetRowSink<>(schema, toRecord);
  }

  @Override
  public void open(WritableByteChannel channel) throws IOException {
    parquet = ParquetIO.sink(new Schema.Parser().parse(schemaJson));
    parquet.open(channel);
  }

  @Override
  public void write(T row) throws IOException {
    parquet.write(toRecord.apply(row));
  }

  @Override
  public void flush() throws IOException {
    parquet.flush();
  }
}
