package io.iotetl.pipelines.streaming;

import io.iotetl.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

/** Reads what the pipeline wrote to the local S3 server: object keys, Parquet rows, text lines. */
final class BucketReader implements AutoCloseable {

  private final S3Client s3;
  private final String bucket;
  private final Path scratch;

  BucketReader(LocalStack stack, Path scratch) {
    this.s3 = S3Client.builder()
        .endpointOverride(URI.create(stack.s3Endpoint()))
        .forcePathStyle(true)
        .region(Region.of(stack.region()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.accessKey(), stack.secretKey())))
        .build();
    this.bucket = stack.bucket();
    this.scratch = scratch;
  }

  List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
    return keys;
  }

  List<GenericRecord> parquetRows(String prefix) {
    List<GenericRecord> rows = new ArrayList<>();
    for (String key : keys(prefix)) {
      if (!key.endsWith(".parquet")) {
        continue;
      }
      Path local = scratch.resolve(key.replace('/', '_').replace('=', '_'));
      try {
        Files.write(local, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(local)).build()) {
          for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
            rows.add(row);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + key, e);
      }
    }
    return rows;
  }

  List<String> textLines(String prefix) {
    List<String> lines = new ArrayList<>();
    for (String key : keys(prefix)) {
      String text = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
      text.lines().filter(l -> !l.isBlank()).forEach(lines::add);
    }
    return lines;
  }

  @Override
  public void close() {
    s3.close();
  }
}
