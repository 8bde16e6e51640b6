package io.iotetl.pipelines.streaming;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * The read positions a reader has reached and not yet committed, each with the largest event time
 * read up to it. A position is due for commit once everything read before it is written:
 *
 * <ol>
 *   <li>the watermark has passed the end of the window of every event read before it (its largest
 *       event time plus one window), so those windows have fired, and
 *   <li>{@code writeDelay} has passed since then, for the sinks to flush (raw rows are written
 *       {@code --flushSeconds} after they are read, window panes within a micro-batch or two).
 * </ol>
 *
 * <p>Until then a restart from the committed positions re-reads those records: at least once, never
 * lost. Positions are kept at most one per {@code SPACING_MILLIS}; beyond {@code MAX_PENDING} the
 * oldest is dropped, which only commits later. The largest event time is cumulative over the
 * reader's life, so positions become due in order. Methods are synchronized: a runner may hand the
 * same source to a new reader while an old one closes.
 *
 * @param <M> the checkpoint mark to commit
 */
final class PendingCommits<M> {

  static final long SPACING_MILLIS = 1_000;
  static final int MAX_PENDING = 1_000;
  private static final long NOT_YET = Long.MIN_VALUE;

  private final long windowMillis;
  private final long writeDelayMillis;
  private final Deque<Pending<M>> pending = new ArrayDeque<>();
  private long maxEventTime;

  private static final class Pending<M> {
    final long takenAt;
    final long maxEventTime;
    final Map<Integer, Long> positions;
    final M mark;
    long windowsFiredAt = NOT_YET;

    Pending(long takenAt, long maxEventTime, Map<Integer, Long> positions, M mark) {
      this.takenAt = takenAt;
      this.maxEventTime = maxEventTime;
      this.positions = positions;
      this.mark = mark;
    }
  }

  /**
   * @param maxEventTime the largest event time that may already have been read before the first
   *     position (for a reader resumed from a checkpoint whose events this process has not seen)
   */
  PendingCommits(long windowMillis, long writeDelayMillis, long maxEventTime) {
    this.windowMillis = windowMillis;
    this.writeDelayMillis = writeDelayMillis;
    this.maxEventTime = maxEventTime;
  }

  /** An event with this event time was read. */
  synchronized void read(long eventTime) {
    if (eventTime > maxEventTime) {
      maxEventTime = eventTime;
    }
  }

  /**
   * A reader resumes at {@code positions} (partition to next offset): later positions are
   * forgotten.
   */
  synchronized void resumedAt(Map<Integer, Long> positions) {
    while (!pending.isEmpty() && !within(pending.peekLast().positions, positions)) {
      pending.pollLast();
    }
  }

  /** A reader starts again from the group's committed offsets: every position is forgotten. */
  synchronized void resumedAtCommitted() {
    pending.clear();
  }

  /** The reader reached {@code positions}; records its {@code mark}. */
  synchronized void reached(Map<Integer, Long> positions, M mark, long watermark, long now) {
    Pending<M> last = pending.peekLast();
    if (last != null && last.windowsFiredAt == NOT_YET && now - last.takenAt < SPACING_MILLIS) {
      pending.pollLast();
    }
    pending.addLast(new Pending<>(now, maxEventTime, Map.copyOf(positions), mark));
    if (pending.size() > MAX_PENDING) {
      pending.pollFirst();
    }
    markFired(watermark, now);
  }

  /**
   * The newest mark whose records are all written by {@code now}; it and older ones are forgotten.
   */
  synchronized Optional<M> due(long watermark, long now) {
    markFired(watermark, now);
    M due = null;
    while (!pending.isEmpty()
        && pending.peekFirst().windowsFiredAt != NOT_YET
        && now - pending.peekFirst().windowsFiredAt >= writeDelayMillis) {
      due = pending.pollFirst().mark;
    }
    return Optional.ofNullable(due);
  }

  synchronized int size() {
    return pending.size();
  }

  private void markFired(long watermark, long now) {
    for (Pending<M> p : pending) {
      if (p.windowsFiredAt == NOT_YET && p.maxEventTime <= watermark - windowMillis) {
        p.windowsFiredAt = now;
      }
    }
  }

  private static boolean within(Map<Integer, Long> reached, Map<Integer, Long> resumed) {
    return reached.entrySet().stream()
        .allMatch(e -> e.getValue() <= resumed.getOrDefault(e.getKey(), Long.MAX_VALUE));
  }
}
