package io.iotetl.pipelines.launch;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * What every pipeline's {@code main} does: parse options, run, wait, exit; start-up problems as one
 * line.
 */
public final class PipelineLauncher {

  private PipelineLauncher() {}

  /**
   * Parses {@code args} into {@code type}, runs the pipeline and waits for it. Exits 0 when it is
   * DONE, else 1; a start-up check that fails (missing bucket, unreachable broker, no input) prints
   * {@code error: <message>} instead of a stack trace.
   */
  public static <T extends PipelineOptions> void runAndExit(
      String name, String[] args, Class<T> type, Function<T, PipelineResult> run) {
    runAndExit(name, args, type, run, options -> {});
  }

  /**
   * As above, and calls {@code onDone} in this process when the pipeline is DONE (to print its
   * results).
   */
  public static <T extends PipelineOptions> void runAndExit(
      String name,
      String[] args,
      Class<T> type,
      Function<T, PipelineResult> run,
      Consumer<T> onDone) {
    PipelineOptionsFactory.register(type);
    T options = PipelineOptionsFactory.fromArgs(args).withValidation().as(type);
    try {
      PipelineResult result = run.apply(options);
      PipelineResult.State state;
      try (PrometheusEndpoint metrics =
          options instanceof MetricsOptions m
              ? PrometheusEndpoint.startIfEnabled(m, result)
              : null) {
        state = result.waitUntilFinish();
      }
      System.err.println("[" + name + "] finished: " + state);
      if (state == PipelineResult.State.DONE) {
        onDone.accept(options);
      }
      System.exit(state == PipelineResult.State.DONE ? 0 : 1);
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Fails with a clear message unless {@code pattern} matches at least one file; returns how many.
   */
  public static int requireParquetFiles(String pattern) {
    try {
      MatchResult match = FileSystems.match(pattern);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        throw new IllegalStateException(
            "no Parquet files match " + pattern + " (status " + match.status() + ")");
      }
      return match.metadata().size();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + pattern + ": " + e.getMessage(), e);
    }
  }
}
