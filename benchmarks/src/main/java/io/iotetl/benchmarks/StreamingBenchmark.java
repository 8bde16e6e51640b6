package io.iotetl.benchmarks;

import io.iotetl.pipelines.streaming.StreamingEtl;
import io.iotetl.pipelines.streaming.StreamingEtlOptions;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.StackS3Client;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;
import org.apache.beam.runners.spark.metrics.MetricsAccumulator;
import org.apache.beam.runners.spark.util.GlobalWatermarkHolder;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * One streaming engine, measured the same way for each: (1) a backlog of {@code backlog} events (an
 * hour of event time) is in the topic when the job starts, and throughput is backlog / time until
 * every event is in {@code raw_events/} (the output watcher's listing that showed the last of their
 * files; half a second between polls); (2) then events are produced at {@code rate}/s for {@code
 * seconds} with event time = send time, and latency is when a row's Parquet file became visible
 * minus its event time (raw rows) or minus its window end (aggregate rows).
 *
 * <p>"cpu s" is the CPU time this JVM spent from the job's start until the backlog was in {@code
 * raw_events/}, summed over threads: work per event, less noisy than the seconds on a shared
 * machine.
 *
 * <p>Memory: "peak MB" is the sum of the heap pools' peak use over the whole run, garbage not yet
 * collected included, each pool's peak taken whenever it came; "max used" is the most heap in use
 * at one time ({@link HeapHighWater}); "live MB" is the heap still in use after a full collection
 * forced at the end, while the job still runs and holds the backlog's ids (this JVM's own share,
 * the output watcher's rows, is in all three, for both engines).
 */
final class StreamingBenchmark {

  /** The figures of one engine. */
  record Result(
      String engine,
      long backlog,
      double backlogSeconds,
      double backlogCpuSeconds,
      double rawP50,
      double rawP95,
      double aggregateP50,
      double aggregateP95,
      long liveEvents,
      long peakHeapMb,
      long maxUsedHeapMb,
      long liveHeapMb,
      String status) {

    String format() {
      return String.format(
          Locale.ROOT,
          "%-44s %9d %8.1f %10.0f %8.1f %8.1f %8.1f %8.1f %8.1f %9s %9s %9s  %s",
          engine,
          backlog,
          backlogSeconds,
          backlog / backlogSeconds,
          backlogCpuSeconds,
          rawP50,
          rawP95,
          aggregateP50,
          aggregateP95,
          peakHeapMb < 0 ? "-" : Long.toString(peakHeapMb),
          maxUsedHeapMb < 0 ? "-" : Long.toString(maxUsedHeapMb),
          liveHeapMb < 0 ? "-" : Long.toString(liveHeapMb),
          status);
    }

    static String header() {
      return String.format(
          Locale.ROOT,
          "%-44s %9s %8s %10s %8s %8s %8s %8s %8s %9s %9s %9s  %s",
          "streaming engine",
          "backlog",
          "seconds",
          "events/s",
          "cpu s",
          "raw p50",
          "raw p95",
          "agg p50",
          "agg p95",
          "peak MB",
          "max used",
          "live MB",
          "status");
    }
  }

  /** A running streaming job. */
  interface Job extends AutoCloseable {
    void assertRunning();

    @Override
    void close();
  }

  static final int WINDOW_SECONDS = 10;
  static final int WATERMARK_SECONDS = 5;

  private final LocalStack stack;
  private final Path dir;
  private final long backlog;
  private final int rate;
  private final int seconds;
  private final int batchMillis;

  StreamingBenchmark(
      LocalStack stack, Path dir, long backlog, int rate, int seconds, int batchMillis) {
    this.stack = stack;
    this.dir = dir;
    this.backlog = backlog;
    this.rate = rate;
    this.seconds = seconds;
    this.batchMillis = batchMillis;
  }

