package io.iotetl.pipelines.analytics;

import io.iotetl.pipelines.model.DailyP95Row;
import io.iotetl.pipelines.model.ParquetRecords;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Writes the report sorted by date then device type, as one CSV file with a header ({@code
 * <dir>/p95_event_duration.csv}) and one Parquet file ({@code <dir>/p95_event_duration.parquet}),
 * and prints it as a table on standard output.
 */
public final class WriteP95Report extends PTransform<PCollection<DailyP95Row>, PDone> {

  private final String outputDir;

  private WriteP95Report(String outputDir) {
    this.outputDir = outputDir;
  }

  public static WriteP95Report to(String outputDir) {
    return new WriteP95Report(
        outputDir.endsWith("/") ? outputDir.substring(0, outputDir.length() - 1) : outputDir);
  }

  @Override
  public PDone expand(PCollection<DailyP95Row> rows) {
    PCollection<List<DailyP95Row>> sorted =
        rows.apply("CollectSortedRows", Combine.globally(new ToSortedListFn()))
            .setCoder(ListCoder.of(DailyP95Row.Coder.of()));
    sorted
        .apply("FormatCsv", ParDo.of(new CsvBodyFn()))
        .apply(
            "WriteCsvFile",
            TextIO.write()
                .to(outputDir + "/p95_event_duration")
                .withSuffix(".csv")
                .withoutSharding()
                .withHeader(DailyP95Row.CSV_HEADER));
    sorted.apply(
        "WriteParquetFile",
        FileIO.<List<DailyP95Row>>write()
            .via(new SortedRowsParquetSink())
            .to(outputDir)
            .withNaming(new FixedName("p95_event_duration.parquet"))
            .withNumShards(1));
    return PDone.in(rows.getPipeline());
  }

  /** All rows (a few per day) as one sorted list; an empty input gives an empty list. */
  static final class ToSortedListFn
      extends Combine.CombineFn<DailyP95Row, List<DailyP95Row>, List<DailyP95Row>> {
    @Override
    public List<DailyP95Row> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<DailyP95Row> addInput(List<DailyP95Row> rows, DailyP95Row row) {
      rows.add(row);
      return rows;
    }

    @Override
    public List<DailyP95Row> mergeAccumulators(Iterable<List<DailyP95Row>> lists) {
      List<DailyP95Row> merged = new ArrayList<>();
      lists.forEach(merged::addAll);
      return merged;
    }

    @Override
    public List<DailyP95Row> extractOutput(List<DailyP95Row> rows) {
      List<DailyP95Row> sorted = new ArrayList<>(rows);
      Collections.sort(sorted);
      return sorted;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<List<DailyP95Row>> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<DailyP95Row> inputCoder) {
      return ListCoder.of(DailyP95Row.Coder.of());
    }
  }

  /** The whole CSV body as one element, so one file keeps the order. */
  static final class CsvBodyFn extends DoFn<List<DailyP95Row>, String> {
    @ProcessElement
    public void processElement(@Element List<DailyP95Row> rows, OutputReceiver<String> out) {
      if (!rows.isEmpty()) {
        out.output(String.join("\n", rows.stream().map(DailyP95Row::toCsv).toList()));
      }
    }
  }

  /** Writes the sorted list as Parquet rows, in order. */
  static final class SortedRowsParquetSink implements FileIO.Sink<List<DailyP95Row>> {
    private transient FileIO.Sink<GenericRecord> parquet;

    @Override
    public void open(WritableByteChannel channel) throws IOException {
      parquet = ParquetIO.sink(ParquetRecords.DAILY_P95);
      parquet.open(channel);
    }

    @Override
    public void write(List<DailyP95Row> rows) throws IOException {
      for (DailyP95Row row : rows) {
        parquet.write(ParquetRecords.p95RowToRecord(row));
      }
    }

    @Override
    public void flush() throws IOException {
      parquet.flush();
    }
  }

  static final class FixedName implements FileIO.Write.FileNaming {
    private final String name;

    FixedName(String name) {
      this.name = name;
    }

    @Override
    public String getFilename(
        BoundedWindow window,
        PaneInfo pane,
        int numShards,
        int shardIndex,
        Compression compression) {
      return name;
    }
  }
}
