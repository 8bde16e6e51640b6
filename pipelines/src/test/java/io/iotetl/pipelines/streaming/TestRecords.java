package io.iotetl.pipelines.streaming;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/** Kafka records and JSON payloads for pipeline tests. */
final class TestRecords {

  static final String TOPIC = "iot-events";
  static final Coder<KafkaRecord<String, String>> CODER =
      KafkaRecordCoder.of(
          NullableCoder.of(StringUtf8Coder.of()), NullableCoder.of(StringUtf8Coder.of()));

  private TestRecords() {}

  static String json(String eventId, String type, Instant time, double duration, double value) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"event_id\":\"%s\",\"device_id\":\"dev-%s\",\"device_type\":\"%s\",\"event_timestamp\":\"%s\","
            + "\"event_duration\":%s,\"value\":%s}",
        eventId,
        eventId,
        type,
        java.time.Instant.ofEpochMilli(time.getMillis()),
        duration,
        value);
  }

  static KafkaRecord<String, String> record(long offset, String payload, Instant timestamp) {
    return recordIn(0, offset, payload, timestamp);
  }

  static KafkaRecord<String, String> recordIn(
      int partition, long offset, String payload, Instant timestamp) {
    return new KafkaRecord<>(
        TOPIC,
        partition,
        offset,
        timestamp.getMillis(),
        KafkaTimestampType.CREATE_TIME,
        null,
        null,
        payload);
  }

  /** A record stamped with its event time, as the source's timestamp policy does. */
  static TimestampedValue<KafkaRecord<String, String>> event(
      long offset, String eventId, String type, Instant time, double duration, double value) {
    return TimestampedValue.of(
        record(offset, json(eventId, type, time, duration, value), time), time);
  }
}
