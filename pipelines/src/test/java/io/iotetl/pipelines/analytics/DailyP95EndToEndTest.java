package io.iotetl.pipelines.analytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.iotetl.pipelines.io.WriteEventsParquet;
import io.iotetl.pipelines.model.DailyP95Row;
import io.iotetl.pipelines.model.IotEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole batch job (raw Parquet in, CSV and Parquet out) on both runners and both modes. */
class DailyP95EndToEndTest {

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({
    "DirectRunner, EXACT",
    "SparkRunner, EXACT",
    "DirectRunner, SKETCH",
    "SparkRunner, SKETCH"
  })
  void reportFromRawParquetMatchesTheDefinition(String runner, String mode, @TempDir Path dir)
      throws IOException {
    P95TestData data = P95TestData.edgeCases();
    writeRawEvents(data.events, dir);

    DailyP95Options options =
        PipelineOptionsFactory.fromArgs(
                "--runner=" + runner,
                "--sparkMaster=local[2]",
                "--mode=" + mode,
                "--outputRoot=" + dir)
            .as(DailyP95Options.class);
    assertThat(DailyP95.run(options).waitUntilFinish(), is(PipelineResult.State.DONE));

    Path report = dir.resolve("analytics/p95_event_duration");
    List<String> csv = Files.readAllLines(report.resolve("p95_event_duration.csv"));
    List<String> expected = new ArrayList<>();
    expected.add(DailyP95Row.CSV_HEADER);
    expected.addAll(StraightforwardP95.csvRows(data.tuples, 500)); // sorted by date, then type
    if (mode.equals("EXACT")) {
      assertThat(csv, equalTo(expected));
    } else {
      assertThat(csv.size(), is(expected.size()));
      for (int i = 1; i < csv.size(); i++) {
        String[] got = csv.get(i).split(",");
        String[] want = expected.get(i).split(",");
        assertThat(got[0] + got[1] + got[3], equalTo(want[0] + want[1] + want[3]));
      }
    }

    List<String> parquet = new ArrayList<>();
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(
                new LocalInputFile(report.resolve("p95_event_duration.parquet")))
            .build()) {
      for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
        parquet.add(
            r.get("event_date")
                + ","
                + r.get("device_type")
                + ","
                + r.get("p95_event_duration")
                + ","
                + r.get("events_per_day")
                + ","
                + r.get("events_after_filter"));
      }
    }
    assertThat(parquet, equalTo(csv.subList(1, csv.size())));
  }

  private static void writeRawEvents(List<IotEvent> events, Path dir) {
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    pipeline
        .apply(Create.of(events))
        .apply(
            WriteEventsParquet.to(dir.resolve("raw_events").toString())
                .withFilePrefix("raw-events"));
    pipeline.run().waitUntilFinish();
  }
}
