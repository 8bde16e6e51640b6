package io.iotetl.stack;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command line for the local stack: starts Kafka and the S3 server, prints how to reach them,
 * writes them to an env file, and runs until Ctrl+C (then stops both servers).
 *
 * <pre>
 * mvn -q -pl runners/local-stack exec:java -Dexec.args="--data-dir=.local-stack"
 * </pre>
 */
@Command(
    name = "local-stack",
    mixinStandardHelpOptions = true,
    description =
        "Starts a real Kafka broker (KRaft) and an S3-compatible server (S3Proxy) on 127.0.0.1.")
public final class LocalStackMain implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      defaultValue = ".local-stack",
      description = "Data and logs of both servers (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Kafka listener port, 0 for any free port (default: ${DEFAULT-VALUE}).")
  private int kafkaPort;

  @Option(
      names = "--s3-port",
      defaultValue = "9000",
      description = "S3 endpoint port, 0 for any free port (default: ${DEFAULT-VALUE}).")
  private int s3Port;

  @Mixin private TopicOptions topicOptions = new TopicOptions();

  @Option(
      names = "--bucket",
      defaultValue = LocalStack.DEFAULT_BUCKET,
      description = "Bucket to create (default: ${DEFAULT-VALUE}).")
  private String bucket;

  @Option(
      names = "--env-file",
      description = "Where to write the connection settings (default: <data-dir>/stack.env).")
  private Path envFile;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalStackMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    System.err.println(
        "Starting Kafka and the S3 server under " + dataDir.toAbsolutePath() + " ...");
    LocalStack stack;
    try {
      stack =
          LocalStack.builder()
              .dataDir(dataDir.toAbsolutePath())
              .ports(kafkaPort, s3Port)
              .topic(topicOptions.topic, topicOptions.partitions)
              .bucket(bucket)
              .start();
    } catch (IllegalStateException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    Path env = envFile != null ? envFile : stack.dataDir().resolve("stack.env");
    stack.writeEnvironment(env);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("Stopping the local stack ...");
                  stack.close();
                  stopped.countDown();
                },
                "local-stack-main-shutdown"));
    System.err.printf(
        "Local stack is up.%n  Kafka     %s  topic %s (%d partitions)%n  S3        %s  bucket %s%n"
            + "  Settings  source %s%nPress Ctrl+C to stop.%n",
        stack.bootstrapServers(),
        stack.topic(),
        stack.partitions(),
        stack.s3Endpoint(),
        stack.bucket(),
        env);
    stopped.await();
    return 0;
  }
}
