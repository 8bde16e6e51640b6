package io.iotetl.pipelines.validation;

import io.iotetl.pipelines.io.S3Buckets;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * Prints the schema, row count, repeated keys and sample rows of the streaming outputs
 * ({@code stream_output/} and {@code raw_events/} by default). Fails with a clear message, before
 * running anything, if a folder has no Parquet file or cannot be listed.
 *
 * <pre>
 * mvn -pl pipelines exec:java -Dexec.mainClass=io.iotetl.pipelines.validation.ValidateOutputs \
 *   -Dexec.args="--endpoint=http://127.0.0.1:9000 --s3PathStyleAccess=true --awsRegion=us-east-1"
 * </pre>
 */
public final class ValidateOutputs {

  /** Key columns whose repetition the report counts, per known folder. */
  private static final Map<String, List<String>> KEYS = Map.of(
      "stream_output", List.of("window_start", "device_type"),
      "raw_events", List.of("event_id"),
      "late_events", List.of("event_id"));

  private ValidateOutputs() {}

  public static void main(String[] args) {
    PipelineOptionsFactory.register(ValidateOutputsOptions.class);
    ValidateOutputsOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(ValidateOutputsOptions.class);
    try {
      PipelineResult.State state = run(options).waitUntilFinish();
      System.exit(state == PipelineResult.State.DONE ? 0 : 1);
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  public static PipelineResult run(ValidateOutputsOptions options) {
    S3Buckets.prepare(options);
    FileSystems.setDefaultPipelineOptions(options);
    String root = S3Buckets.outputRoot(options);
    Pipeline pipeline = Pipeline.create(options);
    for (String path : options.getPaths().split(",")) {
      path = path.trim();
      String pattern = root + "/" + path + "/**.parquet";
      requireFiles(pattern);
      String step = Character.toUpperCase(path.charAt(0)) + path.substring(1).replace("_", "");
      pipeline
          .apply("Describe" + step, new DescribeParquetRows(path, pattern, options.getSampleRows(), KEYS.getOrDefault(path, List.of())))
          .apply("Print" + step, ParDo.of(new PrintFn()));
    }
    return pipeline.run();
  }

  private static void requireFiles(String pattern) {
    try {
      MatchResult match = FileSystems.match(pattern);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new IllegalStateException("no Parquet files match " + pattern + " (status " + match.status() + ")");
      }
      System.err.printf("[validate] %s: %d files%n", pattern, match.metadata().size());
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + pattern + ": " + e.getMessage(), e);
    }
  }

  static final class PrintFn extends DoFn<String, Void> {
    @ProcessElement
    public void processElement(@Element String report) {
      System.out.println(report);
    }
  }
}
