package io.iotetl.pipelines.testing;

import io.iotetl.stack.LocalStack;
import io.iotetl.stack.StackS3Client;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads what a pipeline wrote to the local S3 server: object keys, Parquet rows, text lines. Shared
 * by the tests of several modules (the pipelines test-jar).
 */
public final class BucketReader implements AutoCloseable {

  private final S3Client s3;
  private final String bucket;
  private final Path scratch;

  public BucketReader(LocalStack stack, Path scratch) {
    this.s3 = StackS3Client.of(stack);
    this.bucket = stack.bucket();
    this.scratch = scratch;
  }

  /** Keys under {@code prefix}, Beam's in-progress temp files ({@code .temp-beam}) left out. */
  public List<String> keys(String prefix) {
    return allKeys(prefix).stream().filter(key -> !key.contains(".temp-beam")).toList();
  }

  /** Every key under {@code prefix}, temp files included. */
  public List<String> allKeys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  /** Every row of every {@code .parquet} object under {@code prefix}. */
  public List<GenericRecord> parquetRows(String prefix) {
    List<GenericRecord> rows = new ArrayList<>();
    for (String key : keys(prefix)) {
      if (!key.endsWith(".parquet")) {
        continue;
      }
      try {
        Path local = Files.createTempFile(scratch, "part", ".parquet");
        Files.write(local, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        try (ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(new LocalInputFile(local)).build()) {
          for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
            rows.add(row);
          }
        } finally {
          Files.delete(local);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + key, e);
      }
    }
    return rows;
  }

  /** Every non-blank line of every object under {@code prefix}. */
  public List<String> textLines(String prefix) {
    List<String> lines = new ArrayList<>();
    for (String key : keys(prefix)) {
      String text =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
      text.lines().filter(l -> !l.isBlank()).forEach(lines::add);
    }
    return lines;
  }

  /** The distinct {@code event_id}s of {@code rows}. */
  public static Set<String> eventIds(List<GenericRecord> rows) {
    Set<String> ids = new HashSet<>();
    rows.forEach(row -> ids.add(row.get("event_id").toString()));
    return ids;
  }

  @Override
  public void close() {
    s3.close();
  }
}
