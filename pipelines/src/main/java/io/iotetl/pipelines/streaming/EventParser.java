package io.iotetl.pipelines.streaming;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.model.RejectReason;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Parses and validates one JSON payload into an {@link IotEvent}, or says why it is rejected.
 * Unknown extra fields are ignored; strings are trimmed of surrounding whitespace and otherwise
 * kept as sent (no change of case).
 */
public final class EventParser implements Serializable {

  /**
   * Floats as BigDecimal: a number too large for a double (1e400) is NOT_FINITE, not a parse error.
   */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final long maxFutureMillis;
  private final int maxPayloadBytes;

  /**
   * @param maxFutureMillis how far past "now" an event time may lie
   * @param maxPayloadBytes larger payloads are rejected as {@link RejectReason#OVERSIZE}
   */
  public EventParser(long maxFutureMillis, int maxPayloadBytes) {
    this.maxFutureMillis = maxFutureMillis;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  /** The outcome: exactly one of {@code event} and {@code reason} is set. */
  public record Result(IotEvent event, RejectReason reason, String detail) {
    static Result ok(IotEvent event) {
      return new Result(event, null, null);
    }

    static Result reject(RejectReason reason, String detail) {
      return new Result(null, reason, detail);
    }

    public boolean isValid() {
      return event != null;
    }
  }

  /** Thrown internally to stop at the first problem found. */
  private static final class Rejected extends Exception {
    final RejectReason reason;

    Rejected(RejectReason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }

  public Result parse(String payload, long nowMillis) {
    if (payload == null) {
      return Result.reject(RejectReason.MALFORMED_JSON, "record has no value");
    }
    if (payload.length() > maxPayloadBytes / 4
        && payload.getBytes(StandardCharsets.UTF_8).length > maxPayloadBytes) {
      return Result.reject(
          RejectReason.OVERSIZE, "payload is larger than " + maxPayloadBytes + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      return Result.reject(
          RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return Result.reject(RejectReason.MALFORMED_JSON, "not a JSON object");
    }
    try {
      String eventId = text(root, "event_id");
      String deviceId = text(root, "device_id");
      String deviceType = text(root, "device_type");
      long eventTime = timestamp(root);
      double duration = number(root, "event_duration");
      double value = number(root, "value");
      if (duration <= 0) {
        throw new Rejected(
            RejectReason.NON_POSITIVE_DURATION, "event_duration must be positive, got " + duration);
      }
      if (eventTime > nowMillis + maxFutureMillis) {
        throw new Rejected(
            RejectReason.FUTURE_EVENT,
            "event_timestamp "
                + Instant.ofEpochMilli(eventTime)
                + " is more than "
                + maxFutureMillis / 1000
                + " s in the future");
      }
      return Result.ok(new IotEvent(eventId, deviceId, deviceType, eventTime, duration, value));
    } catch (Rejected e) {
      return Result.reject(e.reason, e.getMessage());
    }
  }

  /**
   * The event time of a payload if it has a valid one, else {@code fallback}; never throws. The
   * same as {@link #parse} finds for every payload it accepts, read without building a tree: only
   * the top-level {@code event_timestamp} is kept (the last one, as for {@link #parse}).
   */
  public static long eventTimeOrDefault(String payload, long fallback) {
    if (payload == null) {
      return fallback;
    }
    try (JsonParser parser = JSON.createParser(payload)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return fallback;
      }
      String timestamp = null;
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        boolean isTimestamp = "event_timestamp".equals(parser.currentName());
        JsonToken value = parser.nextToken();
        if (isTimestamp) {
          timestamp = value == JsonToken.VALUE_STRING ? parser.getText() : null;
        } else {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || timestamp == null) {
        return fallback;
      }
      return IsoInstants.toEpochMilli(timestamp.trim());
    } catch (IOException | DateTimeParseException e) {
      return fallback;
    }
  }

  private static JsonNode field(JsonNode root, String name) throws Rejected {
    JsonNode node = root.get(name);
    if (node == null) {
      throw new Rejected(RejectReason.MISSING_FIELD, "missing field " + name);
    }
    if (node.isNull()) {
      throw new Rejected(RejectReason.NULL_FIELD, "field " + name + " is null");
    }
    return node;
  }

  private static String text(JsonNode root, String name) throws Rejected {
    JsonNode node = field(root, name);
    if (!node.isTextual()) {
      throw new Rejected(
          RejectReason.WRONG_TYPE,
          "field " + name + " must be a string, got " + node.getNodeType());
    }
    String value = node.asText().trim();
    if (value.isEmpty()) {
      throw new Rejected(RejectReason.MISSING_FIELD, "field " + name + " is blank");
    }
    return value;
  }

  private static double number(JsonNode root, String name) throws Rejected {
    JsonNode node = field(root, name);
    if (!node.isNumber()) {
      throw new Rejected(
          RejectReason.WRONG_TYPE,
          "field " + name + " must be a number, got " + node.getNodeType());
    }
    double value = node.asDouble();
    if (!Double.isFinite(value)) {
      throw new Rejected(RejectReason.NOT_FINITE, "field " + name + " is not a finite number");
    }
    return value;
  }

  private static long timestamp(JsonNode root) throws Rejected {
    String text = text(root, "event_timestamp");
    try {
      return IsoInstants.toEpochMilli(text);
    } catch (DateTimeParseException e) {
      throw new Rejected(
          RejectReason.BAD_TIMESTAMP, "event_timestamp is not an ISO-8601 instant: " + text);
    }
  }
}
