package io.iotetl.pipelines.model;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Avro schemas of the Parquet outputs and conversions to them. Record names deliberately differ
 * from Java class names (a clash breaks {@code ParquetIO.read}).
 */
public final class ParquetRecords {

  /**
   * Raw clean events ({@code raw_events/}, {@code late_events/}); timestamps are UTC epoch millis.
   */
  public static final Schema RAW_EVENT =
      SchemaBuilder.record("raw_event_row")
          .namespace("io.iotetl.parquet")
          .fields()
          .requiredString("event_id")
          .requiredString("device_id")
          .requiredString("device_type")
          .name("event_timestamp")
          .type(timestampMillis())
          .noDefault()
          .requiredDouble("event_duration")
          .requiredDouble("value")
          .requiredString("event_date")
          .endRecord();

  /** Windowed aggregates per device type ({@code stream_output/}). */
  public static final Schema DEVICE_WINDOW_AGGREGATE =
      SchemaBuilder.record("device_window_aggregate_row")
          .namespace("io.iotetl.parquet")
          .fields()
          .name("window_start")
          .type(timestampMillis())
          .noDefault()
          .name("window_end")
          .type(timestampMillis())
          .noDefault()
          .requiredString("device_type")
          .requiredLong("event_count")
          .requiredDouble("avg_value")
          .requiredDouble("min_value")
          .requiredDouble("max_value")
          .requiredDouble("avg_event_duration")
          .endRecord();

  private ParquetRecords() {}

  private static Schema timestampMillis() {
    return org.apache.avro.LogicalTypes.timestampMillis()
        .addToSchema(Schema.create(Schema.Type.LONG));
  }

  /** {@link IotEvent} to a {@link #RAW_EVENT} record. */
  public static final class RawEventToRecord
      implements SerializableFunction<IotEvent, GenericRecord> {
    @Override
    public GenericRecord apply(IotEvent event) {
      GenericData.Record record = new GenericData.Record(RAW_EVENT);
      record.put("event_id", event.eventId());
      record.put("device_id", event.deviceId());
      record.put("device_type", event.deviceType());
      record.put("event_timestamp", event.eventTimeMillis());
      record.put("event_duration", event.eventDuration());
      record.put("value", event.value());
      record.put("event_date", event.eventDate());
      return record;
    }
  }

  /** {@link DeviceWindowAggregate} to a {@link #DEVICE_WINDOW_AGGREGATE} record. */
  public static final class AggregateToRecord
      implements SerializableFunction<DeviceWindowAggregate, GenericRecord> {
    @Override
    public GenericRecord apply(DeviceWindowAggregate aggregate) {
      GenericData.Record record = new GenericData.Record(DEVICE_WINDOW_AGGREGATE);
      record.put("window_start", aggregate.windowStartMillis());
      record.put("window_end", aggregate.windowEndMillis());
      record.put("device_type", aggregate.deviceType());
      record.put("event_count", aggregate.eventCount());
      record.put("avg_value", aggregate.avgValue());
      record.put("min_value", aggregate.minValue());
      record.put("max_value", aggregate.maxValue());
      record.put("avg_event_duration", aggregate.avgEventDuration());
      return record;
    }
  }
}
