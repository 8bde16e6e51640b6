package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.model.CanonicalUuid;

/**
 * A hash set of UUIDs in their canonical lowercase text form ({@link CanonicalUuid}), each held as
 * two {@code long}s with two times (its event time and when it was first seen): about 47 bytes an
 * id in primitive arrays, against some 170 for a {@code HashMap<String, long[]>} entry, and nothing
 * for the collector to trace. Open addressing with linear probing; removal rebuilds the table.
 */
final class UuidTable {

  private static final float MAX_LOAD = 0.7f;

  /** The two halves of the UUID in slot i at 2i and 2i + 1. */
  private long[] halves;

  /** Event time and first-seen time of slot i at 2i and 2i + 1. */
  private long[] times;

  private boolean[] occupied;
  private int size;

  UuidTable(int expectedSize) {
    allocate(capacityFor(expectedSize));
  }

  /** Adds the id with its times; false (and nothing changes) if it is already present. */
  boolean putIfAbsent(long high, long low, long eventTime, long firstSeen) {
    if (size + 1 > halves.length / 2 * MAX_LOAD) {
      rehash(capacityFor(size + 1));
    }
    int slot = find(high, low);
    if (occupied[slot]) {
      return false;
    }
    store(slot, high, low, eventTime, firstSeen);
    return true;
  }

  /** Keeps only the ids whose event time is at least {@code oldestEventTime} or seen since. */
  void retain(long oldestEventTime, long seenSince) {
    int kept = 0;
    for (int i = 0; i < occupied.length; i++) {
      if (occupied[i] && keeps(times, i, oldestEventTime, seenSince)) {
        kept++;
      }
    }
    if (kept < size) {
      copyInto(capacityFor(kept), oldestEventTime, seenSince);
    }
  }

  int size() {
    return size;
  }

  /** Number of slots, for iterating with {@link #occupied(int)}. */
  int slots() {
    return occupied.length;
  }

  boolean occupied(int slot) {
    return occupied[slot];
  }

  long high(int slot) {
    return halves[2 * slot];
  }

  long low(int slot) {
    return halves[2 * slot + 1];
  }

  long eventTime(int slot) {
    return times[2 * slot];
  }

  long firstSeen(int slot) {
    return times[2 * slot + 1];
  }

  private static boolean keeps(long[] times, int slot, long oldestEventTime, long seenSince) {
    return times[2 * slot] >= oldestEventTime || times[2 * slot + 1] >= seenSince;
  }

  private int find(long high, long low) {
    int mask = occupied.length - 1;
    long mixed = (high ^ Long.rotateLeft(low, 32)) * 0x9E3779B97F4A7C15L;
    int slot = (int) (mixed >>> 32) & mask;
    while (occupied[slot] && (halves[2 * slot] != high || halves[2 * slot + 1] != low)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void store(int slot, long high, long low, long eventTime, long firstSeen) {
    occupied[slot] = true;
    halves[2 * slot] = high;
    halves[2 * slot + 1] = low;
    times[2 * slot] = eventTime;
    times[2 * slot + 1] = firstSeen;
    size++;
  }

  private void rehash(int capacity) {
    copyInto(capacity, Long.MIN_VALUE, Long.MIN_VALUE);
  }

  /** Moves the entries that {@link #keeps} into new arrays of {@code capacity} slots. */
  private void copyInto(int capacity, long oldestEventTime, long seenSince) {
    long[] oldHalves = halves;
    long[] oldTimes = times;
    boolean[] oldOccupied = occupied;
    allocate(capacity);
    for (int i = 0; i < oldOccupied.length; i++) {
      if (oldOccupied[i] && keeps(oldTimes, i, oldestEventTime, seenSince)) {
        long high = oldHalves[2 * i];
        long low = oldHalves[2 * i + 1];
        store(find(high, low), high, low, oldTimes[2 * i], oldTimes[2 * i + 1]);
      }
    }
  }

  private void allocate(int capacity) {
    halves = new long[2 * capacity];
    times = new long[2 * capacity];
    occupied = new boolean[capacity];
    size = 0;
  }

  /** The smallest power of two holding {@code entries} within the load factor (at least 16). */
  private static int capacityFor(int entries) {
    int needed = (int) Math.ceil(Math.max(entries, 1) / MAX_LOAD);
    return Math.max(16, Integer.highestOneBit(needed - 1) << 1);
  }
}
