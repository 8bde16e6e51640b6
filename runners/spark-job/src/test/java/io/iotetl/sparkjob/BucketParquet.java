package io.iotetl.sparkjob;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Reads the Parquet rows a job wrote under a prefix of the bucket, as a user's reader would see them. */
final class BucketParquet implements AutoCloseable {

  private final S3Client s3;
  private final String bucket;
  private final Path scratch;

  BucketParquet(String endpoint, String region, String accessKey, String secretKey, String bucket, Path scratch) {
    this.s3 = S3Client.builder().endpointOverride(URI.create(endpoint)).forcePathStyle(true).region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
    this.bucket = bucket;
    this.scratch = scratch;
  }

  /** Keys under {@code prefix}, Beam's in-progress temp files ({@code .temp-beam}) left out. */
  List<String> keys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key).filter(key -> !key.contains(".temp-beam")).toList();
  }

  /** Keys under {@code prefix} including anything else, e.g. temp files. */
  List<String> allKeys(String prefix) {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
  }

  /** Every row of every {@code .parquet} object under {@code prefix}. */
  List<GenericRecord> rows(String prefix) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    for (String key : keys(prefix)) {
      if (!key.endsWith(".parquet")) {
        continue;
      }
      Path file = Files.createTempFile(scratch, "part", ".parquet");
      Files.write(file, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
      try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file)).build()) {
        for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
          rows.add(row);
        }
      } finally {
        Files.delete(file);
      }
    }
    return rows;
  }

  @Override
  public void close() {
    s3.close();
  }
}
