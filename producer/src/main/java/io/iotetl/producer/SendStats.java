package io.iotetl.producer;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counters of one producer run; the delivery callbacks update them from the producer's I/O thread.
 */
public final class SendStats {

  private final long startNanos = System.nanoTime();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<OutgoingRecord.Kind, AtomicLong> byKind =
      new EnumMap<>(OutgoingRecord.Kind.class);
  private final AtomicReference<String> firstError = new AtomicReference<>();

  SendStats() {
    for (OutgoingRecord.Kind kind : OutgoingRecord.Kind.values()) {
      byKind.put(kind, new AtomicLong());
    }
  }

  void recordSent(OutgoingRecord.Kind kind) {
    sent.incrementAndGet();
    byKind.get(kind).incrementAndGet();
  }

  void recordAcked() {
    acked.incrementAndGet();
  }

  void recordFailed(String error) {
    failed.incrementAndGet();
    firstError.compareAndSet(null, error);
  }

  /** A failure that stopped the run before all records were handed to the producer. */
  void recordAborted(String error) {
    firstError.compareAndSet(null, error);
  }

  public long sent() {
    return sent.get();
  }

  public long acked() {
    return acked.get();
  }

  public long failed() {
    return failed.get();
  }

  public long count(OutgoingRecord.Kind kind) {
    return byKind.get(kind).get();
  }

  /** The first delivery error, or null. */
  public String firstError() {
    return firstError.get();
  }

  public boolean succeeded() {
    return failed.get() == 0 && firstError.get() == null;
  }

  double seconds() {
    return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
  }

  void printProgress(PrintStream out, long total) {
    String of = total >= 0 ? "/" + total : "";
    out.printf(
        "[producer] sent %d%s, acked %d, failed %d, %.0f events/s%n",
        sent(), of, acked(), failed(), sent() / seconds());
  }

  void printSummary(PrintStream out) {
    out.printf(
        "[producer] done: sent %d (valid %d, late %d, duplicate %d, malformed %d, replayed %d), acked %d, failed %d"
            + " in %.1f s (%.0f events/s)%n",
        sent(),
        count(OutgoingRecord.Kind.VALID),
        count(OutgoingRecord.Kind.LATE),
        count(OutgoingRecord.Kind.DUPLICATE),
        count(OutgoingRecord.Kind.MALFORMED),
        count(OutgoingRecord.Kind.REPLAYED),
        acked(),
        failed(),
        seconds(),
        sent() / seconds());
    if (firstError() != null) {
      out.println("[producer] error: " + firstError());
    }
  }
}
