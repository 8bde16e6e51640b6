package io.iotetl.pipelines.streaming;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Start-up checks against the broker: one clear message instead of a hanging reader. */
public final class KafkaPreflight {

  private KafkaPreflight() {}

  /**
   * What the job will find in the topic at launch: per partition with records left to read, its end
   * offset; and how many records lie between the group's committed offsets (or the start, for a new
   * group reading from earliest) and those ends.
   */
  record Backlog(Map<Integer, Long> endOffsets, long records) {}

  /** How many records the topic holds (from each partition's earliest offset to its end). */
  public static long topicSize(String bootstrapServers, String topic, int timeoutSeconds) {
    return backlog(bootstrapServers, topic, null, "earliest", timeoutSeconds).records();
  }

  /**
   * Checks that the broker answers and the topic exists, and returns its {@link Backlog}; {@code
   * group} null: as a group that has committed nothing.
   */
  static Backlog backlog(
      String bootstrapServers,
      String topic,
      String group,
      String autoOffsetReset,
      int timeoutSeconds) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("request.timeout.ms", timeoutSeconds * 1000);
    props.put("default.api.timeout.ms", timeoutSeconds * 1000);
    try (Admin admin = Admin.create(props)) {
      List<TopicPartition> partitions;
      try {
        partitions =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeoutSeconds, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          throw new IllegalStateException(
              "topic '" + topic + "' does not exist on Kafka at " + bootstrapServers);
        }
        throw new IllegalStateException(
            "cannot reach Kafka at " + bootstrapServers + ": " + e.getCause().getMessage());
      } catch (TimeoutException e) {
        throw new IllegalStateException(
            "cannot reach Kafka at " + bootstrapServers + " within " + timeoutSeconds + " s");
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          group == null
              ? Map.of()
              : admin
                  .listConsumerGroupOffsets(group)
                  .partitionsToOffsetAndMetadata()
                  .get(timeoutSeconds, TimeUnit.SECONDS);
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest =
          offsets(admin, partitions, OffsetSpec.earliest(), timeoutSeconds);
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
          offsets(admin, partitions, OffsetSpec.latest(), timeoutSeconds);
      long total = 0;
      Map<Integer, Long> ends = new java.util.TreeMap<>();
      for (TopicPartition partition : partitions) {
        long end = latest.get(partition).offset();
        OffsetAndMetadata done = committed.get(partition);
        long start =
            done != null
                ? done.offset()
                : "latest".equals(autoOffsetReset) ? end : earliest.get(partition).offset();
        if (end > start) {
          total += end - start;
          ends.put(partition.partition(), end);
        }
      }
      return new Backlog(ends, total);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot read offsets of '" + topic + "' from Kafka at " + bootstrapServers + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka", e);
    }
  }

  private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets(
      Admin admin, List<TopicPartition> partitions, OffsetSpec spec, int timeoutSeconds)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    return admin.listOffsets(request).all().get(timeoutSeconds, TimeUnit.SECONDS);
  }
}
