package io.iotetl.pipelines.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * What the daily p95 reads of a raw event: its id, UTC day ({@code epochDay}, days since
 * 1970-01-01), device type and duration. The daily p95 reads only these columns of {@code
 * raw_events/}.
 */
@DefaultCoder(EventDuration.Coder.class)
public record EventDuration(String eventId, long epochDay, String deviceType, double eventDuration)
    implements Serializable {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  /**
   * By day, then device type, then duration: the order that picks one of conflicting deliveries.
   */
  public static final Comparator<EventDuration> BY_GROUP_THEN_DURATION =
      Comparator.comparingLong(EventDuration::epochDay)
          .thenComparing(EventDuration::deviceType)
          .thenComparingDouble(EventDuration::eventDuration);

  public EventDuration {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(deviceType, "deviceType");
  }

  /** From an event time in UTC epoch milliseconds. */
  public static EventDuration of(
      String eventId, long eventTimeMillis, String deviceType, double eventDuration) {
    return new EventDuration(
        eventId, Math.floorDiv(eventTimeMillis, MILLIS_PER_DAY), deviceType, eventDuration);
  }

  public static EventDuration of(IotEvent event) {
    return of(event.eventId(), event.eventTimeMillis(), event.deviceType(), event.eventDuration());
  }

  /** The UTC calendar date, as {@code YYYY-MM-DD}. */
  public String eventDate() {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  /** A compact, deterministic coder. */
  public static final class Coder extends AtomicCoder<EventDuration> {
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final DoubleCoder DOUBLE = DoubleCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(EventDuration value, OutputStream out) throws IOException {
      STRING.encode(value.eventId, out);
      LONG.encode(value.epochDay, out);
      STRING.encode(value.deviceType, out);
      DOUBLE.encode(value.eventDuration, out);
    }

    @Override
    public EventDuration decode(InputStream in) throws IOException {
      return new EventDuration(
          STRING.decode(in), LONG.decode(in), STRING.decode(in), DOUBLE.decode(in));
    }

    /** Every field has one encoding (doubles as their IEEE bits), as in {@link IotEvent.Coder}. */
    @Override
    public void verifyDeterministic() {}

    /** Makes this the default coder of the model ({@code @DefaultCoder}). */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(EventDuration.class), INSTANCE);
    }

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}
