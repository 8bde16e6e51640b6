package io.iotetl.pipelines.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Distinct;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Sample;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Reads every Parquet file matching a pattern with the schema stored in the files themselves, and
 * produces one text report: row count, distinct schemas, rows sharing a key (when key fields are
 * given), and a sample of rows.
 */
final class DescribeParquetRows extends PTransform<PBegin, PCollection<String>> {

  private final String label;
  private final String filePattern;
  private final int sampleRows;
  private final List<String> keyFields;

  DescribeParquetRows(String label, String filePattern, int sampleRows, List<String> keyFields) {
    this.label = label;
    this.filePattern = filePattern;
    this.sampleRows = sampleRows;
    this.keyFields = List.copyOf(keyFields);
  }

  @Override
  public PCollection<String> expand(PBegin begin) {
    PCollection<String> rows =
        begin
            .apply("MatchParquetFiles", FileIO.match().filepattern(filePattern))
            .apply("OpenParquetFiles", FileIO.readMatches())
            .apply(
                "ReadWithFileSchema",
                ParquetIO.parseFilesGenericRecords(new SchemaKeyAndRow(keyFields))
                    .withCoder(StringUtf8Coder.of()));

    PCollection<String> count =
        rows.apply("CountRows", Count.globally())
            .apply(
                "FormatCount",
                MapElements.into(TypeDescriptors.strings()).via(n -> "1count\t" + n));
    PCollection<String> schemas =
        rows.apply(
                "TakeSchema",
                MapElements.into(TypeDescriptors.strings()).via(line -> line.split("\t", 3)[0]))
            .apply("DistinctSchemas", Distinct.create())
            .apply(
                "FormatSchema",
                MapElements.into(TypeDescriptors.strings()).via(s -> "2schema\t" + s));
    PCollection<String> duplicates =
        rows.apply(
                "TakeKey",
                MapElements.into(TypeDescriptors.strings()).via(line -> line.split("\t", 3)[1]))
            .apply("CountPerKey", Count.perElement())
            .apply("KeepRepeatedKeys", Filter.by(kv -> !kv.getKey().isEmpty() && kv.getValue() > 1))
            .apply("CountRepeatedKeys", Count.globally())
            .apply(
                "FormatRepeated",
                MapElements.into(TypeDescriptors.strings()).via(n -> "3repeated\t" + n));
    PCollection<String> sample =
        rows.apply("SampleRows", Sample.any(sampleRows))
            .apply(
                "FormatRow",
                MapElements.into(TypeDescriptors.strings())
                    .via(line -> "4row\t" + line.split("\t", 3)[2]));

    return PCollectionList.of(count)
        .and(schemas)
        .and(duplicates)
        .and(sample)
        .apply("MergeReportLines", Flatten.pCollections())
        .apply("KeyByFolder", WithKeys.of(label))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("CollectReport", GroupByKey.create())
        .apply("FormatReport", ParDo.of(new FormatReportFn(keyFields)));
  }

  /** {@code schema \t key \t row-as-JSON} for one record. */
  static final class SchemaKeyAndRow implements SerializableFunction<GenericRecord, String> {
    private final List<String> keyFields;

    SchemaKeyAndRow(List<String> keyFields) {
      this.keyFields = keyFields;
    }

    @Override
    public String apply(GenericRecord record) {
      StringBuilder key = new StringBuilder();
      for (String field : keyFields) {
        key.append(record.get(field)).append('|');
      }
      return record.getSchema().toString() + "\t" + key + "\t" + record;
    }
  }

  static final class FormatReportFn extends DoFn<KV<String, Iterable<String>>, String> {
    private final List<String> keyFields;

    FormatReportFn(List<String> keyFields) {
      this.keyFields = keyFields;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<String>> report, OutputReceiver<String> out) {
      List<String> lines = new ArrayList<>();
      report.getValue().forEach(lines::add);
      Collections.sort(lines);
      StringBuilder text = new StringBuilder("== " + report.getKey() + " ==\n");
      for (String line : lines) {
        String[] parts = line.split("\t", 2);
        switch (parts[0]) {
          case "1count" -> text.append("rows: ").append(parts[1]).append('\n');
          case "2schema" -> text.append("schema: ").append(parts[1]).append('\n');
          case "3repeated" -> {
            if (!keyFields.isEmpty()) {
              text.append("keys ")
                  .append(keyFields)
                  .append(" appearing more than once: ")
                  .append(parts[1])
                  .append('\n');
            }
          }
          default -> text.append("  ").append(parts[1]).append('\n');
        }
      }
      out.output(text.toString());
    }
  }
}
