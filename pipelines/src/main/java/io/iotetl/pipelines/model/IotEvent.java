package io.iotetl.pipelines.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/** A validated IoT event. Immutable; event time in epoch milliseconds, UTC. */
@DefaultCoder(IotEvent.Coder.class)
public record IotEvent(
    String eventId,
    String deviceId,
    String deviceType,
    long eventTimeMillis,
    double eventDuration,
    double value)
    implements Serializable {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  public IotEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(deviceType, "deviceType");
  }

  /** The UTC calendar date of the event, as {@code YYYY-MM-DD}. */
  public String eventDate() {
    return LocalDate.ofEpochDay(Math.floorDiv(eventTimeMillis, MILLIS_PER_DAY)).toString();
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

  /**
   * A compact, deterministic coder (no reflection, no per-element schema); a canonical UUID id
   * ({@link CanonicalUuid}) takes 17 bytes instead of 37, any other id is kept as text.
   */
  public static final class Coder extends AtomicCoder<IotEvent> {
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();
    private static final BigEndianLongCoder LONG_BITS = BigEndianLongCoder.of();
    private static final int TEXT_ID = 0;
    private static final int UUID_ID = 1;

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(IotEvent event, OutputStream out) throws IOException {
      if (CanonicalUuid.isCanonical(event.eventId)) {
        out.write(UUID_ID);
        LONG_BITS.encode(CanonicalUuid.high(event.eventId), out);
        LONG_BITS.encode(CanonicalUuid.low(event.eventId), out);
      } else {
        out.write(TEXT_ID);
        STRING.encode(event.eventId, out);
      }
      STRING.encode(event.deviceId, out);
      STRING.encode(event.deviceType, out);
      LONG.encode(event.eventTimeMillis, out);
      DOUBLE.encode(event.eventDuration, out);
      DOUBLE.encode(event.value, out);
    }

    @Override
    public IotEvent decode(InputStream in) throws IOException {
      int idForm = in.read();
      String id =
          switch (idForm) {
            case UUID_ID -> CanonicalUuid.text(LONG_BITS.decode(in), LONG_BITS.decode(in));
            case TEXT_ID -> STRING.decode(in);
            default -> throw new CoderException("not an encoded IotEvent: id form " + idForm);
          };
      return new IotEvent(
          id,
          STRING.decode(in),
          STRING.decode(in),
          LONG.decode(in),
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
      return CoderProviders.forCoder(TypeDescriptor.of(IotEvent.class), INSTANCE);
    }

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}