  /**
   * The Beam streaming ETL on {@code runner} ("SparkRunner" with {@code master}, or
   * "DirectRunner"), with {@code extraArgs} (pipeline options, for tuning runs) after the
   * benchmark's own.
   */
  Result beam(String runner, String master, List<String> extraArgs, int round)
      throws IOException, InterruptedException {
    String slug = (runner.equals("SparkRunner") ? "beam-spark" : "beam-direct") + "-" + round;
    String name =
        "Beam StreamingEtl, "
            + runner
            + (runner.equals("SparkRunner") ? " " + master : "")
            + (extraArgs.isEmpty() ? "" : " " + String.join(" ", extraArgs));
    return measure(
        name,
        slug,
        topic -> {
          List<String> args =
              new ArrayList<>(
                  List.of(
                      "--runner=" + runner,
                      "--sparkMaster=" + master,
                      "--batchIntervalMillis=" + batchMillis,
                      "--checkpointDir=" + dir.resolve(slug + "-checkpoint"),
                      "--bootstrapServers=" + stack.bootstrapServers(),
                      "--inputTopic=" + topic,
                      "--consumerGroup=" + slug,
                      "--outputRoot=s3://" + stack.bucket() + "/" + slug,
                      "--s3UploadBufferSizeBytes=5242880",
                      "--windowSizeSeconds=" + WINDOW_SECONDS,
                      "--allowedLatenessSeconds=0",
                      "--maxOutOfOrdernessSeconds=" + WATERMARK_SECONDS,
                      "--flushSeconds=" + Math.max(1, batchMillis / 1000),
                      "--blockOnRun=false",
                      "--enforceImmutability=false",
                      "--enforceEncodability=false"));
          args.addAll(stack.beamS3Arguments());
          args.addAll(extraArgs);
          clearSparkRunnerStatics();
          PipelineResult result =
              StreamingEtl.run(
                  PipelineOptionsFactory.fromArgs(args.toArray(String[]::new))
                      .withoutStrictParsing()
                      .as(StreamingEtlOptions.class));
          return new Job() {
            @Override
            public void assertRunning() {
              if (result.getState().isTerminal()) {
                throw new IllegalStateException("the Beam job stopped: " + result.getState());
              }
            }

            @Override
            public void close() {
              try {
                result.cancel();
              } catch (IOException | RuntimeException e) {
                System.err.println("[bench] the Beam job reported while stopping: " + e);
              }
            }
          };
        });
  }

  /**
   * The Spark runner keeps the last job's watermarks and metrics in static holders; a real job is a
   * new process, and this JVM runs several, so each Beam job starts with them cleared, as Beam's
   * own {@code TestSparkRunner} does. Otherwise a job's first micro-batches see the previous job's
   * last watermarks (source ids restart at 0 in each streaming context). The runner's cached
   * readers expire 1.5 batch intervals after their last use, long before the next Beam job.
   */
  private static void clearSparkRunnerStatics() {
    GlobalWatermarkHolder.clear();
    MetricsAccumulator.clear();
  }

  /**
   * The same job in Spark Structured Streaming ({@link NativeStreamingEtl}); it deduplicates raw
   * events within {@code dedupHorizonSeconds} behind the newest event time, or within the watermark
   * if that is longer.
   */
  Result nativeSpark(String master, long dedupHorizonSeconds, int round)
      throws IOException, InterruptedException {
    boolean horizon = dedupHorizonSeconds > WATERMARK_SECONDS;
    String slug = (horizon ? "native-spark-horizon-" : "native-spark-") + round;
    return measure(
        "Spark Structured Streaming, "
            + master
            + (horizon ? ", ids kept " + dedupHorizonSeconds + " s" : ""),
        slug,
        topic -> {
          try {
            NativeStreamingEtl job =
                NativeStreamingEtl.start(
                    master,
                    stack.bootstrapServers(),
                    topic,
                    new NativeStreamingEtl.S3(
                        stack.s3Endpoint(), stack.accessKey(), stack.secretKey()),
                    "s3a://" + stack.bucket() + "/" + slug,
                    dir.resolve(slug + "-checkpoint"),
                    WINDOW_SECONDS,
                    WATERMARK_SECONDS,
                    dedupHorizonSeconds,
                    batchMillis);
            return new Job() {
              @Override
              public void assertRunning() {
                job.assertRunning();
              }

              @Override
              public void close() {
                job.close();
              }
            };
          } catch (TimeoutException e) {
            throw new IllegalStateException("the native job did not start", e);
          }
        });
  }

  private interface JobStarter {
    Job start(String topic) throws IOException;
  }

