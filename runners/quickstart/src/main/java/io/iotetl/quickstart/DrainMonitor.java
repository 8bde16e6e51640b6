package io.iotetl.quickstart;

import io.iotetl.pipelines.EtlMetrics;
import io.iotetl.pipelines.streaming.KafkaPreflight;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Watches a running streaming job until it has read everything the topic held and its outputs have
 * settled: records read (valid + rejected, from the job's metrics) reach the topic's size, windows
 * are written after that (the watermark passes the last windows once the source is caught up), and
 * then no counter moves for a quiet period longer than the sinks' flush interval.
 */
final class DrainMonitor {

  private final String bootstrapServers;
  private final String topic;

  DrainMonitor(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  /** Records in the topic (sum over partitions of end minus start offsets). */
  long topicSize() {
    return KafkaPreflight.topicSize(bootstrapServers, topic, 30);
  }

  /**
   * Blocks until the job has read {@code expected} records and both its counters and {@code
   * outputs} (a summary of what the sinks have written) were still for {@code quietMillis}, or
   * {@code timeoutMillis} passed; prints progress. Returns the final counters.
   */
  Map<String, Long> awaitDrained(
      PipelineResult job, long expected, Supplier<?> outputs, long quietMillis, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    Map<String, Long> last = Map.of();
    Object lastWritten = null;
    Map<String, Long> now = Map.of();
    long stableSince = System.currentTimeMillis();
    // Windows written before the last records were read; the watermark passes the last windows
    // only once the source is caught up, often within the same poll as the last records.
    long windowsBeforeDrain = 0;
    long lastPrint = 0;
    while (System.currentTimeMillis() < deadline) {
      Thread.sleep(1000);
      if (job.getState().isTerminal()) {
        throw new IllegalStateException("the streaming job stopped early: " + job.getState());
      }
      now = counters(job);
      long read =
          now.entrySet().stream()
              .filter(
                  e ->
                      e.getKey().equals(EtlMetrics.EVENTS_VALID)
                          || e.getKey().startsWith(EtlMetrics.REJECTED_PREFIX))
              .mapToLong(Map.Entry::getValue)
              .sum();
      Map<String, Long> progress = progressCounters(now);
      Object written = outputs.get();
      if (!progress.equals(last) || !written.equals(lastWritten)) {
        last = progress;
        lastWritten = written;
        stableSince = System.currentTimeMillis();
      }
      if (System.currentTimeMillis() - lastPrint > 5000) {
        lastPrint = System.currentTimeMillis();
        System.err.printf(
            "[quickstart] streaming: read %d/%d records, %d windows written, %d too late, %d rejected%n",
            read,
            expected,
            now.getOrDefault(EtlMetrics.WINDOWS_EMITTED, 0L),
            now.getOrDefault(EtlMetrics.EVENTS_TOO_LATE, 0L),
            read - now.getOrDefault(EtlMetrics.EVENTS_VALID, 0L));
      }
      long windows = now.getOrDefault(EtlMetrics.WINDOWS_EMITTED, 0L);
      if (read < expected) {
        windowsBeforeDrain = windows;
      }
      // Done when quiet after the last records' windows were written, or when quiet for much
      // longer (no window to write).
      boolean windowsAfterDrain = windows > windowsBeforeDrain;
      long quietFor = System.currentTimeMillis() - stableSince;
      if (read >= expected
          && (windowsAfterDrain ? quietFor >= quietMillis : quietFor >= 4 * quietMillis)) {
        return now;
      }
    }
    throw new IllegalStateException(
        "the streaming job did not drain the topic within " + timeoutMillis / 1000 + " s");
  }

  /**
   * Cancels the streaming job. Spark stops a streaming context gracefully, and a micro-batch that
   * the stop interrupts can surface as an exception here; the outputs of completed batches are
   * already written, so that is reported, not rethrown.
   */
  static void stop(PipelineResult job) {
    try {
      job.cancel();
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("[quickstart] the streaming job reported while stopping: " + e);
    }
  }

  /** The counters that move while records are processed and windows written. */
  private static Map<String, Long> progressCounters(Map<String, Long> all) {
    Map<String, Long> progress = new HashMap<>();
    all.forEach(
        (name, value) -> {
          if (name.equals(EtlMetrics.EVENTS_VALID)
              || name.startsWith(EtlMetrics.REJECTED_PREFIX)
              || name.equals(EtlMetrics.WINDOWS_EMITTED)
              || name.equals(EtlMetrics.EVENTS_TOO_LATE)) {
            progress.put(name, value);
          }
        });
    return progress;
  }

  /** Attempted values of the job's iot_etl counters. */
  static Map<String, Long> counters(PipelineResult job) {
    Map<String, Long> values = new HashMap<>();
    Iterable<MetricResult<Long>> results =
        job.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(EtlMetrics.NAMESPACE))
                    .build())
            .getCounters();
    for (MetricResult<Long> result : results) {
      values.merge(result.getName().getName(), result.getAttempted(), Long::sum);
    }
    return values;
  }
}
