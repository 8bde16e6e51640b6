package io.iotetl.stack;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin private TopicOptions topicOptions = new TopicOptions();

  @Option(
      names = "--timeout-seconds",
      defaultValue = "120",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  private long timeoutSeconds;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command; returns 0 when the topic is ready, 1 when it could not be created. */
  public static int execute(String... args) {
    return new CommandLine(new CreateTopic()).execute(args);
  }

  @Override
  public Integer call() {
    try {
      KafkaTopics.create(
          bootstrapServers,
          topicOptions.topic,
          topicOptions.partitions,
          Duration.ofSeconds(timeoutSeconds));
    } catch (IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    System.err.printf(
        "Topic %s (%d partitions) is ready on %s%n",
        topicOptions.topic, topicOptions.partitions, bootstrapServers);
    return 0;
  }
}
