package io.iotetl.pipelines.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The event ids one shard of {@link DeduplicateEvents} remembers: for each, its event time and when
 * it was first seen (processing time), plus the newest event time seen by the shard.
 */
final class SeenIds {

  /** An id is kept at least this long after it was first seen, whatever its event time. */
  static final long MIN_RESIDENCE_MILLIS = 10 * 60_000L;

  private final Map<String, long[]> ids;
  private long newestEventTime;

  SeenIds() {
    this(new HashMap<>(), Long.MIN_VALUE);
  }

  private SeenIds(Map<String, long[]> ids, long newestEventTime) {
    this.ids = ids;
    this.newestEventTime = newestEventTime;
  }

  /**
   * Records a delivery; true if the id was not remembered (the first delivery, as far as is known).
   */
  boolean add(String id, long eventTime, long now) {
    newestEventTime = Math.max(newestEventTime, eventTime);
    return ids.putIfAbsent(id, new long[] {eventTime, now}) == null;
  }

  /**
   * Forgets ids whose event time is more than {@code retention} behind the newest and that are old
   * enough.
   */
  void forgetOlderThan(long retentionMillis, long now) {
    long oldestKept = newestEventTime - retentionMillis;
    ids.values().removeIf(e -> e[0] < oldestKept && e[1] < now - MIN_RESIDENCE_MILLIS);
  }

  int size() {
    return ids.size();
  }

  /** Encodes the newest event time, then each id with its event time and first-seen time. */
  static final class Coder extends AtomicCoder<SeenIds> {
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final VarIntCoder INT = VarIntCoder.of();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SeenIds seen, OutputStream out) throws IOException {
      LONG.encode(seen.newestEventTime, out);
      INT.encode(seen.ids.size(), out);
      for (Map.Entry<String, long[]> e : seen.ids.entrySet()) {
        STRING.encode(e.getKey(), out);
        LONG.encode(e.getValue()[0], out);
        LONG.encode(e.getValue()[1], out);
      }
    }

    @Override
    public SeenIds decode(InputStream in) throws IOException {
      long newest = LONG.decode(in);
      int n = INT.decode(in);
      Map<String, long[]> ids = new HashMap<>(Math.max(16, n * 4 / 3 + 1));
      for (int i = 0; i < n; i++) {
        ids.put(STRING.decode(in), new long[] {LONG.decode(in), LONG.decode(in)});
      }
      return new SeenIds(ids, newest);
    }
  }
}
