package io.iotetl.producer;

/**
 * One Kafka record to send: key (the device id, or null when unknown), the JSON payload exactly as
 * it goes on the wire, the record timestamp (event time, or null to let the broker stamp it), and
 * what kind of test record it is.
 */
public record OutgoingRecord(String key, String payload, Long timestampMillis, Kind kind) {

  /** Kinds of records, counted separately in the producer's summary. */
  public enum Kind {
    VALID,
    LATE,
    DUPLICATE,
    MALFORMED,
    REPLAYED
  }
}
