package io.iotetl.pipelines.validation;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iotetl.pipelines.io.WriteEventsParquet;
import io.iotetl.pipelines.model.IotEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateOutputsTest {

  @Test
  void emptyFolderFailsWithAClearMessageBeforeRunning(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("raw_events"));
    ValidateOutputsOptions options =
        PipelineOptionsFactory.fromArgs("--outputRoot=" + dir, "--paths=raw_events")
            .as(ValidateOutputsOptions.class);
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> ValidateOutputs.run(options));
    assertThat(
        error.getMessage(),
        containsString("no Parquet files match " + dir + "/raw_events/**.parquet"));
  }

  @Test
  void launcherPrintsTheReportWithRowCountSchemaRepeatedKeysAndSampleRows(@TempDir Path dir) {
    List<IotEvent> events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(
          new IotEvent(
              "id-" + i, "dev-" + i, "sensor_temp", 1_767_225_600_000L + i * 1000L, 10 + i, i));
    }
    Pipeline write =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    write
        .apply(Create.of(events))
        .apply(WriteEventsParquet.to(dir.resolve("raw_events").toString()));
    write.run().waitUntilFinish();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      ValidateOutputsOptions options =
          PipelineOptionsFactory.fromArgs(
                  "--outputRoot=" + dir, "--paths=raw_events", "--sampleRows=2")
              .as(ValidateOutputsOptions.class);
      assertThat(ValidateOutputs.run(options).waitUntilFinish(), is(PipelineResult.State.DONE));
      assertThat("nothing printed from inside the pipeline", out.size(), is(0));
      ValidateOutputs.printReports(options);
    } finally {
      System.setOut(original);
    }
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report, containsString("== raw_events =="));
    assertThat(report, containsString("rows: 20"));
    assertThat(report, containsString("\"name\":\"raw_event_row\""));
    assertThat(report, containsString("keys [event_id] appearing more than once: 0"));
    assertThat(report.lines().filter(l -> l.startsWith("  {\"event_id\"")).count(), is(2L));
  }
}
