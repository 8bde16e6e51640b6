package io.iotetl.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generates realistic IoT events as JSON, with chosen shares of late, duplicate and malformed
 * records. Event time moves forward through {@code [start, start + span]} as the run progresses (or
 * follows the wall clock when the span is zero), so a backfill of several days takes seconds.
 *
 * <p>Durations are log-normal around 200 ms with rare 20x outliers, so the daily p95 with outlier
 * exclusion has something to exclude. Values depend on the device type.
 */
public final class EventGenerator {

  static final String[] MALFORMED_KINDS = {
    "not-json",
    "missing-field",
    "null-field",
    "wrong-type",
    "bad-timestamp",
    "non-positive-duration",
    "not-finite"
  };

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Random random;
  private final List<String> deviceTypes;
  private final int devices;
  private final String[] deviceIds;
  private final Instant start;
  private final Duration span;
  private final double lateShare;
  private final double duplicateShare;
  private final double malformedShare;
  private Duration minLateness = Duration.ofMinutes(3);
  private Duration maxLateness = Duration.ofMinutes(15);
  private final Deque<OutgoingRecord> recent = new ArrayDeque<>();
  private int malformedCount;

  public EventGenerator(
      long seed,
      List<String> deviceTypes,
      int devices,
      Instant start,
      Duration span,
      double lateShare,
      double duplicateShare,
      double malformedShare) {
    this.random = new Random(seed);
    this.deviceTypes = List.copyOf(deviceTypes);
    this.devices = devices;
    this.deviceIds = new String[devices];
    for (int i = 0; i < devices; i++) {
      deviceIds[i] = String.format("device-%04d", i);
    }
    this.start = start;
    this.span = span;
    this.lateShare = lateShare;
    this.duplicateShare = duplicateShare;
    this.malformedShare = malformedShare;
  }

  /** Late events are stamped between {@code min} and {@code max} behind the current event time. */
  public EventGenerator withLateness(Duration min, Duration max) {
    this.minLateness = min;
    this.maxLateness = max;
    return this;
  }

  /**
   * The next record. {@code progress} in [0, 1] places the event in the event-time span; {@code
   * wallClock} is used instead when the span is zero.
   */
  public OutgoingRecord next(double progress, Instant wallClock) {
    double roll = random.nextDouble();
    if (roll < duplicateShare && !recent.isEmpty()) {
      OutgoingRecord original = recent.peekFirst();
      return new OutgoingRecord(
          original.key(),
          original.payload(),
          original.timestampMillis(),
          OutgoingRecord.Kind.DUPLICATE);
    }
    Instant eventTime =
        span.isZero()
            ? wallClock
            : start.plusMillis((long) (span.toMillis() * Math.min(1.0, progress)));
    int device = random.nextInt(devices);
    String deviceId = deviceIds[device];
    String deviceType = deviceTypes.get(device % deviceTypes.size());
    ObjectNode event = event(deviceId, deviceType, eventTime);
    if (roll < duplicateShare + malformedShare) {
      return new OutgoingRecord(
          deviceId, malformed(event), eventTime.toEpochMilli(), OutgoingRecord.Kind.MALFORMED);
    }
    OutgoingRecord.Kind kind = OutgoingRecord.Kind.VALID;
    if (roll < duplicateShare + malformedShare + lateShare) {
      long lateness =
          minLateness.toMillis()
              + (long) (random.nextDouble() * (maxLateness.toMillis() - minLateness.toMillis()));
      eventTime = eventTime.minusMillis(lateness);
      event.put("event_timestamp", eventTime.toString());
      kind = OutgoingRecord.Kind.LATE;
    }
    OutgoingRecord record =
        new OutgoingRecord(deviceId, write(event), eventTime.toEpochMilli(), kind);
    recent.addFirst(record);
    if (recent.size() > 100) {
      recent.removeLast();
    }
    return record;
  }

  private ObjectNode event(String deviceId, String deviceType, Instant eventTime) {
    ObjectNode event = JSON.createObjectNode();
    event.put("event_id", new UUID(random.nextLong(), random.nextLong()).toString());
    event.put("device_id", deviceId);
    event.put("device_type", deviceType);
    event.put("event_timestamp", eventTime.toString());
    event.put("event_duration", round(duration()));
    event.put("value", round(value(deviceType)));
    return event;
  }

  private double duration() {
    double millis = Math.exp(Math.log(200) + 0.5 * random.nextGaussian());
    return random.nextDouble() < 0.005 ? millis * 20 : millis;
  }

  private double value(String deviceType) {
    return switch (deviceType) {
      case "sensor_temp" -> 21 + 3 * random.nextGaussian();
      case "sensor_humidity" -> Math.max(0, Math.min(100, 45 + 10 * random.nextGaussian()));
      case "sensor_motion" -> random.nextBoolean() ? 1 : 0;
      default -> 100 + 15 * random.nextGaussian();
    };
  }

  /** One of several kinds of bad input, in rotation, built from a valid event. */
  private String malformed(ObjectNode event) {
    String kind = MALFORMED_KINDS[malformedCount++ % MALFORMED_KINDS.length];
    switch (kind) {
      case "not-json":
        return write(event).substring(0, 25) + " <truncated";
      case "missing-field":
        event.remove("device_type");
        break;
      case "null-field":
        event.putNull("device_id");
        break;
      case "wrong-type":
        event.put("value", "twenty-one");
        break;
      case "bad-timestamp":
        event.put("event_timestamp", "yesterday at noon");
        break;
      case "non-positive-duration":
        event.put("event_duration", -round(duration()));
        break;
      default:
        // A JSON number too large for a double: parses as Infinity.
        event.put("value", new java.math.BigDecimal("1e400"));
        break;
    }
    return write(event);
  }

  private static double round(double x) {
    return Math.round(x * 1000.0) / 1000.0;
  }

  private static String write(ObjectNode event) {
    try {
      return JSON.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise an event", e);
    }
  }
}
