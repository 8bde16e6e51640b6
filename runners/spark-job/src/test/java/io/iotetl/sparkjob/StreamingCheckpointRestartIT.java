package io.iotetl.sparkjob;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.iotetl.pipelines.testing.BucketReader;
import io.iotetl.pipelines.testing.OutputAudit;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unbounded streaming job on a standalone cluster, checkpointing to the S3 store ({@code
 * --checkpointDir=s3a://...}), is killed (SIGKILL of the driver) while events are still arriving,
 * and submitted again with the same checkpoint: the second run recovers from the checkpoint, and in
 * the end every event is in {@code raw_events/} exactly once and every window and device type has
 * exactly one aggregate row.
 */
@ExtendWith(LocalStackExtension.class)
class StreamingCheckpointRestartIT {

  private static final Path SPARK_HOME =
      Path.of(System.getProperty("spark.home", "../spark-home/target/spark-home"));
  private static final Path JOB_JAR =
      Path.of(System.getProperty("job.jar", "target/iot-etl-spark-job.jar"));
  private static final String TOPIC = "checkpointed-events";
  private static final int EVENTS = 4000;

  @Test
  void killedJobRestartedFromItsS3CheckpointLosesAndDuplicatesNothing(
      LocalStack stack, @TempDir Path scratch) throws Exception {
    stack.createTopic(TOPIC, 2);
    Map<String, String> awsEnvironment =
        Map.of(
            "AWS_ACCESS_KEY_ID",
            stack.accessKey(),
            "AWS_SECRET_ACCESS_KEY",
            stack.secretKey(),
            "AWS_REGION",
            stack.region());
    String root = "checkpointed";
    try (SparkStandaloneCluster cluster =
            SparkStandaloneCluster.start(
                SPARK_HOME.toAbsolutePath(),
                Path.of("target", "spark-cluster-checkpoint").toAbsolutePath(),
                awsEnvironment);
        BucketReader bucket = new BucketReader(stack, scratch)) {
      Map<String, String> s3a =
          Map.of(
              "spark.hadoop.fs.s3a.endpoint",
              stack.s3Endpoint(),
              "spark.hadoop.fs.s3a.path.style.access",
              "true",
              "spark.hadoop.fs.s3a.connection.ssl.enabled",
              "false");
      List<String> args =
          List.of(
              "--runner=SparkRunner",
              "--sparkMaster=" + cluster.masterUrl(),
              "--filesToStage=" + JOB_JAR.toAbsolutePath(),
              "--endpoint=" + stack.s3Endpoint(),
              "--awsRegion=" + stack.region(),
              "--s3PathStyleAccess=true",
              "--s3UploadBufferSizeBytes=5242880",
              "--outputRoot=s3://" + stack.bucket() + "/" + root,
              "--bootstrapServers=" + stack.bootstrapServers(),
              "--inputTopic=" + TOPIC,
              "--consumerGroup=checkpointed",
              "--runId=checkpointed",
              "--checkpointDir=s3a://" + stack.bucket() + "/checkpoints/streaming-etl",
              "--batchIntervalMillis=5000",
              "--windowSizeSeconds=10",
              "--allowedLatenessSeconds=5",
              "--maxOutOfOrdernessSeconds=5",
              "--flushSeconds=2");
      String mainClass = "io.iotetl.pipelines.streaming.StreamingEtl";

      // Events follow the wall clock, 100 per second, while the job starts, dies and comes back.
      CompletableFuture<Integer> producer =
          CompletableFuture.supplyAsync(
              () ->
                  IotEventProducer.execute(
                      "--bootstrap-servers=" + stack.bootstrapServers(),
                      "--topic=" + TOPIC,
                      "--events=" + EVENTS,
                      "--rate=100",
                      "--seed=21"));

      Process first =
          cluster.startSubmit("streaming-first", JOB_JAR.toAbsolutePath(), mainClass, s3a, args);
      awaitTrue(
          () ->
              "raw files and a checkpoint from the first run"
                  + cluster.tail("submit-streaming-first"),
          180,
          () ->
              alive(first, "first run")
                  && !bucket.keys(root + "/raw_events/").isEmpty()
                  && bucket.allKeys("checkpoints/streaming-etl/spark-checkpoint/").stream()
                      .anyMatch(k -> k.contains("checkpoint-")));
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      int rawAtKill = progress(bucket, root);
      assertThat(
          "the first run was killed before it had everything",
          rawAtKill,
          lessThanOrEqualTo(EVENTS - 1));

      Process second =
          cluster.startSubmit("streaming-second", JOB_JAR.toAbsolutePath(), mainClass, s3a, args);
      assertThat("producer exit code", producer.get(120, TimeUnit.SECONDS), is(0));
      awaitTrue(
          () ->
              "every event in raw_events/ after the restart"
                  + cluster.tail("submit-streaming-second"),
          240,
          () -> alive(second, "second run") && progress(bucket, root) >= EVENTS);
      OutputAudit audit = new OutputAudit(bucket, root);
      audit.awaitEveryEventCounted(EVENTS, 180, () -> alive(second, "second run"));
      Thread.sleep(8_000); // a few more flushes: anything written twice would show now
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);

      List<GenericRecord> raw = bucket.parquetRows(root + "/raw_events/");
      assertThat("raw rows (no duplicates)", raw.size(), is(EVENTS));
      assertThat(BucketReader.eventIds(raw).size(), is(EVENTS));

      audit.assertWindowsOnceAndEveryEventCounted(EVENTS);
      // A SIGKILL in the middle of an upload leaves an unfinished multipart upload, never a visible
      // object; any temporary file would have to stay in a hidden .temp-beam/ directory.
      audit.assertTemporaryFilesOnlyInHiddenDirectories();
    }
  }

  /** Prints what the outputs hold so far; returns the distinct events in raw_events/. */
  private static int progress(BucketReader bucket, String root) {
    List<GenericRecord> raw = bucket.parquetRows(root + "/raw_events/");
    int distinct = BucketReader.eventIds(raw).size();
    System.err.printf(
        "[checkpoint-restart] raw rows %d, distinct %d, aggregate rows %d, late events %d%n",
        raw.size(),
        distinct,
        bucket.parquetRows(root + "/stream_output/").size(),
        bucket.parquetRows(root + "/late_events/").size());
    return distinct;
  }

  private static boolean alive(Process process, String name) {
    if (!process.isAlive()) {
      throw new AssertionError(name + " ended early with exit code " + process.exitValue());
    }
    return true;
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void awaitTrue(Supplier<String> what, int seconds, Check check) throws Exception {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (!check.ok()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what.get());
      }
      Thread.sleep(2_000);
    }
  }
}
