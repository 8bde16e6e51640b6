package io.iotetl.quickstart;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.iotetl.pipelines.streaming.StreamingEtl;
import io.iotetl.pipelines.streaming.StreamingEtlOptions;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The unbounded streaming ETL on the SparkRunner, stopped and started again on the same consumer
 * group: the second run resumes at the committed offsets, so it reads only what arrived since.
 *
 * <p>Both runs share this JVM, where the Spark runner keeps watermark state in static holders; a
 * real restart is a new process. So this checks where reading resumes, not the second run's windows.
 */
@ExtendWith(LocalStackExtension.class)
class StreamingRestartTest {

  @Test
  void restartedJobResumesAtCommittedOffsetsWithoutRereading(LocalStack stack) throws Exception {
    stack.createTopic("restart", 2);
    produce(stack, "2026-01-01T00:00:00Z", 3000, 1);
    Map<String, Long> first = runUntilDrained(stack, "run1", 3000);
    assertThat(first.get("events_valid"), is(3000L));

    produce(stack, "2026-01-01T06:00:00Z", 2000, 2);
    Map<String, Long> second = runUntilDrained(stack, "run2", 2000);
    assertThat("the second run reads only the new records", second.get("events_valid"), is(2000L));
  }

  private static void produce(LocalStack stack, String start, int events, long seed) {
    assertThat(IotEventProducer.execute("--bootstrap-servers=" + stack.bootstrapServers(), "--topic=restart",
        "--events=" + events, "--event-time-start=" + start, "--event-time-span=1h", "--seed=" + seed), is(0));
  }

  private static Map<String, Long> runUntilDrained(LocalStack stack, String runId, long expected) throws Exception {
    StreamingEtlOptions options = PipelineOptionsFactory.fromArgs("--runner=SparkRunner", "--sparkMaster=local[2]",
        "--bootstrapServers=" + stack.bootstrapServers(), "--inputTopic=restart", "--consumerGroup=restart-test",
        "--runId=" + runId, "--outputRoot=s3://" + stack.bucket() + "/restart",
        "--endpoint=" + stack.s3Endpoint(), "--awsRegion=" + stack.region(), "--s3PathStyleAccess=true",
        "--s3UploadBufferSizeBytes=5242880", "--flushSeconds=2",
        "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"" + stack.accessKey()
            + "\",\"secretAccessKey\":\"" + stack.secretKey() + "\"}").as(StreamingEtlOptions.class);
    PipelineResult job = StreamingEtl.run(options);
    try {
      return new DrainMonitor(stack.bootstrapServers(), "restart").awaitDrained(job, expected, () -> "", 15_000, 240_000);
    } finally {
      DrainMonitor.stop(job);
    }
  }
}
