package io.iotetl.pipelines.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotetl.pipelines.model.DeadLetter;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.model.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw events, late events and dead letters written through the one shared file write come back,
 * read by Parquet's and Jackson's own readers, exactly as given, each in its own folder and
 * partition.
 */
class WriteFlushedOutputsTest {

  private static final long DAY_1 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  @Test
  void eachOutputLandsInItsOwnFolderAndPartitionUnchanged(@TempDir Path root) throws IOException {
    List<IotEvent> raw = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // two UTC days, ids and types with capitals and punctuation
      raw.add(
          new IotEvent(
              "Id-" + i + "/ä",
              "Dev.#" + i,
              "Sensor_Temp:" + (i % 3),
              DAY_1 + i * 3_600_000L,
              i,
              -i));
    }
    List<IotEvent> late = List.of(new IotEvent("late-1", "d", "t", DAY_1 - 1, 1.5, 2.5));
    List<DeadLetter> letters =
        List.of(
            new DeadLetter(
                "{not json", RejectReason.MALFORMED_JSON, "detail, \"quoted\"", "topic", 3, 42L),
            new DeadLetter(null, RejectReason.MISSING_FIELD, "no value", "topic", 0, 7L));

    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    PCollectionTuple.of(WriteFlushedOutputs.RAW_EVENTS, pipeline.apply("CreateRaw", Create.of(raw)))
        .and(WriteFlushedOutputs.LATE_EVENTS, pipeline.apply("CreateLate", Create.of(late)))
        .and(WriteFlushedOutputs.DEAD_LETTERS, pipeline.apply("CreateLetters", Create.of(letters)))
        .apply("WriteFlushedOutputs", WriteFlushedOutputs.to(root.toString()).withRunId("r1"));
    pipeline.run().waitUntilFinish();

    assertThat(
        relativeFiles(root),
        containsInAnyOrder(
            "raw_events/event_date=2026-01-01/raw-events-r1-pane-0-shard-0-of-1.parquet",
            "raw_events/event_date=2026-01-02/raw-events-r1-pane-0-shard-0-of-1.parquet",
            "late_events/event_date=2025-12-31/late-events-r1-pane-0-shard-0-of-1.parquet",
            "dead_letter/dead-letters-r1-pane-0-shard-0-of-1.jsonl"));
    assertThat(readEvents(root.resolve("raw_events")), containsInAnyOrder(raw.toArray()));
    assertThat(readEvents(root.resolve("late_events")), containsInAnyOrder(late.toArray()));

    List<String> lines =
        Files.readAllLines(
            root.resolve("dead_letter/dead-letters-r1-pane-0-shard-0-of-1.jsonl"),
            StandardCharsets.UTF_8);
    List<DeadLetter> readBack = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode node = json.readTree(line);
      readBack.add(
          new DeadLetter(
              node.get("payload").isNull() ? null : node.get("payload").asText(),
              RejectReason.valueOf(node.get("reason").asText()),
              node.get("detail").asText(),
              node.get("topic").asText(),
              node.get("partition").asInt(),
              node.get("offset").asLong()));
    }
    assertThat(readBack, containsInAnyOrder(letters.toArray()));
  }

  private static List<String> relativeFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .filter(p -> !p.endsWith(".crc"))
          .toList();
    }
  }

  private static List<IotEvent> readEvents(Path folder) throws IOException {
    List<IotEvent> events = new ArrayList<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        try (ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(
                    HadoopInputFile.fromPath(
                        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))
                .build()) {
          for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
            events.add(
                new IotEvent(
                    r.get("event_id").toString(),
                    r.get("device_id").toString(),
                    r.get("device_type").toString(),
                    (Long) r.get("event_timestamp"),
                    (Double) r.get("event_duration"),
                    (Double) r.get("value")));
          }
        }
      }
    }
    return events;
  }
}
