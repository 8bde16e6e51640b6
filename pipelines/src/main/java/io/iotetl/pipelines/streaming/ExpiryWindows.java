package io.iotetl.pipelines.streaming;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PartitioningWindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Fixed windows stretched by the allowed lateness: the window of an event is {@code [start, end +
 * lateness)} where {@code [start, end)} is its tumbling window. The watermark passes the end of
 * such a window exactly when the tumbling window expires, which lets a trigger tell events that
 * arrive after expiry (LATE panes) from the others.
 */
final class ExpiryWindows extends PartitioningWindowFn<Object, IntervalWindow> {

  private final Duration size;
  private final Duration lateness;

  ExpiryWindows(Duration size, Duration lateness) {
    this.size = size;
    this.lateness = lateness;
  }

  @Override
  public IntervalWindow assignWindow(Instant timestamp) {
    long start = timestamp.getMillis() - Math.floorMod(timestamp.getMillis(), size.getMillis());
    return new IntervalWindow(new Instant(start), new Instant(start).plus(size).plus(lateness));
  }

  @Override
  public boolean isCompatible(WindowFn<?, ?> other) {
    return other instanceof ExpiryWindows o && o.size.equals(size) && o.lateness.equals(lateness);
  }

  @Override
  public Coder<IntervalWindow> windowCoder() {
    return IntervalWindow.getCoder();
  }
}
