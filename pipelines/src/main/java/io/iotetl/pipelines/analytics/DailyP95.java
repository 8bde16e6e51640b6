package io.iotetl.pipelines.analytics;

import io.iotetl.pipelines.io.S3Buckets;
import io.iotetl.pipelines.launch.PipelineLauncher;
import io.iotetl.pipelines.model.EventDuration;
import io.iotetl.pipelines.model.ParquetRecords;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.parquet.avro.AvroReadSupport;

/**
 * Bounded pipeline over {@code raw_events/} Parquet: per device type per UTC day, the 95th
 * percentile of {@code event_duration} excluding outliers beyond 3 sample standard deviations of
 * that day's mean, for groups with at least 500 distinct events (see {@link ExactP95} for the exact
 * definitions and {@link SketchP95Fn} for sketch mode and its error bound). Writes {@code
 * p95_event_duration.csv} and {@code .parquet} under {@code analytics/p95_event_duration/} and
 * prints the table.
 *
 * <pre>
 * mvn -pl pipelines exec:java -Dexec.mainClass=io.iotetl.pipelines.analytics.DailyP95 \
 *   -Dexec.args="--runner=SparkRunner --mode=EXACT --endpoint=http://127.0.0.1:9000 --s3PathStyleAccess=true"
 * </pre>
 */
public final class DailyP95 {

  private DailyP95() {}

  public static void main(String[] args) {
    PipelineLauncher.runAndExit(
        "daily-p95", args, DailyP95Options.class, DailyP95::run, DailyP95::printReport);
  }

  public static PipelineResult run(DailyP95Options options) {
    S3Buckets.prepare(options);
    FileSystems.setDefaultPipelineOptions(options);
    String root = S3Buckets.outputRoot(options);
    String input =
        options.getInputPattern().isEmpty()
            ? root + "/raw_events/**.parquet"
            : options.getInputPattern();
    String output = reportDir(options);
    PipelineLauncher.requireParquetFiles(input);
    System.err.printf(
        "[daily-p95] %s mode, min %d events/day: %s -> %s%n",
        options.getMode(), options.getMinEventsPerDay(), input, output);

    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply(
            "ReadEventDurations",
            ParquetIO.parseGenericRecords(new ParquetRecords.RecordToEventDuration())
                .withConfiguration(
                    Map.of(
                        AvroReadSupport.AVRO_REQUESTED_PROJECTION,
                        ParquetRecords.RAW_EVENT_DURATION.toString()))
                .withCoder(EventDuration.Coder.of())
                .from(input))
        .apply(
            "ComputeDailyP95",
            ComputeDailyP95.of(options.getMode())
                .withMinEventsPerDay(options.getMinEventsPerDay())
                .withSketchK(options.getSketchK())
                .withDeduplicationBuckets(options.getDeduplicationBuckets()))
        .apply("WriteP95Report", WriteP95Report.to(output));
    return pipeline.run();
  }

  /**
   * Where the report goes: {@code --reportOutput}, by default {@code
   * <root>/analytics/p95_event_duration}.
   */
  static String reportDir(DailyP95Options options) {
    String output =
        options.getReportOutput().isEmpty()
            ? S3Buckets.outputRoot(options) + "/analytics/p95_event_duration"
            : options.getReportOutput();
    return output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
  }

  /**
   * Prints the written report as a table (call from the launching process once the job is done).
   */
  public static void printReport(DailyP95Options options) {
    FileSystems.setDefaultPipelineOptions(options);
    P95ReportTable.print(reportDir(options) + "/p95_event_duration.csv", System.out);
  }
}
