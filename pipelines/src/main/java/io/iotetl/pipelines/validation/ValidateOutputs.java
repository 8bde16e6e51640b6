package io.iotetl.pipelines.validation;

import io.iotetl.pipelines.io.PipelineLauncher;
import io.iotetl.pipelines.io.S3Buckets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * Prints the schema, row count, repeated keys and sample rows of the streaming outputs ({@code
 * stream_output/} and {@code raw_events/} by default). Fails with a clear message, before running
 * anything, if a folder has no Parquet file or cannot be listed.
 *
 * <pre>
 * mvn -pl pipelines exec:java -Dexec.mainClass=io.iotetl.pipelines.validation.ValidateOutputs \
 *   -Dexec.args="--endpoint=http://127.0.0.1:9000 --s3PathStyleAccess=true --awsRegion=us-east-1"
 * </pre>
 */
public final class ValidateOutputs {

  /** Key columns whose repetition the report counts, per known folder. */
  private static final Map<String, List<String>> KEYS =
      Map.of(
          "stream_output", List.of("window_start", "device_type"),
          "raw_events", List.of("event_id"),
          "late_events", List.of("event_id"));

  private ValidateOutputs() {}

  public static void main(String[] args) {
    PipelineLauncher.runAndExit(
        "validate", args, ValidateOutputsOptions.class, ValidateOutputs::run);
  }

  public static PipelineResult run(ValidateOutputsOptions options) {
    S3Buckets.prepare(options);
    FileSystems.setDefaultPipelineOptions(options);
    String root = S3Buckets.outputRoot(options);
    Pipeline pipeline = Pipeline.create(options);
    for (String path : options.getPaths().split(",")) {
      path = path.trim();
      String pattern = root + "/" + path + "/**.parquet";
      System.err.printf(
          "[validate] %s: %d files%n", pattern, PipelineLauncher.requireParquetFiles(pattern));
      String step = Character.toUpperCase(path.charAt(0)) + path.substring(1).replace("_", "");
      pipeline
          .apply(
              "Describe" + step,
              new DescribeParquetRows(
                  path, pattern, options.getSampleRows(), KEYS.getOrDefault(path, List.of())))
          .apply("Print" + step, ParDo.of(new PrintFn()));
    }
    return pipeline.run();
  }

  static final class PrintFn extends DoFn<String, Void> {
    @ProcessElement
    public void processElement(@Element String report) {
      System.out.println(report);
    }
  }
}
