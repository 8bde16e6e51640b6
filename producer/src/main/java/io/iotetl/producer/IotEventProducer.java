package io.iotetl.producer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Sends JSON IoT events to Kafka: generated ones (with optional late, duplicate and malformed
 * shares, and an event-time span for fast backfills) or the lines of a JSON-lines file, verbatim.
 *
 * <p>The producer is idempotent with {@code acks=all}; the record key is the device id and the
 * record timestamp the event time. Progress and a summary go to stderr. Every delivery failure is
 * counted and reported, and the exit code is 1 if any record was not acknowledged.
 *
 * <pre>
 * mvn -q -pl producer exec:java -Dexec.args="--events=100000 --event-time-span=3d --malformed-share=0.01"
 * </pre>
 */
@Command(
    name = "iot-event-producer",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Sends JSON IoT events to Kafka (idempotent, acks=all).")
public final class IotEventProducer implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin private ProducerOptions options;

  private volatile boolean stopRequested;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line without exiting the JVM; returns the exit code. */
  public static int execute(String... args) {
    return new CommandLine(new IotEventProducer()).execute(args);
  }

  @Override
  public Integer call() {
    String problem = options.validate();
    if (problem != null) {
      System.err.println("error: " + problem);
      return 2;
    }
    Thread main = Thread.currentThread();
    Thread hook =
        new Thread(
            () -> {
              stopRequested = true;
              try {
                main.join(30_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "producer-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    SendStats stats = run(System.err);
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // JVM already shutting down (Ctrl+C): the hook is waiting for us.
    }
    return stats.succeeded() ? 0 : 1;
  }

  private SendStats run(PrintStream log) {
    SendStats stats = new SendStats();
    long total = options.replayFile != null ? -1 : options.totalEvents();
    ScheduledExecutorService progress =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "producer-progress");
              t.setDaemon(true);
              return t;
            });
    long every = options.progressInterval.toMillis();
    progress.scheduleAtFixedRate(
        () -> stats.printProgress(log, total), every, every, TimeUnit.MILLISECONDS);
    try (ProducerMetricsEndpoint metrics =
            ProducerMetricsEndpoint.start(options.metricsBind, options.metricsPort, stats);
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer())) {
      checkTopicReachable(producer);
      if (options.replayFile != null) {
        log.println(
            "[producer] replaying "
                + options.replayFile
                + " to "
                + options.topic
                + " at "
                + options.bootstrapServers);
        replay(producer, stats);
      } else {
        long seed =
            options.seed != null ? options.seed : new java.security.SecureRandom().nextLong();
        log.println(
            "[producer] sending to "
                + options.topic
                + " at "
                + options.bootstrapServers
                + " (seed "
                + seed
                + ")");
        generate(producer, stats, seed, total);
      }
      producer.flush();
    } catch (KafkaException e) {
      stats.recordAborted(
          "Kafka at "
              + options.bootstrapServers
              + ", topic "
              + options.topic
              + ": "
              + e.getMessage());
    } catch (IOException e) {
      stats.recordAborted(
          "I/O error (replay file "
              + options.replayFile
              + " or metrics port "
              + options.metricsPort
              + "): "
              + e.getMessage());
    } finally {
      progress.shutdownNow();
    }
    stats.printSummary(log);
    return stats;
  }

  private void generate(
      KafkaProducer<String, String> producer, SendStats stats, long seed, long total) {
    // A span without a start is a backfill that ends now: a start of now would stamp events up to
    // the span ahead of the wall clock, and the ETL rejects events from the future.
    Instant start =
        options.eventTimeStart != null
            ? options.eventTimeStart
            : Instant.now().minus(options.eventTimeSpan);
    EventGenerator generator =
        new EventGenerator(
                seed,
                options.deviceTypes,
                options.devices,
                start,
                options.eventTimeSpan,
                options.lateShare,
                options.duplicateShare,
                options.malformedShare)
            .withLateness(options.lateMin, options.lateMax);
    long deadline =
        options.duration == null ? Long.MAX_VALUE : System.nanoTime() + options.duration.toNanos();
    long begin = System.nanoTime();
    for (long i = 0; (total < 0 || i < total) && !stopRequested && stats.failed() == 0; i++) {
      long now = System.nanoTime();
      if (now >= deadline) {
        break;
      }
      double progress =
          total > 0 ? (double) i / total : (double) (now - begin) / Math.max(1, deadline - begin);
      send(producer, stats, generator.next(progress, Instant.now()));
      pace(begin, i + 1);
    }
  }

  private void replay(KafkaProducer<String, String> producer, SendStats stats) throws IOException {
    long begin = System.nanoTime();
    try (BufferedReader lines =
        Files.newBufferedReader(options.replayFile, StandardCharsets.UTF_8)) {
      String line;
      long i = 0;
      while ((line = lines.readLine()) != null && !stopRequested && stats.failed() == 0) {
        send(producer, stats, replayed(line));
        pace(begin, ++i);
      }
    }
  }

  /** A replayed line goes out verbatim; key and timestamp are taken from it when it has them. */
  static OutgoingRecord replayed(String line) {
    String key = null;
    Long timestamp = null;
    try {
      JsonNode node = JSON.readTree(line);
      if (node != null && node.path("device_id").isTextual()) {
        key = node.get("device_id").asText();
      }
      if (node != null && node.path("event_timestamp").isTextual()) {
        timestamp = Instant.parse(node.get("event_timestamp").asText()).toEpochMilli();
      }
    } catch (JsonProcessingException | DateTimeParseException e) {
      // Malformed lines are sent as they are: rejecting them is the pipeline's job.
    }
    return new OutgoingRecord(key, line, timestamp, OutgoingRecord.Kind.REPLAYED);
  }

  /**
   * Fails fast, with one message, when the broker cannot be reached or the topic does not exist.
   */
  private void checkTopicReachable(KafkaProducer<String, String> producer) {
    try {
      producer.partitionsFor(options.topic);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new KafkaException(
          "cannot reach the broker or the topic does not exist (waited "
              + options.maxBlock.toSeconds()
              + " s; see --max-block)",
          e);
    }
  }

  private void send(
      KafkaProducer<String, String> producer, SendStats stats, OutgoingRecord record) {
    ProducerRecord<String, String> kafkaRecord =
        new ProducerRecord<>(
            options.topic, null, record.timestampMillis(), record.key(), record.payload());
    producer.send(
        kafkaRecord,
        (metadata, error) -> {
          if (error == null) {
            stats.recordAcked();
          } else {
            stats.recordFailed(error.getClass().getSimpleName() + ": " + error.getMessage());
          }
        });
    stats.recordSent(record.kind());
  }

  /** Sleeps so that {@code sent} records take at least {@code sent / rate} seconds. */
  private void pace(long beginNanos, long sent) {
    if (options.rate <= 0) {
      return;
    }
    long dueNanos = beginNanos + (long) (sent * 1e9 / options.rate);
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopRequested = true;
      }
    }
  }

  private Properties producerConfig() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) options.maxBlock.toMillis());
    props.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
        (int) Math.min(30_000, options.deliveryTimeout.toMillis() - 5));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) options.deliveryTimeout.toMillis());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "iot-event-producer");
    return props;
  }
}
