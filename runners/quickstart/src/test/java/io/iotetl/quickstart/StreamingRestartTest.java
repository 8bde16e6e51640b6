package io.iotetl.quickstart;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.iotetl.pipelines.EtlMetrics;
import io.iotetl.pipelines.streaming.StreamingEtl;
import io.iotetl.pipelines.streaming.StreamingEtlOptions;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unbounded streaming ETL on the SparkRunner, stopped and started again on the same consumer
 * group without its checkpoint: offsets are committed only once what was read before them is
 * written, so a job stopped with records read but not yet written leaves them to the next run.
 *
 * <p>The runs share this JVM; the Spark runner's static state is cleared between them (a real
 * restart is a new process). {@code raw_events/} is read back with DuckDB.
 */
@ExtendWith(LocalStackExtension.class)
class StreamingRestartTest {

  private static final String TOPIC = "restart";
  private static final String GROUP = "restart-test";

  @Test
  void restartWithoutCheckpointRereadsWhatTheStoppedJobHadNotWritten(
      LocalStack stack, @TempDir Path scratch) throws Exception {
    stack.createTopic(TOPIC, 2);
    produce(stack, "2026-01-01T00:00:00Z", 1500, 1);
    Map<String, Long> first = runUntilDrained(stack, "run1", 1500, 2, 5);
    assertThat(first.get(EtlMetrics.EVENTS_VALID), is(1500L));
    assertThat("run1 committed its offsets once written", committed(stack), is(1500L));

    // run2 reads the new records but is stopped before flushing them (raw rows wait 120 s).
    produce(stack, "2026-01-01T06:00:00Z", 1000, 2);
    Map<String, Long> second = runUntilDrained(stack, "run2", 1000, 120, 130);
    assertThat(
        "run2 resumed at run1's committed offsets", second.get(EtlMetrics.EVENTS_VALID), is(1000L));
    assertThat("run2 committed nothing it had not written", committed(stack), is(1500L));

    Map<String, Long> third = runUntilDrained(stack, "run3", 1000, 2, 5);
    assertThat(
        "run3 read again what run2 had not written", third.get(EtlMetrics.EVENTS_VALID), is(1000L));
    assertThat("run3 committed once written", committed(stack), is(2500L));

    try (BucketReport bucket = new BucketReport(stack)) {
      bucket.downloadAll(scratch);
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT count(*), count(DISTINCT event_id) FROM read_parquet('"
                    + scratch.resolve("restart/raw_events")
                    + "/*/*.parquet', hive_partitioning = true)")) {
      rows.next();
      assertThat("every event in raw_events/", rows.getLong(2), is(2500L));
      assertThat("none twice", rows.getLong(1), is(2500L));
    }
  }

  private static void produce(LocalStack stack, String start, int events, long seed) {
    assertThat(
        IotEventProducer.execute(
            "--bootstrap-servers=" + stack.bootstrapServers(),
            "--topic=" + TOPIC,
            "--events=" + events,
            "--event-time-start=" + start,
            "--event-time-span=1h",
            "--seed=" + seed),
        is(0));
  }

  private static Map<String, Long> runUntilDrained(
      LocalStack stack, String runId, long expected, int flushSeconds, int commitDelaySeconds)
      throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=SparkRunner",
                "--sparkMaster=local[2]",
                "--bootstrapServers=" + stack.bootstrapServers(),
                "--inputTopic=" + TOPIC,
                "--consumerGroup=" + GROUP,
                "--runId=" + runId,
                "--outputRoot=s3://" + stack.bucket() + "/restart",
                "--s3UploadBufferSizeBytes=5242880",
                "--flushSeconds=" + flushSeconds,
                "--commitDelaySeconds=" + commitDelaySeconds));
    args.addAll(stack.beamS3Arguments());
    StreamingEtlOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(StreamingEtlOptions.class);
    PipelineResult job = StreamingEtl.run(options);
    try {
      Map<String, Long> counters =
          new DrainMonitor(stack.bootstrapServers(), TOPIC)
              .awaitDrained(job, expected, () -> "", 15_000, 240_000);
      if (commitDelaySeconds < 60) {
        awaitCommitted(stack, runId.equals("run1") ? 1500 : 2500);
      }
      return counters;
    } finally {
      DrainMonitor.stop(job);
      SparkRunnerStatics.clear();
    }
  }

  private static void awaitCommitted(LocalStack stack, long offsets) throws Exception {
    long deadline = System.currentTimeMillis() + 60_000;
    while (committed(stack) < offsets && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
    }
  }

  /** Sum over partitions of the group's committed offsets. */
  private static long committed(LocalStack stack) throws Exception {
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", (Object) stack.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(GROUP)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }
  }
}
