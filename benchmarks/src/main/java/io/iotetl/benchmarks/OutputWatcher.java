package io.iotetl.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Watches a prefix of the S3 store for new Parquet files and remembers, for every row, when its
 * file first became visible (to the poll interval): the "arrived in Parquet" time of latency
 * figures. Files in progress ({@code .temp-beam}, {@code _temporary}) and Spark's {@code
 * _spark_metadata} are skipped.
 */
final class OutputWatcher implements AutoCloseable {

  /** One row and when its file was first listed. */
  record SeenRow(GenericRecord row, long seenMillis) {}

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final Path scratch;
  private final Set<String> seenKeys = new HashSet<>();
  private final List<SeenRow> rows = new ArrayList<>();
  private final Set<String> eventIds = new HashSet<>();
  private long lastListedMillis;

  /** Watches {@code prefix} in {@code bucket} through {@code s3}, which it closes. */
  OutputWatcher(S3Client s3, String bucket, String prefix, Path scratch) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
    this.scratch = scratch;
  }

  /**
   * Lists the prefix once and reads the rows of every file not seen before, each row stamped with
   * the time of that listing; returns how many rows were new.
   */
  int poll() {
    List<String> fresh = new ArrayList<>();
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      String key = object.key();
      if (key.endsWith(".parquet")
          && !key.contains(".temp-beam")
          && !key.contains("_temporary")
          && !key.contains("_spark_metadata")
          && seenKeys.add(key)) {
        fresh.add(key);
      }
    }
    lastListedMillis = System.currentTimeMillis();
    int added = 0;
    for (String key : fresh) {
      added += read(key, lastListedMillis);
    }
    return added;
  }

  /**
   * When the last {@link #poll} had listed the files: every row it read was in the store by then,
   * however long reading them took.
   */
  long lastListedMillis() {
    return lastListedMillis;
  }

  private int read(String key, long seenMillis) {
    try {
      Path local = Files.createTempFile(scratch, "part", ".parquet");
      try {
        Files.write(local, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        int count = 0;
        try (ParquetReader<GenericRecord> reader =
            AvroParquetReader.<GenericRecord>builder(new LocalInputFile(local)).build()) {
          for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
            rows.add(new SeenRow(row, seenMillis));
            if (row.getSchema().getField("event_id") != null) {
              eventIds.add(row.get("event_id").toString());
            }
            count++;
          }
        }
        return count;
      } finally {
        Files.delete(local);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
    }
  }

  List<SeenRow> rows() {
    return rows;
  }

  /**
   * Distinct {@code event_id}s among the rows seen so far (kept as files are read, not recounted
   * per poll).
   */
  int distinctEvents() {
    return eventIds.size();
  }

  /** First-seen time per distinct value of {@code field} (the earliest file holding it). */
  Map<String, SeenRow> firstByField(String field) {
    Map<String, SeenRow> first = new HashMap<>();
    rows.forEach(
        r ->
            first.merge(
                r.row().get(field).toString(),
                r,
                (a, b) -> a.seenMillis() <= b.seenMillis() ? a : b));
    return first;
  }

  @Override
  public void close() {
    s3.close();
  }
}
