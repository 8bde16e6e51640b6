package io.iotetl.pipelines.streaming;

import io.iotetl.pipelines.io.S3Buckets;
import io.iotetl.pipelines.io.WriteDeviceAggregatesParquet;
import io.iotetl.pipelines.io.WriteFlushedOutputs;
import io.iotetl.pipelines.launch.PipelineLauncher;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * The streaming ETL: Kafka JSON events to Parquet on S3-compatible storage.
 *
 * <ul>
 *   <li>{@code raw_events/event_date=YYYY-MM-DD/}: every valid event, however late, once per event
 *       id;
 *   <li>{@code stream_output/}: tumbling-window aggregates per device type;
 *   <li>{@code late_events/event_date=YYYY-MM-DD/}: events too late for their window;
 *   <li>{@code dead_letter/}: rejected records as JSON lines, with payload, reason and Kafka
 *       position.
 * </ul>
 *
 * <pre>
 * mvn -pl pipelines exec:java -Dexec.args="--runner=SparkRunner --bootstrapServers=127.0.0.1:9092 \
 *   --endpoint=http://127.0.0.1:9000 --s3PathStyleAccess=true --awsRegion=us-east-1"
 * </pre>
 */
public final class StreamingEtl {

  /** Experiment that makes the DirectRunner read Kafka through the splittable-DoFn wrapper. */
  static final String USE_SDF_READ = "use_sdf_read";

  private StreamingEtl() {}

  public static void main(String[] args) {
    PipelineLauncher.runAndExit(
        "streaming-etl", args, StreamingEtlOptions.class, StreamingEtl::run);
  }

