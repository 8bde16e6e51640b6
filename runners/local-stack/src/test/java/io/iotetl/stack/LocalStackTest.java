package io.iotetl.stack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class LocalStackTest {

  @Test
  void serversAnswerOnLoopbackAndStopWithoutLeavingPortsOpen(@TempDir Path dir) {
    int kafkaPort;
    int s3Port;
    try (LocalStack stack =
        LocalStack.builder()
            .dataDir(dir)
            .topic("round-trip", 3)
            .bucket("round-trip-bucket")
            .start()) {
      kafkaPort = Integer.parseInt(stack.bootstrapServers().split(":")[1]);
      s3Port = URI.create(stack.s3Endpoint()).getPort();
      assertThat(stack.bootstrapServers(), equalTo("127.0.0.1:" + kafkaPort));
      assertThat(Ports.isOpen(kafkaPort), is(true));
      assertThat(Ports.isOpen(s3Port), is(true));

      kafkaRoundTrip(stack, "round-trip");
      s3RoundTrip(stack, "round-trip-bucket");
    }
    assertThat("Kafka port closed after stop", Ports.isOpen(kafkaPort), is(false));
    assertThat("S3 port closed after stop", Ports.isOpen(s3Port), is(false));
  }

  @Test
  void stoppedServersComeBackOnTheSamePortsWithTheirData(@TempDir Path dir) {
    try (LocalStack stack = LocalStack.builder().dataDir(dir).topic("outage", 1).start();
        S3Client s3 = s3Client(stack)) {
      String bootstrap = stack.bootstrapServers();
      String endpoint = stack.s3Endpoint();
      s3.putObject(b -> b.bucket(stack.bucket()).key("kept.txt"), RequestBody.fromString("kept"));

      stack.stopKafka();
      stack.stopS3();
      assertThat(
          "Kafka is down", Ports.isOpen(Integer.parseInt(bootstrap.split(":")[1])), is(false));
      assertThat("S3 is down", Ports.isOpen(URI.create(endpoint).getPort()), is(false));
      stack.startKafka();
      stack.startS3();

      assertThat(stack.bootstrapServers(), equalTo(bootstrap));
      assertThat(stack.s3Endpoint(), equalTo(endpoint));
      kafkaRoundTrip(stack, "outage");
      assertThat(
          s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("kept.txt")).asUtf8String(),
          equalTo("kept"));
    }
  }

  @Test
  void topicAndBucketCreationIsIdempotent(@TempDir Path dir) throws Exception {
    try (LocalStack stack = LocalStack.builder().dataDir(dir).topic("events", 2).start()) {
      stack.createTopic("events", 2);
      stack.createBucket(stack.bucket());
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
        int partitions =
            admin
                .describeTopics(List.of("events"))
                .allTopicNames()
                .get()
                .get("events")
                .partitions()
                .size();
        assertThat(partitions, is(2));
      }
      try (S3Client s3 = s3Client(stack)) {
        assertThat(s3.listObjectsV2(b -> b.bucket(stack.bucket())).keyCount(), is(0));
      }
    }
  }

  @Test
  void s3RejectsWrongCredentials(@TempDir Path dir) {
    try (LocalStack stack =
            LocalStack.builder()
                .dataDir(dir)
                .credentials("right-key", "right-secret-0123456789")
                .start();
        S3Client wrong =
            S3Client.builder()
                .endpointOverride(URI.create(stack.s3Endpoint()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("right-key", "wrong")))
                .build()) {
      S3Exception error =
          org.junit.jupiter.api.Assertions.assertThrows(
              S3Exception.class, () -> wrong.listObjectsV2(b -> b.bucket(stack.bucket())));
      assertThat(error.statusCode(), is(403));
    }
  }

  @Test
  void serversStopWhenTheParentJvmIsKilled(@TempDir Path dir) throws Exception {
    // Free ports chosen by the stack itself: ports picked here would not be bound until the
    // stack starts, and the broker could pick one of them for its controller meanwhile.
    Process parent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalStackMain.class.getName(),
                "--data-dir=" + dir,
                "--kafka-port=0",
                "--s3-port=0")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("parent.out").toFile())
            .start();
    int kafkaPort;
    int s3Port;
    try {
      try {
        awaitTrue(() -> Files.exists(dir.resolve("stack.env")), Duration.ofSeconds(90));
      } catch (AssertionError e) {
        throw new AssertionError(
            "the stack did not start; its output:\n" + Files.readString(dir.resolve("parent.out")),
            e);
      }
      String env = Files.readString(dir.resolve("stack.env"));
      kafkaPort = portAfter(env, "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:");
      s3Port = portAfter(env, "S3_ENDPOINT=http://127.0.0.1:");
      assertThat(Ports.isOpen(kafkaPort) && Ports.isOpen(s3Port), is(true));
    } finally {
      parent.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs in the parent.
    }
    awaitTrue(() -> !Ports.isOpen(kafkaPort) && !Ports.isOpen(s3Port), Duration.ofSeconds(30));
    awaitTrue(() -> childrenOf(dir) == 0, Duration.ofSeconds(30));
  }

  private static int portAfter(String env, String prefix) {
    int start = env.indexOf(prefix);
    assertThat(env, start >= 0, is(true));
    start += prefix.length();
    int end = start;
    while (end < env.length() && Character.isDigit(env.charAt(end))) {
      end++;
    }
    return Integer.parseInt(env.substring(start, end));
  }

  /** Live processes whose command line mentions the data directory (the stack's child JVMs). */
  private static long childrenOf(Path dir) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
        .count();
  }

  private static void kafkaRoundTrip(LocalStack stack, String topic) {
    Properties producerProps = new Properties();
    producerProps.put("bootstrap.servers", stack.bootstrapServers());
    producerProps.put("acks", "all");
    producerProps.put("enable.idempotence", "true");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
      }
      producer.flush();
    }
    Properties consumerProps = new Properties();
    consumerProps.put("bootstrap.servers", stack.bootstrapServers());
    consumerProps.put("group.id", "local-stack-test");
    consumerProps.put("auto.offset.reset", "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (values.size() < 10 && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          values.add(record.key() + "=" + record.value());
        }
      }
    }
    values.sort(null);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add("key-" + i + "=value-" + i);
    }
    expected.sort(null);
    assertThat(values, equalTo(expected));
  }

  private static void s3RoundTrip(LocalStack stack, String bucket) {
    try (S3Client s3 = s3Client(stack)) {
      s3.putObject(b -> b.bucket(bucket).key("dir/hello.txt"), RequestBody.fromString("hello, S3"));
      assertThat(
          s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/hello.txt")).asUtf8String(),
          equalTo("hello, S3"));
      assertThat(
          s3.listObjectsV2(b -> b.bucket(bucket).prefix("dir/")).contents().stream()
              .map(S3Object::key)
              .toList(),
          contains("dir/hello.txt"));
      s3.deleteObject(b -> b.bucket(bucket).key("dir/hello.txt"));
      assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).keyCount(), is(0));
    }
  }

  static S3Client s3Client(LocalStack stack) {
    return StackS3Client.of(stack);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(200);
    }
  }
}
