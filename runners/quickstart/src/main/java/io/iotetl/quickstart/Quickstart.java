package io.iotetl.quickstart;

import io.iotetl.pipelines.EtlMetrics;
import io.iotetl.pipelines.analytics.DailyP95;
import io.iotetl.pipelines.analytics.DailyP95Options;
import io.iotetl.pipelines.streaming.StreamingEtl;
import io.iotetl.pipelines.streaming.StreamingEtlOptions;
import io.iotetl.pipelines.validation.ValidateOutputs;
import io.iotetl.pipelines.validation.ValidateOutputsOptions;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole mission on one machine, ending by itself: start Kafka and the S3 server, produce a
 * multi-day backfill (or replay a file), run the streaming ETL on the Spark runner until the topic
 * is drained and every window is written, run the daily p95 and the validation pipelines, print the
 * results, and stop everything.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Runs producer, streaming ETL, daily p95 and validation against a local Kafka and S3 server.")
public final class Quickstart implements Callable<Integer> {

  /**
   * Repeated types get more devices: co2 has 2 of 30 devices (passes 500/day), light 1 (does not).
   */
  private static final String DEVICE_TYPES =
      String.join(",", Collections.nCopies(9, "sensor_temp,sensor_humidity,sensor_motion"))
          + ",sensor_co2,sensor_co2,sensor_light";

  @Option(
      names = "--events-file",
      description = "Replay this JSON-lines file verbatim instead of generating events.")
  private Path eventsFile;

  @Option(
      names = "--report-dir",
      defaultValue = "quickstart-report",
      description =
          "Where the p95 CSV is copied, as p95_event_duration.csv (default: ${DEFAULT-VALUE}).")
  private Path reportDir;

  @Option(
      names = "--download-dir",
      description =
          "Also copy every output (raw_events/, stream_output/, late_events/, dead_letter/, analytics/) here,"
              + " keeping the bucket's layout, for Spark, DuckDB or Trino to read.")
  private Path downloadDir;

  @Option(
      names = "--events",
      defaultValue = "36000",
      description = "Generated events (default: ${DEFAULT-VALUE}).")
  private long events;

  @Option(
      names = "--days",
      defaultValue = "3",
      description = "Days of event time the backfill covers (default: ${DEFAULT-VALUE}).")
  private int days;

  @Option(
      names = "--runner",
      defaultValue = "SparkRunner",
      description = "Beam runner (default: ${DEFAULT-VALUE}).")
  private String runner;

  @Option(
      names = "--spark-master",
      defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  private String sparkMaster;

  @Option(
      names = "--max-records-per-batch",
      defaultValue = "-1",
      description =
          "Records per Spark micro-batch, -1 for no limit (default). Smaller batches advance event time in"
              + " smaller steps, so events hours behind their neighbours arrive after their window closed; but batches"
              + " that take longer than the batch interval queue up and make the final stop slow.")
  private long maxRecordsPerBatch;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description =
          "Partitions of the topic (default: ${DEFAULT-VALUE}). The Spark runner keeps one watermark for all"
              + " partitions, so with several, events of a partition that is read behind the others count as late.")
  private int partitions;