  /** Checks the broker and the bucket, builds the pipeline and starts it. */
  public static PipelineResult run(StreamingEtlOptions options) {
    if (options.getCommitDelaySeconds() <= options.getFlushSeconds()) {
      throw new IllegalArgumentException(
          "--commitDelaySeconds ("
              + options.getCommitDelaySeconds()
              + ") must exceed --flushSeconds ("
              + options.getFlushSeconds()
              + "): offsets would be committed before the"
              + " records read before them are written");
    }
    S3Buckets.prepare(options);
    KafkaPreflight.Backlog backlog =
        KafkaPreflight.backlog(
            options.getBootstrapServers(),
            options.getInputTopic(),
            options.getConsumerGroup(),
            options.getAutoOffsetReset(),
            options.getKafkaConnectTimeoutSeconds());
    long maxRecords = options.getStopAtEndOffsets() ? backlog.records() : options.getMaxRecords();
    System.err.printf(
        "[streaming-etl] topic %s: %d records waiting; reading %s%n",
        options.getInputTopic(),
        backlog.records(),
        maxRecords >= 0 ? maxRecords + " records, then stopping" : "until stopped");
    if (maxRecords < 0) {
      checkpointStateEveryBatch(options.as(SparkPipelineOptions.class));
      // The caller waits (PipelineLauncher, the quickstart): run() returns at once on every runner,
      // so progress and the metrics endpoint start while an unbounded job runs on the DirectRunner
      // too.
      options.as(DirectOptions.class).setBlockOnRun(false);
    }
    readKafkaThroughSdfOnDirectRunner(options);
    readForHalfOfEachMicroBatch(options.as(SparkPipelineOptions.class));
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, backlog);
    PipelineResult job = pipeline.run();
    if (options.getStopAtEndOffsets()) {
      return new CommitOffsetsWhenDone(
          job,
          options.getBootstrapServers(),
          options.getInputTopic(),
          options.getConsumerGroup(),
          backlog.endOffsets(),
          options.getKafkaConnectTimeoutSeconds());
    }
    return job;
  }

  /**
   * On the Spark runner, a restart from {@code --checkpointDir} resumes Kafka from the read
   * positions and window state of the last <em>state</em> checkpoint. Spark takes one every ten
   * batches by default, and a job killed before its first one restarts at the group's committed
   * offsets with empty windows, losing what was in flight. Unless {@code
   * --checkpointDurationMillis} is given, checkpoint the state with every micro-batch.
   */
  static void checkpointStateEveryBatch(SparkPipelineOptions spark) {
    if (spark.getCheckpointDurationMillis() < 0) {
      spark.setCheckpointDurationMillis(spark.getBatchIntervalMillis());
    }
  }

  /** The Spark runner's own default for {@code --readTimePercentage}. */
  static final double SPARK_DEFAULT_READ_TIME_PERCENTAGE = 0.1;

  /** This job's default for {@code --readTimePercentage} on the Spark runner. */
  static final double READ_TIME_PERCENTAGE = 0.5;

  /**
   * The Spark runner reads Kafka for {@code --readTimePercentage} of each micro-batch, 10% by
   * default, which caps how fast a backlog drains. Unless the option is given (as a value other
   * than that default), read for half of each micro-batch: with a backlog of 400,000 events this
   * drained 1.7 times as fast at the same live latency (BENCHMARKS.md, 2026-11-26).
   */
  static void readForHalfOfEachMicroBatch(SparkPipelineOptions spark) {
    if (spark.getReadTimePercentage() == SPARK_DEFAULT_READ_TIME_PERCENTAGE) {
      spark.setReadTimePercentage(READ_TIME_PERCENTAGE);
    }
  }

  /**
   * The DirectRunner reads an unbounded source as a primitive read unless told otherwise: ten
   * records a bundle, and a new Kafka consumer every twenty bundles (it exercises checkpoint
   * resumes), which caps a backfill at some 50-75 records a second. Through the splittable-DoFn
   * wrapper it reads up to 100 records or 1 s a bundle and keeps its reader between bundles, and
   * finalizes checkpoints (offset commits) after each bundle is committed, as the primitive read
   * does. A user's {@code --experiments=use_deprecated_read} wins. Other runners are left alone.
   */
  static void readKafkaThroughSdfOnDirectRunner(PipelineOptions options) {
    ExperimentalOptions experiments = options.as(ExperimentalOptions.class);
    if (DirectRunner.class.isAssignableFrom(options.getRunner())
        && !ExperimentalOptions.hasExperiment(options, "use_deprecated_read")) {
      ExperimentalOptions.addExperiment(experiments, USE_SDF_READ);
    }
  }

  private static ReadIotEvents read(StreamingEtlOptions options, KafkaPreflight.Backlog backlog) {
    ReadIotEvents read =
        ReadIotEvents.from(options.getBootstrapServers(), options.getInputTopic())
            .withConsumerGroup(options.getConsumerGroup(), options.getAutoOffsetReset())
            .withMaxOutOfOrderness(Duration.standardSeconds(options.getMaxOutOfOrdernessSeconds()))
            .withMaxFuture(Duration.standardSeconds(options.getMaxFutureSeconds()))
            .withBacklogEnd(backlog.endOffsets())
            .withCommitDelay(
                Duration.standardSeconds(options.getWindowSizeSeconds()),
                Duration.standardSeconds(options.getCommitDelaySeconds()));
    if (options.getStopAtEndOffsets()) {
      return read.withStopAtBacklogEnd(backlog.records());
    }
    return read.withMaxRecords(options.getMaxRecords());
  }

  /**
   * Builds the pipeline. The {@code backlog} found at launch holds the watermark until it is read,
   * so a backfill counts every event in its window; {@code --stopAtEndOffsets} reads just that
   * backlog.
   */
  static void build(
      Pipeline pipeline, StreamingEtlOptions options, KafkaPreflight.Backlog backlog) {
    Duration window = Duration.standardSeconds(options.getWindowSizeSeconds());
    Duration lateness = Duration.standardSeconds(options.getAllowedLatenessSeconds());
    Duration flush = Duration.standardSeconds(options.getFlushSeconds());
    Duration maxOutOfOrderness = Duration.standardSeconds(options.getMaxOutOfOrdernessSeconds());
    Duration maxFuture = Duration.standardSeconds(options.getMaxFutureSeconds());
    String root = S3Buckets.outputRoot(options);

    PCollectionTuple outputs =
        pipeline
            .apply("ReadKafkaEvents", read(options, backlog))
            .apply(
                "ProcessIotEvents",
                ProcessIotEvents.create()
                    .withWindowSize(window)
                    .withAllowedLateness(lateness)
                    .withMaxOutOfOrderness(maxOutOfOrderness)
                    .withDeduplicationHorizon(
                        Duration.standardSeconds(options.getDeduplicationHorizonSeconds()))
                    .withMaxFuture(maxFuture)
                    .withMaxPayloadBytes(options.getMaxPayloadBytes()));

    PCollectionTuple.of(WriteFlushedOutputs.RAW_EVENTS, outputs.get(ProcessIotEvents.RAW))
        .and(WriteFlushedOutputs.LATE_EVENTS, outputs.get(ProcessIotEvents.TOO_LATE))
        .and(WriteFlushedOutputs.DEAD_LETTERS, outputs.get(ParseIotEvents.DEAD_LETTER))
        .apply(
            "WriteEventsAndDeadLetters",
            WriteFlushedOutputs.to(root)
                .withRunId(options.getRunId())
                .withNumShards(options.getNumShards())
                .withFlushDelay(flush));
    outputs
        .get(ProcessIotEvents.AGGREGATES)
        .apply(
            "WriteWindowAggregates",
            WriteDeviceAggregatesParquet.to(root + "/stream_output")
                .withRunId(options.getRunId())
                .withNumShards(options.getNumShards()));
  }
}
