package io.iotetl.pipelines.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Statistics of one device type in one event-time window: one row of {@code stream_output/}. */
@DefaultCoder(DeviceWindowAggregate.Coder.class)
public record DeviceWindowAggregate(
    long windowStartMillis,
    long windowEndMillis,
    String deviceType,
    long eventCount,
    double avgValue,
    double minValue,
    double maxValue,
    double avgEventDuration)
    implements Serializable {

  public DeviceWindowAggregate {
    Objects.requireNonNull(deviceType);
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

    /**
     * Deterministic, although it encodes doubles (which Beam's {@code DoubleCoder} calls
     * non-deterministic): every field has one encoding, doubles as their IEEE bits with one NaN
     * ({@code Double.doubleToLongBits}), and records equal by {@code equals} (which compares
     * doubles with {@code Double.compare}) have the same bits. So it may encode keys.
     */
    @Override
    public void verifyDeterministic() {}

    /** Makes this the default coder of the model ({@code @DefaultCoder}). */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(DeviceWindowAggregate.class), INSTANCE);
    }
  }
}