  @Option(
      names = "--timeout-minutes",
      defaultValue = "15",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  private int timeoutMinutes;

  @Option(
      names = "--keep-data",
      description = "Keep the broker and S3 data directory at the end (it is printed).")
  private boolean keepData;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Quickstart()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("iot-etl-quickstart-");
    stage("1/6 Starting Kafka (KRaft) and the S3 server (S3Proxy) under " + dataDir);
    try (LocalStack stack =
            LocalStack.builder()
                .dataDir(dataDir)
                .topic(LocalStack.DEFAULT_TOPIC, partitions)
                .start();
        BucketReport bucket = new BucketReport(stack)) {
      System.err.printf(
          "[quickstart] Kafka %s, S3 %s, bucket %s%n",
          stack.bootstrapServers(), stack.s3Endpoint(), stack.bucket());

      stage("2/6 Producing events");
      if (IotEventProducer.execute(producerArgs(stack)) != 0) {
        System.err.println("error: the producer failed; see its summary above");
        return 1;
      }

      stage(
          "3/6 Streaming ETL on "
              + runner
              + " until the topic is drained and every window is written");
      Map<String, Long> counters = runStreaming(stack, dataDir, bucket);

      stage("4/6 Daily p95 of event_duration (exact) on " + runner);
      DailyP95Options p95 = options(stack, DailyP95Options.class);
      requireDone(DailyP95.run(p95).waitUntilFinish(), "daily p95");
      DailyP95.printReport(p95);
      Path csv = reportDir.resolve("p95_event_duration.csv");
      bucket.download("analytics/p95_event_duration/p95_event_duration.csv", csv);
      System.err.println("[quickstart] p95 CSV copied to " + csv.toAbsolutePath());

      stage("5/6 Validating the outputs");
      ValidateOutputsOptions validate = options(stack, ValidateOutputsOptions.class);
      validate.setPaths(
          counters.getOrDefault(EtlMetrics.EVENTS_TOO_LATE, 0L) > 0
              ? "stream_output,raw_events,late_events"
              : "stream_output,raw_events");
      validate.setSampleRows(3);
      requireDone(ValidateOutputs.run(validate).waitUntilFinish(), "validation");
      ValidateOutputs.printReports(validate);

      stage("6/6 Results");
      bucket.printListing(System.out, 40);
      System.out.printf(
          "%nDead letters: %d (in dead_letter/); late events: %d (in late_events/); windows written: %d%n",
          bucket.countLines("dead_letter/"),
          counters.getOrDefault(EtlMetrics.EVENTS_TOO_LATE, 0L),
          counters.getOrDefault(EtlMetrics.WINDOWS_EMITTED, 0L));
      counters.entrySet().stream()
          .filter(e -> e.getKey().startsWith(EtlMetrics.REJECTED_PREFIX) && e.getValue() > 0)
          .forEach(e -> System.out.printf("  %-32s %d%n", e.getKey(), e.getValue()));
      System.out.println("p95 report: " + csv.toAbsolutePath());
      if (downloadDir != null) {
        System.out.printf(
            "Outputs copied to %s (%d files)%n",
            downloadDir.toAbsolutePath(), bucket.downloadAll(downloadDir));
      }
      stage("Done; stopping Kafka and the S3 server");
    } finally {
      if (!keepData) {
        deleteRecursively(dataDir);
      }
    }
    return 0;
  }

  private String[] producerArgs(LocalStack stack) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers=" + stack.bootstrapServers(),
                "--topic=" + stack.topic(),
                "--progress-interval=5s"));
    if (eventsFile != null) {
      args.add("--replay-file=" + eventsFile);
    } else {
      LocalDate start = LocalDate.now(ZoneOffset.UTC).minusDays(days);
      args.addAll(
          List.of(
              "--events=" + events,
              "--devices=30",
              "--device-types=" + DEVICE_TYPES,
              "--event-time-start=" + start,
              "--event-time-span=" + days + "d",
              "--seed=2026",
              // A backfill is read in micro-batches spanning hours of event time: only events hours
              // behind their neighbours are late for their window.
              "--late-share=0.02",
              "--late-min=6h",
              "--late-max=12h",
              "--duplicate-share=0.02",
              "--malformed-share=0.01"));
    }
    return args.toArray(String[]::new);
  }

  private Map<String, Long> runStreaming(LocalStack stack, Path dataDir, BucketReport bucket)
      throws InterruptedException {
    DrainMonitor monitor = new DrainMonitor(stack.bootstrapServers(), stack.topic());
    long expected = monitor.topicSize();
    StreamingEtlOptions options = options(stack, StreamingEtlOptions.class);
    options.setBootstrapServers(stack.bootstrapServers());
    options.setInputTopic(stack.topic());
    options.setConsumerGroup("quickstart");
    options.setRunId("quickstart");
    org.apache.beam.runners.spark.SparkPipelineOptions spark =
        options.as(org.apache.beam.runners.spark.SparkPipelineOptions.class);
    spark.setCheckpointDir(dataDir.resolve("spark-checkpoint").toString());
    spark.setMaxRecordsPerBatch(maxRecordsPerBatch);
    PipelineResult job = StreamingEtl.run(options);
    try {
      return monitor.awaitDrained(
          job, expected, bucket::snapshot, 20_000, timeoutMinutes * 60_000L);
    } finally {
      DrainMonitor.stop(job);
    }
  }

  private <T extends PipelineOptions> T options(LocalStack stack, Class<T> type) {
    return PipelineOptionsFactory.fromArgs(
            stack.withBeamS3Arguments(
                "--runner=" + runner,
                "--sparkMaster=" + sparkMaster,
                "--bucket=" + stack.bucket(),
                "--s3UploadBufferSizeBytes=5242880"))
        .as(type);
  }

  private static void requireDone(PipelineResult.State state, String what) {
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException(what + " ended in state " + state);
    }
  }

  private static void stage(String text) {
    System.err.println("\n[quickstart] ==== " + text + " ====");
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
