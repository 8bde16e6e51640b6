package io.iotetl.quickstart;

import org.apache.beam.runners.spark.io.MicrobatchSource;
import org.apache.beam.runners.spark.metrics.MetricsAccumulator;
import org.apache.beam.runners.spark.util.GlobalWatermarkHolder;

/**
 * What the Spark runner keeps in static holders across jobs of one JVM: the last job's watermarks,
 * metrics and cached readers. A test that runs another job in the same JVM clears them first, as
 * Beam's own {@code TestSparkRunner} does; a real job is a new process.
 */
final class SparkRunnerStatics {

  private SparkRunnerStatics() {}

  static void clear() {
    GlobalWatermarkHolder.clear();
    MetricsAccumulator.clear();
    MicrobatchSource.clearCache();
  }
}
