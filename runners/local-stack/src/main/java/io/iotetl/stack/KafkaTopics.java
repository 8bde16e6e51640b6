package io.iotetl.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Topic creation that rides out a broker that is still starting. */
public final class KafkaTopics {

  private KafkaTopics() {}

  /**
   * Creates {@code topic} with {@code partitions} partitions (replication 1) unless it exists, and
   * waits until every partition has a leader. A starting broker answers with retriable errors for a
   * while (the new topic's metadata is not yet known, the controller is still electing), or is not
   * reachable yet: those are retried until {@code timeout}, then reported in one line.
   */
  public static void create(
      String bootstrapServers, String topic, int partitions, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    try (Admin admin = admin(bootstrapServers)) {
      boolean created = false;
      String lastProblem = "no answer";
      while (Instant.now().isBefore(deadline)) {
        try {
          if (!created) {
            admin
                .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                .all()
                .get(10, TimeUnit.SECONDS);
            created = true;
          }
          TopicDescription description =
              admin
                  .describeTopics(Set.of(topic))
                  .allTopicNames()
                  .get(10, TimeUnit.SECONDS)
                  .get(topic);
          if (description.partitions().stream()
              .allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
            return;
          }
          lastProblem = "partitions without a leader";
        } catch (ExecutionException e) {
          if (e.getCause() instanceof TopicExistsException) {
            created = true;
            continue;
          }
          if (!(e.getCause() instanceof RetriableException)) {
            throw new IllegalStateException(
                "cannot create topic " + topic + " on " + bootstrapServers + ": " + e.getCause(),
                e);
          }
          lastProblem = e.getCause().toString();
        } catch (TimeoutException e) {
          lastProblem = "no answer within 10 s";
        }
        Thread.sleep(200);
      }
      throw new IllegalStateException(
          "cannot create topic "
              + topic
              + " on "
              + bootstrapServers
              + " within "
              + timeout.toSeconds()
              + " s: "
              + lastProblem);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }

  private static Admin admin(String bootstrapServers) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
    return Admin.create(props);
  }
}
