package io.iotetl.stack;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Creates a topic on a broker that may still be starting, then exits: the Docker stack's
 * topic-creation step.
 *
 * <pre>
 * java -cp ... io.iotetl.stack.CreateTopic --bootstrap-servers=kafka:29092 --topic=iot-events
 * </pre>
 */
@Command(
    name = "create-topic",
    mixinStandardHelpOptions = true,
    description = "Creates a Kafka topic (if missing), retrying while the broker starts.")
public final class CreateTopic implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
  private String bootstrapServers;

  @Option(
      names = "--topic",
      defaultValue = LocalStack.DEFAULT_TOPIC,
      description = "Topic to create (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
  private int partitions;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "120",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  private long timeoutSeconds;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CreateTopic()).execute(args));
  }

  @Override
  public Integer call() {
    try {
      KafkaTopics.create(bootstrapServers, topic, partitions, Duration.ofSeconds(timeoutSeconds));
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    System.err.printf(
        "Topic %s (%d partitions) is ready on %s%n", topic, partitions, bootstrapServers);
    return 0;
  }
}
