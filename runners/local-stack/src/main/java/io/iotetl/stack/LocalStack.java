package io.iotetl.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The project's local infrastructure: a real Kafka broker and a real S3-compatible server, each in
 * its own child JVM on 127.0.0.1, with topic and bucket created.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder().dataDir(dir).partitions(4).start()) {
 *   producerProps.put("bootstrap.servers", stack.bootstrapServers());
 *   s3.endpointOverride(URI.create(stack.s3Endpoint()));
 * }
 * }</pre>
 *
 * <p>Credentials of the S3 server come from {@link Builder#credentials}, else from the environment
 * variables {@code LOCAL_STACK_ACCESS_KEY} and {@code LOCAL_STACK_SECRET_KEY}, else are generated
 * at random for this run. {@link #close()} stops both servers; they also stop by themselves if this
 * JVM dies (see {@link ParentWatchdog}).
 */
public final class LocalStack implements AutoCloseable {

  public static final String DEFAULT_TOPIC = "iot-events";
  public static final String DEFAULT_BUCKET = "streaming-output";
  public static final String REGION = "us-east-1";

  private final Builder config;
  private volatile KafkaBroker kafka;
  private volatile S3Server s3;
  private final Thread shutdownHook;

  private LocalStack(Builder config, KafkaBroker kafka, S3Server s3) {
    this.config = config;
    this.kafka = kafka;
    this.s3 = s3;
    this.shutdownHook = new Thread(this::stopServers, "local-stack-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static Builder builder() {
    return new Builder();
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String topic() {
    return config.topic;
  }

  public int partitions() {
    return config.partitions;
  }

  public String s3Endpoint() {
    return s3.endpoint();
  }

  public String bucket() {
    return config.bucket;
  }

  public String region() {
    return REGION;
  }

  public String accessKey() {
    return config.accessKey;
  }

  public String secretKey() {
    return config.secretKey;
  }

  /** The value of Beam's {@code --awsCredentialsProvider} for this stack's S3 server. */
  public String beamCredentialsProvider() {
    return "{\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\""
        + accessKey()
        + "\",\"secretAccessKey\":\""
        + secretKey()
        + "\"}";
  }

  /** The Beam arguments that point a pipeline's S3 filesystem at this stack's S3 server. */
  public List<String> beamS3Arguments() {
    return List.of(
        "--endpoint=" + s3Endpoint(),
        "--awsRegion=" + region(),
        "--s3PathStyleAccess=true",
        "--awsCredentialsProvider=" + beamCredentialsProvider());
  }

  /** {@code pipelineArgs} followed by {@link #beamS3Arguments()}. */
  public String[] withBeamS3Arguments(String... pipelineArgs) {
    List<String> all = new ArrayList<>(List.of(pipelineArgs));
    all.addAll(beamS3Arguments());
    return all.toArray(String[]::new);
  }

  public Path dataDir() {
    return config.dataDir;
  }

  /** Creates another topic on the broker, idempotently. */
  public void createTopic(String topic, int partitions) {
    kafka.createTopic(topic, partitions);
  }

  /**
   * Runs one of Kafka's own tools ({@code mainClass} from Kafka's jars, for example {@code
   * org.apache.kafka.tools.ProducerPerformance}, the class behind {@code kafka-producer-perf-test})
   * in a child JVM on the broker's class path, to completion. Returns the tool's output (stdout and
   * stderr); fails with its last lines on a non-zero exit or after {@code timeoutSeconds}.
   */
  public List<String> runKafkaTool(String mainClass, List<String> args, long timeoutSeconds) {
    Path log =
        config.dataDir.resolve("tools").resolve(mainClass + "-" + System.nanoTime() + ".out");
    ChildJvm.runToCompletion(
        mainClass,
        ServerClassPaths.kafkaBroker(),
        List.of("-Xms512m", "-Xmx1g"),
        mainClass,
        args,
        log,
        timeoutSeconds);
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /** Creates another bucket on the S3 server, idempotently. */
  public void createBucket(String bucket) {
    s3.createBucket(bucket);
  }

  /**
   * Stops the Kafka broker, as an outage would; its data stays, and {@link #startKafka()} brings it
   * back on the same port. For fault tests.
   */
  public synchronized void stopKafka() {
    kafka.close();
  }

  /**
   * Starts the broker again after {@link #stopKafka()}: same port, same data; returns once it
   * answers.
   */
  public synchronized void startKafka() {
    kafka = KafkaBroker.start(config.dataDir.resolve("kafka"), kafka.port());
  }

  /** Stops the S3 server, as an outage would; its objects stay. For fault tests. */
  public synchronized void stopS3() {
    s3.close();
  }

  /**
   * Starts the S3 server again after {@link #stopS3()}: same port, same objects, same credentials.
   */
  public synchronized void startS3() {
    s3 =
        S3Server.start(config.dataDir.resolve("s3"), s3.port(), config.accessKey, config.secretKey);
  }

  /** Connection settings as a shell snippet ({@code source}-able), with the AWS_* variables set. */
  public String environment() {
    return "export KAFKA_BOOTSTRAP_SERVERS="
        + bootstrapServers()
        + "\n"
        + "export KAFKA_TOPIC="
        + topic()
        + "\n"
        + "export S3_ENDPOINT="
        + s3Endpoint()
        + "\n"
        + "export S3_BUCKET="
        + bucket()
        + "\n"
        + "export AWS_REGION="
        + REGION
        + "\n"
        + "export AWS_ACCESS_KEY_ID="
        + accessKey()
        + "\n"
        + "export AWS_SECRET_ACCESS_KEY="
        + secretKey()
        + "\n";
  }

  /** Writes {@link #environment()} to {@code file}, readable by the owner only. */
  public void writeEnvironment(Path file) {
    // Written aside and moved into place: whoever waits for the file never reads half of it, and
    // the credentials are never readable by others, not even for a moment.
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.deleteIfExists(partial);
      Files.createFile(partial);
      S3Server.restrictToOwner(partial);
      Files.writeString(partial, environment(), StandardCharsets.UTF_8);
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook does the work.
    }
    stopServers();
  }

  private void stopServers() {
    kafka.close();
    s3.close();
  }

  @Override
  public String toString() {
    return "LocalStack[" + kafka + ", " + s3 + "]";
  }

  /** Settings of a local stack; every one has a default. */
  public static final class Builder {
    private Path dataDir;
    private String topic = DEFAULT_TOPIC;
    private int partitions = 4;
    private String bucket = DEFAULT_BUCKET;
    private int kafkaPort;
    private int s3Port;
    private String accessKey;
    private String secretKey;

    private Builder() {}

    /** Where broker logs, blobs and server logs go; a temporary directory by default. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir);
      return this;
    }

    public Builder topic(String topic, int partitions) {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
      }
      this.topic = Objects.requireNonNull(topic);
      this.partitions = partitions;
      return this;
    }

    public Builder bucket(String bucket) {
      this.bucket = Objects.requireNonNull(bucket);
      return this;
    }

    /** Fixed ports on 127.0.0.1; 0 (the default) picks free ones. */
    public Builder ports(int kafkaPort, int s3Port) {
      this.kafkaPort = kafkaPort;
      this.s3Port = s3Port;
      return this;
    }

    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = Objects.requireNonNull(accessKey);
      this.secretKey = Objects.requireNonNull(secretKey);
      return this;
    }

    /** Starts both servers, creates the topic and the bucket, and returns once both answer. */
    public LocalStack start() {
      try {
        if (dataDir == null) {
          dataDir = Files.createTempDirectory("iot-etl-local-stack-");
        }
        Files.createDirectories(dataDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
      }
      if (accessKey == null || secretKey == null) {
        accessKey = firstNonBlank(System.getenv("LOCAL_STACK_ACCESS_KEY"), "local-" + randomHex(8));
        secretKey = firstNonBlank(System.getenv("LOCAL_STACK_SECRET_KEY"), randomHex(20));
      }
      S3Server s3 = S3Server.start(dataDir.resolve("s3"), s3Port, accessKey, secretKey);
      KafkaBroker kafka;
      try {
        kafka = KafkaBroker.start(dataDir.resolve("kafka"), kafkaPort);
      } catch (RuntimeException e) {
        s3.close();
        throw e;
      }
      LocalStack stack = new LocalStack(this, kafka, s3);
      try {
        kafka.createTopic(topic, partitions);
        s3.createBucket(bucket);
        return stack;
      } catch (RuntimeException e) {
        stack.close();
        throw e;
      }
    }

    private static String firstNonBlank(String value, String fallback) {
      return value == null || value.isBlank() ? fallback : value;
    }

    private static String randomHex(int bytes) {
      byte[] random = new byte[bytes];
      new SecureRandom().nextBytes(random);
      return HexFormat.of().formatHex(random);
    }
  }
}
