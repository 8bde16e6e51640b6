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

  /** The daily p95 report ({@code analytics/p95_event_duration/}). */
  public static final Schema DAILY_P95 =
      SchemaBuilder.record("p95_event_duration_row")
          .namespace("io.iotetl.parquet")
          .fields()
          .requiredString("event_date")
          .requiredString("device_type")
          .requiredDouble("p95_event_duration")
          .requiredLong("events_per_day")
          .requiredLong("events_after_filter")
          .endRecord();

  private ParquetRecords() {}

  /** {@link DailyP95Row} to a {@link #DAILY_P95} record. */
  public static GenericRecord p95RowToRecord(DailyP95Row row) {
    GenericData.Record record = new GenericData.Record(DAILY_P95);
    record.put("event_date", row.eventDate());
    record.put("device_type", row.deviceType());
    record.put("p95_event_duration", row.p95EventDuration());
    record.put("events_per_day", row.eventsPerDay());
    record.put("events_after_filter", row.eventsAfterFilter());
    return record;
  }

  /**
   * The columns of {@link #RAW_EVENT} that the daily p95 reads: a Parquet read projection, so the
   * other columns are never decoded.
   */
  public static final Schema RAW_EVENT_DURATION =
      SchemaBuilder.record(RAW_EVENT.getName())
          .namespace(RAW_EVENT.getNamespace())
          .fields()
          .requiredString("event_id")
          .requiredString("device_type")
          .name("event_timestamp")
          .type(timestampMillis())
          .noDefault()
          .requiredDouble("event_duration")
          .endRecord();

  /** A {@link #RAW_EVENT_DURATION} record (the daily p95 reads raw_events/) to its model. */
  public static final class RecordToEventDuration
      implements SerializableFunction<GenericRecord, EventDuration> {
    @Override
    public EventDuration apply(GenericRecord r) {
      return EventDuration.of(
          r.get("event_id").toString(),
          (Long) r.get("event_timestamp"),
          r.get("device_type").toString(),
          (Double) r.get("event_duration"));
    }
  }

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
