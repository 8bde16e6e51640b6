package io.iotetl.pipelines.transforms;

import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;

/**
 * Windowing for sinks that must never drop data as late: the global window (which never expires),
 * flushed a fixed processing time after the first element of each pane.
 */
public final class FlushWindows {

  private FlushWindows() {}

  public static <T> Window<T> every(Duration flushDelay) {
    return Window.<T>into(new GlobalWindows())
        .triggering(
            Repeatedly.forever(
                AfterProcessingTime.pastFirstElementInPane().plusDelayOf(flushDelay)))
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }
}
