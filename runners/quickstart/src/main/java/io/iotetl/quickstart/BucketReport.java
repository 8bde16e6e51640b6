package io.iotetl.quickstart;

import io.iotetl.stack.LocalStack;
import io.iotetl.stack.StackS3Client;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the quickstart shows of the bucket: a listing summarised per folder, and the p95 CSV copied
 * out.
 */
final class BucketReport implements AutoCloseable {

  private final S3Client s3;
  private final String bucket;

  BucketReport(LocalStack stack) {
    this.s3 = StackS3Client.of(stack);
    this.bucket = stack.bucket();
  }

  /** Prints every object (up to {@code maxLines}) and a per-folder summary. */
  void printListing(PrintStream out, int maxLines) {
    Map<String, long[]> perFolder = new TreeMap<>();
    int printed = 0;
    out.println("\nObjects in s3://" + bucket + "/:");
    for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      String key = object.key();
      String folder = key.contains("/") ? key.substring(0, key.indexOf('/')) : "(root)";
      long[] stats = perFolder.computeIfAbsent(folder, f -> new long[2]);
      stats[0]++;
      stats[1] += object.size();
      if (printed++ < maxLines) {
        out.printf("  %10d  %s%n", object.size(), key);
      }
    }
    if (printed > maxLines) {
      out.printf("  ... %d more%n", printed - maxLines);
    }
    out.println("Per folder:");
    perFolder.forEach(
        (folder, stats) ->
            out.printf("  %-14s %6d objects %12d bytes%n", folder, stats[0], stats[1]));
  }

  /** Number of lines in all objects under {@code prefix} (dead letters are JSON lines). */
  long countLines(String prefix) {
    long lines = 0;
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      lines +=
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key()))
              .asUtf8String()
              .lines()
              .filter(l -> !l.isBlank())
              .count();
    }
    return lines;
  }

  /** What the bucket holds: object count, bytes, and Beam temporary files (writes in progress). */
  record Snapshot(long objects, long bytes, long temporary) {}

  Snapshot snapshot() {
    long objects = 0;
    long bytes = 0;
    long temporary = 0;
    for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      objects++;
      bytes += object.size();
      if (object.key().contains(".temp-beam")) {
        temporary++;
      }
    }
    return new Snapshot(objects, bytes, temporary);
  }

  /**
   * Copies every output object (temporary files left out) under {@code dir}, keeping the keys as
   * paths.
   */
  long downloadAll(Path dir) throws IOException {
    long copied = 0;
    for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      if (!object.key().contains(".temp-beam")) {
        download(object.key(), dir.resolve(object.key()));
        copied++;
      }
    }
    return copied;
  }

  /** Copies one object to a local file. */
  void download(String key, Path target) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.write(target, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
  }

  @Override
  public void close() {
    s3.close();
  }
}
