package io.iotetl.pipelines.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Locale;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * One row of the daily p95 report: {@code event_date, device_type, p95_event_duration,
 * events_per_day, events_after_filter}.
 */
@DefaultCoder(DailyP95Row.Coder.class)
public record DailyP95Row(
    String eventDate,
    String deviceType,
    double p95EventDuration,
    long eventsPerDay,
    long eventsAfterFilter)
    implements Serializable, Comparable<DailyP95Row> {

  public static final String CSV_HEADER =
      "event_date,device_type,p95_event_duration,events_per_day,events_after_filter";

  /** Sorted by date, then device type. */
  @Override
  public int compareTo(DailyP95Row other) {
    int byDate = eventDate.compareTo(other.eventDate);
    return byDate != 0 ? byDate : deviceType.compareTo(other.deviceType);
  }

  public String toCsv() {
    return String.join(
        ",",
        eventDate,
        csvText(deviceType),
        String.format(Locale.ROOT, "%s", p95EventDuration),
        Long.toString(eventsPerDay),
        Long.toString(eventsAfterFilter));
  }

  private static String csvText(String text) {
    return text.contains(",") || text.contains("\"") || text.contains("\n")
        ? "\"" + text.replace("\"", "\"\"") + "\""
        : text;
  }

  /** Compact coder; the report is never keyed by rows, so determinism is not relied on. */
  public static final class Coder extends AtomicCoder<DailyP95Row> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DailyP95Row row, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(row.eventDate, out);
      StringUtf8Coder.of().encode(row.deviceType, out);
      DoubleCoder.of().encode(row.p95EventDuration, out);
      VarLongCoder.of().encode(row.eventsPerDay, out);
      VarLongCoder.of().encode(row.eventsAfterFilter, out);
    }

    @Override
    public DailyP95Row decode(InputStream in) throws IOException {
      return new DailyP95Row(
          StringUtf8Coder.of().decode(in),
          StringUtf8Coder.of().decode(in),
          DoubleCoder.of().decode(in),
          VarLongCoder.of().decode(in),
          VarLongCoder.of().decode(in));
    }

    /** Makes this the default coder of the model ({@code @DefaultCoder}). */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(DailyP95Row.class), INSTANCE);
    }
  }
}
