package io.iotetl.pipelines.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.iotetl.pipelines.transforms.FlushWindows;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each pane of each destination becomes whole files under final, repeatable names. */
class WritePaneFilesTest {

  private static final KvCoder<String, String> ROW_CODER =
      KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  @Test
  void rowsAreSplitIntoShardsTheSameWayOnEveryRun(@TempDir Path first, @TempDir Path second)
      throws IOException {
    List<KV<String, String>> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(KV.of(i % 2 == 0 ? "Day=Even" : "day=odd", "Row-" + i + " ä,\"q\""));
    }
    writeOnce(rows, first);
    writeOnce(rows, second);

    Map<String, List<String>> files = readAll(first);
    assertThat(
        files.keySet(),
        containsInAnyOrder(
            "Day=Even/rows-r1-pane-0-shard-0-of-3.txt",
            "Day=Even/rows-r1-pane-0-shard-1-of-3.txt",
            "Day=Even/rows-r1-pane-0-shard-2-of-3.txt",
            "day=odd/rows-r1-pane-0-shard-0-of-3.txt",
            "day=odd/rows-r1-pane-0-shard-1-of-3.txt",
            "day=odd/rows-r1-pane-0-shard-2-of-3.txt"));
    List<String> everyLine = files.values().stream().flatMap(List::stream).toList();
    assertThat(everyLine, containsInAnyOrder(rows.stream().map(KV::getValue).toArray()));
    files.forEach(
        (name, lines) ->
            assertThat(
                name + " differs between runs",
                sorted(readAll(second).get(name)),
                equalTo(sorted(lines))));
  }

  @Test
  void eachFiringOfTheFlushWritesItsOwnPaneFile(@TempDir Path root) throws IOException {
    Instant start = new Instant(0);
    TestStream<KV<String, String>> rows =
        TestStream.create(ROW_CODER)
            .advanceWatermarkTo(start)
            .addElements(
                TimestampedValue.of(KV.of("d", "a"), start),
                TimestampedValue.of(KV.of("d", "b"), start))
            .advanceProcessingTime(Duration.standardSeconds(11))
            .addElements(TimestampedValue.of(KV.of("d", "c"), start))
            .advanceProcessingTime(Duration.standardSeconds(11))
            .advanceWatermarkToInfinity();
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply("CreateRows", rows)
        .apply("FlushEveryTenSeconds", FlushWindows.<KV<String, String>>every(tenSeconds()))
        .apply("WriteRows", textFiles(root.toString()));
    pipeline.run().waitUntilFinish();

    Map<String, List<String>> files = readAll(root);
    assertThat(files.get("d/rows-r1-pane-0-shard-0-of-1.txt"), containsInAnyOrder("a", "b"));
    assertThat(files.get("d/rows-r1-pane-1-shard-0-of-1.txt"), containsInAnyOrder("c"));
    assertThat(files.toString(), files.keySet(), hasSize(2));
  }

  @Test
  void aFailedWriteLeavesNoFileUnderAFinalName(@TempDir Path root) throws IOException {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply("CreateRows", Create.of(KV.of("d", "ok"), KV.of("d", "boom")).withCoder(ROW_CODER))
        .apply(
            "WriteRows",
            WritePaneFiles.<String, String>to(
                root.toString(),
                dest -> PaneFileNaming.perRun(dest + "/rows", ".txt", "r1"),
                dest -> new FailingSink()));
    assertThrows(RuntimeException.class, () -> pipeline.run().waitUntilFinish());

    assertThat(readAll(root).keySet(), empty());
  }

  private static void writeOnce(List<KV<String, String>> rows, Path root) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline
        .apply("CreateRows", Create.of(rows).withCoder(ROW_CODER))
        .apply("WriteRows", textFiles(root.toString()).withNumShards(3));
    pipeline.run().waitUntilFinish();
  }

  private static WritePaneFiles<String, String> textFiles(String root) {
    return WritePaneFiles.<String, String>to(
        root, dest -> PaneFileNaming.perRun(dest + "/rows", ".txt", "r1"), dest -> TextIO.sink());
  }

  private static Duration tenSeconds() {
    return Duration.standardSeconds(10);
  }

  /** Every visible file (hidden temporary folders left out) and its lines. */
  private static Map<String, List<String>> readAll(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      Map<String, List<String>> files = new TreeMap<>();
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(file).toString();
        if (!name.contains(WritePaneFiles.TEMP_FOLDER) && !name.endsWith(".crc")) {
          files.put(name, Files.readAllLines(file, StandardCharsets.UTF_8));
        }
      }
      return files;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  /** Writes rows as lines, and fails on the row {@code boom}. */
  static final class FailingSink implements FileIO.Sink<String> {
    private transient Writer lines;

    @Override
    public void open(WritableByteChannel channel) {
      lines = new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8);
    }

    @Override
    public void write(String row) throws IOException {
      if (row.equals("boom")) {
        throw new IOException("cannot write " + row);
      }
      lines.write(row + "\n");
    }

    @Override
    public void flush() throws IOException {
      lines.flush();
    }
  }
}
