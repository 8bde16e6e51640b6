package io.iotetl.pipelines.validation;

import io.iotetl.pipelines.io.S3Buckets;
import io.iotetl.pipelines.launch.PipelineLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;

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
        "validate",
        args,
        ValidateOutputsOptions.class,
        ValidateOutputs::run,
        ValidateOutputs::printReports);
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
          .apply(
              "Write" + step + "Report",
              TextIO.write().to(reportFile(options, path)).withoutSharding());
    }
    return pipeline.run();
  }

  /**
   * Prints the reports the job wrote, from the process that launched it (under spark-submit a
   * DoFn's stdout is an executor's, not the user's terminal).
   */
  public static void printReports(ValidateOutputsOptions options) {
    FileSystems.setDefaultPipelineOptions(options);
    for (String path : options.getPaths().split(",")) {
      String file = reportFile(options, path.trim());
      try (InputStream in =
          Channels.newInputStream(FileSystems.open(FileSystems.matchNewResource(file, false)))) {
        System.out.println(new String(in.readAllBytes(), StandardCharsets.UTF_8).stripTrailing());
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read the report " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private static String reportFile(ValidateOutputsOptions options, String path) {
    return S3Buckets.outputRoot(options) + "/validation/" + path + ".txt";
  }
}
