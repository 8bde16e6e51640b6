package io.iotetl.sparkjob;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import io.iotetl.stack.StackS3Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Deployment as a user does it: the shaded job jar submitted with spark-submit to a Spark
 * standalone cluster (master + worker on 127.0.0.1), against the local Kafka and S3 server. Runs
 * the streaming ETL (up to the topic's end offsets) and then the daily p95 job.
 */
@ExtendWith(LocalStackExtension.class)
class SparkClusterSubmitIT {

  private static final Path SPARK_HOME =
      Path.of(System.getProperty("spark.home", "../spark-home/target/spark-home"));
  private static final Path JOB_JAR =
      Path.of(System.getProperty("job.jar", "target/iot-etl-spark-job.jar"));

  @Test
  void streamingAndP95JobsRunOnAStandaloneClusterFromTheShadedJar(
      LocalStack stack, @TempDir Path dir) throws Exception {
    stack.createTopic("cluster-events", 2);
    assertThat(
        IotEventProducer.execute(
            "--bootstrap-servers=" + stack.bootstrapServers(),
            "--topic=cluster-events",
            "--events=2000",
            "--device-types=sensor_temp,sensor_humidity",
            "--event-time-start=2026-02-01",
            "--event-time-span=2d",
            "--malformed-share=0.05",
            "--seed=3",
            // Once (in CI) one partition took no acks for 60 s right after the previous test's
            // cluster stopped.
            "--delivery-timeout=180s",
            "--max-block=120s"),
        is(0));

    String root = "--outputRoot=s3://" + stack.bucket() + "/cluster";
    try (SparkStandaloneCluster cluster =
        SparkStandaloneCluster.start(
            SPARK_HOME.toAbsolutePath(), Path.of("target", "spark-cluster").toAbsolutePath())) {
      List<String> common =
          List.of(
              stack.withBeamS3Arguments(
                  "--runner=SparkRunner",
                  "--sparkMaster=" + cluster.masterUrl(),
                  "--filesToStage=" + JOB_JAR.toAbsolutePath(),
                  "--s3UploadBufferSizeBytes=5242880",
                  root));

      List<String> streaming = new java.util.ArrayList<>(common);
      streaming.addAll(
          List.of(
              "--bootstrapServers=" + stack.bootstrapServers(),
              "--inputTopic=cluster-events",
              "--consumerGroup=cluster",
              "--stopAtEndOffsets=true",
              "--runId=cluster"));
      int exit =
          cluster.submit(
              "streaming-etl",
              JOB_JAR.toAbsolutePath(),
              "io.iotetl.pipelines.streaming.StreamingEtl",
              streaming,
              Duration.ofMinutes(6));
      assertThat("streaming job exit code" + cluster.tail("submit-streaming-etl"), exit, is(0));

      List<String> p95 = new java.util.ArrayList<>(common);
      p95.addAll(List.of("--mode=SKETCH", "--minEventsPerDay=100"));
      exit =
          cluster.submit(
              "daily-p95",
              JOB_JAR.toAbsolutePath(),
              "io.iotetl.pipelines.analytics.DailyP95",
              p95,
              Duration.ofMinutes(6));
      assertThat("p95 job exit code" + cluster.tail("submit-daily-p95"), exit, is(0));
    }

    try (S3Client s3 = StackS3Client.of(stack)) {
      long rawFiles =
          s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix("cluster/raw_events/")).keyCount();
      long aggregateFiles =
          s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix("cluster/stream_output/"))
              .keyCount();
      assertThat(rawFiles, greaterThan(0L));
      assertThat(aggregateFiles, greaterThan(0L));
      List<String> csv =
          s3.getObjectAsBytes(
                  b ->
                      b.bucket(stack.bucket())
                          .key("cluster/analytics/p95_event_duration/p95_event_duration.csv"))
              .asUtf8String()
              .lines()
              .toList();
      assertThat(
          csv.get(0),
          equalTo("event_date,device_type,p95_event_duration,events_per_day,events_after_filter"));
      // Two days, two device types, each well over 100 events.
      assertThat(csv.size(), is(5));
      assertThat(csv.get(1).startsWith("2026-02-01,sensor_humidity,"), is(true));
    }
  }
}
