package io.iotetl.pipelines.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** Statistics of one device type in one event-time window: one row of {@code stream_output/}. */
public final class DeviceWindowAggregate implements Serializable {

  private final long windowStartMillis;
  private final long windowEndMillis;
  private final String deviceType;
  private final long eventCount;
  private final double avgValue;
  private final double minValue;
  private final double maxValue;
  private final double avgEventDuration;

  public DeviceWindowAggregate(
      long windowStartMillis,
      long windowEndMillis,
      String deviceType,
      long eventCount,
      double avgValue,
      double minValue,
      double maxValue,
      double avgEventDuration) {
    this.windowStartMillis = windowStartMillis;
    this.windowEndMillis = windowEndMillis;
    this.deviceType = Objects.requireNonNull(deviceType);
    this.eventCount = eventCount;
    this.avgValue = avgValue;
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.avgEventDuration = avgEventDuration;
  }

  public long windowStartMillis() {
    return windowStartMillis;
  }

  public long windowEndMillis() {
    return windowEndMillis;
  }

  public String deviceType() {
    return deviceType;
  }

  public long eventCount() {
    return eventCount;
  }

  public double avgValue() {
    return avgValue;
  }

  public double minValue() {
    return minValue;
  }

  public double maxValue() {
    return maxValue;
  }

  public double avgEventDuration() {
    return avgEventDuration;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceWindowAggregate other
        && windowStartMillis == other.windowStartMillis
        && windowEndMillis == other.windowEndMillis
        && deviceType.equals(other.deviceType)
        && eventCount == other.eventCount
        && Double.compare(avgValue, other.avgValue) == 0
        && Double.compare(minValue, other.minValue) == 0
        && Double.compare(maxValue, other.maxValue) == 0
        && Double.compare(avgEventDuration, other.avgEventDuration) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        windowStartMillis,
        windowEndMillis,
        deviceType,
        eventCount,
        avgValue,
        minValue,
        maxValue,
        avgEventDuration);
  }

  @Override
  public String toString() {
    return "DeviceWindowAggregate{"
        + new org.joda.time.Instant(windowStartMillis)
        + ".."
        + new org.joda.time.Instant(windowEndMillis)
        + ", "
        + deviceType
        + ", count="
        + eventCount
        + ", avgValue="
        + avgValue
        + ", min="
        + minValue
        + ", max="
        + maxValue
        + ", avgDuration="
        + avgEventDuration
        + "}";
  }

  /** Deterministic coder. */
  public static final class Coder extends AtomicCoder<DeviceWindowAggregate> {
    private static final Coder INSTANCE = new Coder();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeviceWindowAggregate a, OutputStream out) throws IOException {
      LONG.encode(a.windowStartMillis, out);
      LONG.encode(a.windowEndMillis, out);
      StringUtf8Coder.of().encode(a.deviceType, out);
      LONG.encode(a.eventCount, out);
      DOUBLE.encode(a.avgValue, out);
      DOUBLE.encode(a.minValue, out);
      DOUBLE.encode(a.maxValue, out);
      DOUBLE.encode(a.avgEventDuration, out);
    }

    @Override
    public DeviceWindowAggregate decode(InputStream in) throws IOException {
      return new DeviceWindowAggregate(
          LONG.decode(in),
          LONG.decode(in),
          StringUtf8Coder.of().decode(in),
          LONG.decode(in),
          DOUBLE.decode(in),
          DOUBLE.decode(in),
          DOUBLE.decode(in),
          DOUBLE.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
