package io.iotetl.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) run from Kafka's own
 * Maven jars in a child JVM, listening on 127.0.0.1 only.
 */
final class KafkaBroker implements AutoCloseable {

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final int port;
  private final ChildJvm process;

  private KafkaBroker(Path dir, int port, ChildJvm process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Formats the storage under {@code dir} (once) and starts the broker; waits until it answers. */
  static KafkaBroker start(Path dir, int requestedPort) {
    int port = Ports.freeOr(requestedPort);
    int controllerPort = Ports.freeOr(0);
    while (controllerPort == port) { // neither is bound yet
      controllerPort = Ports.freeOr(0);
    }
    Path config = writeConfig(dir, port, controllerPort);
    String classPath = ServerClassPaths.kafkaBroker();
    List<String> jvmArgs =
        List.of(
            "-Xms256m",
            "-Xmx768m",
            "-Dlog4j.configuration=" + config.resolveSibling("log4j.properties").toUri(),
            "-Dkafka.logs.dir=" + dir.resolve("logs"));
    Path logFile = dir.resolve("logs").resolve("kafka.out");
    ChildJvm.runToCompletion(
        "kafka-storage-format",
        classPath,
        jvmArgs,
        "kafka.tools.StorageTool",
        List.of(
            "format",
            "--ignore-formatted",
            "--cluster-id=" + clusterId(dir),
            "--config=" + config.toString()),
        logFile,
        60);
    ChildJvm process =
        ChildJvm.start(
            "kafka", classPath, jvmArgs, "kafka.Kafka", List.of(config.toString()), logFile);
    KafkaBroker broker = new KafkaBroker(dir, port, process);
    try {
      broker.awaitReady();
      return broker;
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return Ports.LOOPBACK + ":" + port;
  }

  int port() {
    return port;
  }

  /** Creates the topic (idempotently) and waits until every partition has a leader. */
  void createTopic(String topic, int partitions) {
    KafkaTopics.create(bootstrapServers(), topic, partitions, TOPIC_TIMEOUT);
  }

  private void awaitReady() {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka broker exited during startup" + process.logTail());
      }
      if (Ports.isOpen(port)) {
        try (Admin admin = admin()) {
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
          return;
        } catch (ExecutionException | TimeoutException e) {
          // Listener open but the controller quorum is not ready yet: retry.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "Kafka broker did not answer within " + STARTUP_TIMEOUT + process.logTail());
      }
      sleepQuietly(200);
    }
  }

  private Admin admin() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return Admin.create(props);
  }

  private static Path writeConfig(Path dir, int port, int controllerPort) {
    Map<String, String> settings =
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("log.dirs", dir.resolve("data").toString()),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("num.network.threads", "2"),
            Map.entry("num.io.threads", "4"),
            // Keep every record: replays and backfills carry their (old) event times as record
            // timestamps, and time-based retention deleted such records minutes after they were
            // sent.
            Map.entry("log.retention.ms", "-1"));
    StringBuilder text = new StringBuilder("# Written by the IoT ETL local stack\n");
    settings.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> text.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
    String log4j =
        "log4j.rootLogger=INFO, stdout\n"
            + "log4j.logger.kafka=INFO\nlog4j.logger.org.apache.kafka=INFO\n"
            + "log4j.appender.stdout=org.apache.log4j.ConsoleAppender\n"
            + "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout\n"
            + "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n\n";
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("server.properties");
      Files.writeString(config, text, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("log4j.properties"), log4j, StandardCharsets.UTF_8);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Kafka configuration under " + dir, e);
    }
  }

  /**
   * A cluster id kept with the data, so a restart on the same directory reuses the formatted log.
   */
  private static String clusterId(Path dir) {
    Path file = dir.resolve("cluster.id");
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      String id;
      do {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
      } while (id.startsWith("-")); // as Kafka's own Uuid does: a leading '-' reads as an option
      Files.writeString(file, id, StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the Kafka cluster id under " + dir, e);
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.close();
  }

  @Override
  public String toString() {
    return "Kafka " + bootstrapServers() + " [" + process + ", data " + dir + "]";
  }
}
