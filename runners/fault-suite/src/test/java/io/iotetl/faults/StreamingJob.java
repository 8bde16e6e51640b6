package io.iotetl.faults;

import io.iotetl.pipelines.streaming.StreamingEtl;
import io.iotetl.pipelines.streaming.StreamingEtlOptions;
import io.iotetl.stack.LocalStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The unbounded streaming ETL on the SparkRunner ({@code local[2]}) in this JVM, with short windows
 * so that a fault scenario settles within a minute or two: 10 s windows, 5 s out-of-orderness, 10 s
 * allowed lateness, 2 s micro-batches and flushes.
 */
final class StreamingJob implements AutoCloseable {

  private final PipelineResult result;

  private StreamingJob(PipelineResult result) {
    this.result = result;
  }

  /**
   * Starts reading {@code topic} and writing under {@code s3://<bucket>/<root>/}, with its Spark
   * checkpoint under {@code scratch}.
   */
  static StreamingJob start(
      LocalStack stack, String topic, String root, Path scratch, String... extraArgs) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=SparkRunner",
                "--sparkMaster=local[2]",
                "--batchIntervalMillis=2000",
                "--checkpointDir=" + scratch.resolve("checkpoint"),
                "--bootstrapServers=" + stack.bootstrapServers(),
                "--inputTopic=" + topic,
                "--consumerGroup=" + root,
                "--runId=" + root,
                "--outputRoot=s3://" + stack.bucket() + "/" + root,
                "--s3UploadBufferSizeBytes=5242880",
                "--windowSizeSeconds=10",
                "--allowedLatenessSeconds=10",
                "--maxOutOfOrdernessSeconds=5",
                "--flushSeconds=2"));
    args.addAll(stack.beamS3Arguments());
    args.addAll(List.of(extraArgs));
    StreamingEtlOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(StreamingEtlOptions.class);
    return new StreamingJob(StreamingEtl.run(options));
  }

  /** Fails the test if the job has stopped by itself (a streaming job only stops when told to). */
  void assertRunning() {
    PipelineResult.State state = result.getState();
    if (state.isTerminal()) {
      throw new AssertionError("the streaming job stopped by itself: " + state);
    }
  }

  /**
   * Cancels the job; an interrupted micro-batch may surface as an exception here, which is
   * reported.
   */
  @Override
  public void close() {
    try {
      result.cancel();
    } catch (IOException | RuntimeException e) {
      System.err.println("[fault-suite] the streaming job reported while stopping: " + e);
    }
  }
}
