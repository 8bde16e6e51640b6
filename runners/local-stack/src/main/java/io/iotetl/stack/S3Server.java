package io.iotetl.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A real S3-compatible server: S3Proxy with its filesystem backend, in a child JVM on 127.0.0.1,
 * with AWS signature v2/v4 authentication against the given credentials.
 */
final class S3Server implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private final Path blobDir;
  private final int port;
  private final ChildJvm process;

  private S3Server(Path blobDir, int port, ChildJvm process) {
    this.blobDir = blobDir;
    this.port = port;
    this.process = process;
  }

  static S3Server start(Path dir, int requestedPort, String accessKey, String secretKey) {
    int port = Ports.freeOr(requestedPort);
    Path blobDir = dir.resolve("blobs");
    Path config = dir.resolve("s3proxy.properties");
    String properties =
        "s3proxy.endpoint=http://127.0.0.1:"
            + port
            + "\n"
            + "s3proxy.authorization=aws-v2-or-v4\n"
            + "s3proxy.identity="
            + accessKey
            + "\n"
            + "s3proxy.credential="
            + secretKey
            + "\n"
            + "s3proxy.ignore-unknown-headers=true\n"
            + "jclouds.provider=filesystem\n"
            + "jclouds.filesystem.basedir="
            + blobDir
            + "\n";
    try {
      Files.createDirectories(blobDir);
      Files.writeString(config, properties, StandardCharsets.UTF_8);
      restrictToOwner(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the S3 server under " + dir, e);
    }
    ChildJvm process =
        ChildJvm.start(
            "s3proxy",
            ServerClassPaths.s3Proxy(),
            List.of("-Xms64m", "-Xmx512m"),
            "org.gaul.s3proxy.Main",
            List.of("--properties", config.toString()),
            dir.resolve("logs").resolve("s3proxy.out"));
    S3Server server = new S3Server(blobDir, port, process);
    try {
      server.awaitReady();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  String endpoint() {
    return "http://" + Ports.LOOPBACK + ":" + port;
  }

  int port() {
    return port;
  }

  /**
   * Creates the bucket if it does not exist. With the filesystem backend a bucket is a top-level
   * directory of the blob store, so creating it is idempotent and needs no request signing.
   */
  void createBucket(String bucket) {
    if (!BUCKET_NAME.matcher(bucket).matches()) {
      throw new IllegalArgumentException("not a valid S3 bucket name: " + bucket);
    }
    try {
      Files.createDirectories(blobDir.resolve(bucket));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create bucket " + bucket, e);
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe =
        HttpRequest.newBuilder(URI.create(endpoint() + "/"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3 server exited during startup" + process.logTail());
      }
      try {
        // Any S3 answer counts: an unsigned request gets 403 AccessDenied from a live server.
        int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 403) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the S3 server", e);
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "S3 server did not answer within " + STARTUP_TIMEOUT + process.logTail());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the S3 server", e);
      }
    }
  }

  static void restrictToOwner(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: keep the platform default.
    }
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "S3 " + endpoint() + " [" + process + ", blobs " + blobDir + "]";
  }
}
