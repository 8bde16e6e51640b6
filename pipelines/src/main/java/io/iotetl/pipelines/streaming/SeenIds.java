package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.model.CanonicalUuid;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;

/**
 * The event ids one shard of {@link DeduplicateEvents} remembers: for each, its event time and when
 * it was first seen (processing time), plus the newest event time seen by the shard.
 *
 * <p>Ids that are UUIDs in canonical lowercase form, as the producer sends them, are held as 128
 * bits in a {@link UuidTable}; any other id (capitals, other formats) is held as its exact text, so
 * two ids are the same only if their text is.
 */
final class SeenIds {

  /** An id is kept at least this long after it was first seen, whatever its event time. */
  static final long MIN_RESIDENCE_MILLIS = 10 * 60_000L;

  private final UuidTable uuids;
  private final Map<String, long[]> otherIds;
  private long newestEventTime;

  SeenIds() {
    this(new UuidTable(0), new HashMap<>(), Long.MIN_VALUE);
  }

  private SeenIds(UuidTable uuids, Map<String, long[]> otherIds, long newestEventTime) {
    this.uuids = uuids;
    this.otherIds = otherIds;
    this.newestEventTime = newestEventTime;
  }

  /**
   * Records a delivery; true if the id was not remembered (the first delivery, as far as is known).
   */
  boolean add(String id, long eventTime, long now) {
    newestEventTime = Math.max(newestEventTime, eventTime);
    if (CanonicalUuid.isCanonical(id)) {
      return uuids.putIfAbsent(CanonicalUuid.high(id), CanonicalUuid.low(id), eventTime, now);
    }
    return otherIds.putIfAbsent(id, new long[] {eventTime, now}) == null;
  }

  /**
   * Forgets ids whose event time is more than {@code retention} behind the newest and that are old
   * enough.
   */
  void forgetOlderThan(long retentionMillis, long now) {
    long oldestKept = newestEventTime - retentionMillis;
    long seenSince = now - MIN_RESIDENCE_MILLIS;
    uuids.retain(oldestKept, seenSince);
    otherIds.values().removeIf(e -> e[0] < oldestKept && e[1] < seenSince);
  }

  int size() {
    return uuids.size() + otherIds.size();
  }

  /**
   * Encodes the newest event time and the newest first-seen time; then each UUID as two fixed
   * {@code long}s with its two times as variable-length distances back from those; then each other
   * id with its times. About 22 bytes a UUID.
   */
  static final class Coder extends AtomicCoder<SeenIds> {
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();

    static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SeenIds seen, OutputStream out) throws IOException {
      UuidTable uuids = seen.uuids;
      long newestSeen = Long.MIN_VALUE;
      for (int i = 0; i < uuids.slots(); i++) {
        if (uuids.occupied(i)) {
          newestSeen = Math.max(newestSeen, uuids.firstSeen(i));
        }
      }
      VarInt.encode(seen.newestEventTime, out);
      VarInt.encode(newestSeen, out);
      VarInt.encode(uuids.size(), out);
      DataOutputStream data = new DataOutputStream(out);
      for (int i = 0; i < uuids.slots(); i++) {
        if (uuids.occupied(i)) {
          data.writeLong(uuids.high(i));
          data.writeLong(uuids.low(i));
          VarInt.encode(seen.newestEventTime - uuids.eventTime(i), out);
          VarInt.encode(newestSeen - uuids.firstSeen(i), out);
        }
      }
      VarInt.encode(seen.otherIds.size(), out);
      for (Map.Entry<String, long[]> e : seen.otherIds.entrySet()) {
        STRING.encode(e.getKey(), out);
        VarInt.encode(e.getValue()[0], out);
        VarInt.encode(e.getValue()[1], out);
      }
    }

    @Override
    public SeenIds decode(InputStream in) throws IOException {
      long newestEventTime = VarInt.decodeLong(in);
      long newestSeen = VarInt.decodeLong(in);
      int uuidCount = VarInt.decodeInt(in);
      UuidTable uuids = new UuidTable(uuidCount);
      DataInputStream data = new DataInputStream(in);
      for (int i = 0; i < uuidCount; i++) {
        long high = data.readLong();
        long low = data.readLong();
        long eventTime = newestEventTime - VarInt.decodeLong(in);
        uuids.putIfAbsent(high, low, eventTime, newestSeen - VarInt.decodeLong(in));
      }
      int otherCount = VarInt.decodeInt(in);
      Map<String, long[]> otherIds = new HashMap<>(Math.max(16, otherCount * 4 / 3 + 1));
      for (int i = 0; i < otherCount; i++) {
        otherIds.put(STRING.decode(in), new long[] {VarInt.decodeLong(in), VarInt.decodeLong(in)});
      }
      return new SeenIds(uuids, otherIds, newestEventTime);
    }
  }
}
