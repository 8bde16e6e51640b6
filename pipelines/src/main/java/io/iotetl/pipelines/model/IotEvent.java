package io.iotetl.pipelines.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** A validated IoT event. Immutable; event time in epoch milliseconds, UTC. */
public final class IotEvent implements Serializable {

  private final String eventId;
  private final String deviceId;
  private final String deviceType;
  private final long eventTimeMillis;
  private final double eventDuration;
  private final double value;

  public IotEvent(
      String eventId,
      String deviceId,
      String deviceType,
      long eventTimeMillis,
      double eventDuration,
      double value) {
    this.eventId = Objects.requireNonNull(eventId, "eventId");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.deviceType = Objects.requireNonNull(deviceType, "deviceType");
    this.eventTimeMillis = eventTimeMillis;
    this.eventDuration = eventDuration;
    this.value = value;
  }

  public String eventId() {
    return eventId;
  }

  public String deviceId() {
    return deviceId;
  }

  public String deviceType() {
    return deviceType;
  }

  public long eventTimeMillis() {
    return eventTimeMillis;
  }

  public double eventDuration() {
    return eventDuration;
  }

  public double value() {
    return value;
  }

  /** The UTC calendar date of the event, as {@code YYYY-MM-DD}. */
  public String eventDate() {
    return Instant.ofEpochMilli(eventTimeMillis).atZone(ZoneOffset.UTC).toLocalDate().toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IotEvent other)) {
      return false;
    }
    return eventTimeMillis == other.eventTimeMillis
        && Double.compare(eventDuration, other.eventDuration) == 0
        && Double.compare(value, other.value) == 0
        && eventId.equals(other.eventId)
        && deviceId.equals(other.deviceId)
        && deviceType.equals(other.deviceType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, deviceId, deviceType, eventTimeMillis, eventDuration, value);
  }

  @Override
  public String toString() {
    return "IotEvent{"
        + eventId
        + ", "
        + deviceId
        + ", "
        + deviceType
        + ", "
        + Instant.ofEpochMilli(eventTimeMillis)
        + ", duration="
        + eventDuration
        + ", value="
        + value
        + "}";
  }

  /** A compact, deterministic coder (no reflection, no per-element schema). */
  public static final class Coder extends AtomicCoder<IotEvent> {
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(IotEvent event, OutputStream out) throws IOException {
      STRING.encode(event.eventId, out);
      STRING.encode(event.deviceId, out);
      STRING.encode(event.deviceType, out);
      LONG.encode(event.eventTimeMillis, out);
      DOUBLE.encode(event.eventDuration, out);
      DOUBLE.encode(event.value, out);
    }

    @Override
    public IotEvent decode(InputStream in) throws IOException {
      return new IotEvent(
          STRING.decode(in),
          STRING.decode(in),
          STRING.decode(in),
          LONG.decode(in),
          DOUBLE.decode(in),
          DOUBLE.decode(in));
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}
