package io.iotetl.pipelines.model;

/** Why an input record went to the dead-letter output; each has its own counter in Beam metrics. */
public enum RejectReason {
  /** Not JSON, or JSON that is not an object. */
  MALFORMED_JSON,
  /** A required field is absent. */
  MISSING_FIELD,
  /** A required field is JSON null. */
  NULL_FIELD,
  /** A field has the wrong JSON type (e.g. a string where a number belongs). */
  WRONG_TYPE,
  /** {@code event_timestamp} is not an ISO-8601 instant. */
  BAD_TIMESTAMP,
  /** {@code event_duration} is zero or negative. */
  NON_POSITIVE_DURATION,
  /** A number is NaN or infinite (for example 1e400). */
  NOT_FINITE,
  /** The event time is further in the future than the configured bound. */
  FUTURE_EVENT,
  /** The payload is larger than the configured limit. */
  OVERSIZE
}