  private Result measure(String engine, String slug, JobStarter starter)
      throws IOException, InterruptedException {
    String topic = "stream-" + slug;
    stack.createTopic(topic, 2);
    produce(
        topic,
        "--events=" + backlog,
        "--event-time-start=" + Instant.now().minus(Duration.ofHours(1)),
        "--event-time-span=50m");
    Path scratch = Files.createDirectories(dir.resolve(slug + "-scratch"));
    Benchmarks.resetPeaks();
    HeapHighWater.reset();
    long start = System.currentTimeMillis();
    long cpuStart = processCpuNanos();
    try (Job job = starter.start(topic);
        OutputWatcher raw = watcher(slug + "/raw_events/", scratch);
        OutputWatcher aggregates = watcher(slug + "/stream_output/", scratch)) {
      long drained = awaitRows(job, raw, backlog, 900);
      double backlogSeconds = (drained - start) / 1000.0;
      double backlogCpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
      System.err.printf(
          Locale.ROOT,
          "[bench] %s: backlog of %d events in raw_events/ after %.1f s%n",
          engine,
          backlog,
          backlogSeconds);

      long liveStart = System.currentTimeMillis();
      long live = (long) rate * seconds;
      produce(topic, "--events=" + live, "--rate=" + rate);
      awaitRows(job, raw, backlog + live, 300);
      Thread.sleep(3L * (WINDOW_SECONDS + WATERMARK_SECONDS) * 1000); // let the last windows close
      aggregates.poll();
      List<Double> rawLatency = new ArrayList<>();
      raw.firstByField("event_id")
          .values()
          .forEach(
              seen -> {
                long eventTime = (Long) seen.row().get("event_timestamp");
                if (eventTime >= liveStart - 1000) {
                  rawLatency.add((seen.seenMillis() - eventTime) / 1000.0);
                }
              });
      List<Double> aggregateLatency = new ArrayList<>();
      aggregates
          .rows()
          .forEach(
              seen -> {
                long windowEnd = (Long) seen.row().get("window_end");
                if (windowEnd > liveStart) {
                  aggregateLatency.add((seen.seenMillis() - windowEnd) / 1000.0);
                }
              });
      long maxUsedHeapMb = HeapHighWater.peakMb();
      long liveHeapMb = Benchmarks.liveHeapMb(); // last: its pause must not delay live events
      return new Result(
          engine,
          backlog,
          backlogSeconds,
          backlogCpuSeconds,
          percentile(rawLatency, 0.5),
          percentile(rawLatency, 0.95),
          percentile(aggregateLatency, 0.5),
          percentile(aggregateLatency, 0.95),
          live,
          Benchmarks.peakHeapMb(),
          maxUsedHeapMb,
          liveHeapMb,
          rawLatency.size() + " live events, " + aggregateLatency.size() + " live windows");
    }
  }

  /**
   * CPU time of this whole JVM, all threads: the engine's, and the output watcher's reading of the
   * rows (the same work for both engines). The broker and the S3 server run in other JVMs.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private OutputWatcher watcher(String prefix, Path scratch) {
    return new OutputWatcher(StackS3Client.of(stack), stack.bucket(), prefix, scratch);
  }

  /**
   * Polls until {@code raw} holds {@code events} distinct events; returns when that poll listed the
   * files (not when it had read them: an engine that writes one large file would otherwise pay for
   * the watcher's reading of it).
   */
  private static long awaitRows(Job job, OutputWatcher raw, long events, int timeoutSeconds)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutSeconds * 1000L;
    long lastPrint = 0;
    while (true) {
      job.assertRunning();
      raw.poll();
      int distinct = raw.distinctEvents();
      long now = System.currentTimeMillis();
      if (distinct >= events) {
        if (now - raw.lastListedMillis() > 500) {
          System.err.printf(
              Locale.ROOT,
              "[bench] reading the last files took %.1f s after they were listed%n",
              (now - raw.lastListedMillis()) / 1000.0);
        }
        return raw.lastListedMillis();
      }
      if (now - lastPrint > 10_000) {
        lastPrint = now;
        System.err.printf("[bench] %d of %d events in raw_events/%n", distinct, events);
      }
      if (now > deadline) {
        throw new IllegalStateException(
            "only " + distinct + " of " + events + " events after " + timeoutSeconds + " s");
      }
      Thread.sleep(500);
    }
  }

  private void produce(String topic, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers=" + stack.bootstrapServers(),
                "--topic=" + topic,
                "--progress-interval=30s"));
    all.addAll(List.of(args));
    if (IotEventProducer.execute(all.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("the producer failed");
    }
  }

  /**
   * Per engine, in the order first measured, the median of each figure over its runs (seconds and
   * events/s agree: the median time is the median rate).
   */
  static List<Result> medians(List<Result> results) {
    Map<String, List<Result>> byEngine = new LinkedHashMap<>();
    results.forEach(r -> byEngine.computeIfAbsent(r.engine(), e -> new ArrayList<>()).add(r));
    List<Result> medians = new ArrayList<>();
    byEngine.forEach(
        (engine, runs) ->
            medians.add(
                new Result(
                    engine,
                    runs.get(0).backlog(),
                    median(runs, Result::backlogSeconds),
                    median(runs, Result::backlogCpuSeconds),
                    median(runs, Result::rawP50),
                    median(runs, Result::rawP95),
                    median(runs, Result::aggregateP50),
                    median(runs, Result::aggregateP95),
                    runs.get(0).liveEvents(),
                    (long) median(runs, r -> r.peakHeapMb()),
                    (long) median(runs, r -> r.maxUsedHeapMb()),
                    (long) median(runs, r -> r.liveHeapMb()),
                    "median of " + runs.size() + " runs")));
    return medians;
  }

  private static double median(List<Result> runs, ToDoubleFunction<Result> figure) {
    return percentile(runs.stream().map(figure::applyAsDouble).toList(), 0.5);
  }

  /** Nearest-rank percentile in seconds; NaN when there is nothing to rank. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
  }
}
