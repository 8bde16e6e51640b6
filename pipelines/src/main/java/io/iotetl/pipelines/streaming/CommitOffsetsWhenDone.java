package io.iotetl.pipelines.streaming;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;

/**
 * The result of a bounded read up to the end offsets found at launch: when the job is DONE (every
 * output written), those offsets are committed to the consumer group, once, so the next run starts
 * after them. A job that fails or is cancelled commits nothing and the next run reads it all again.
 */
final class CommitOffsetsWhenDone implements PipelineResult {

  private final PipelineResult job;
  private final String bootstrapServers;
  private final String topic;
  private final String group;
  private final Map<Integer, Long> endOffsets;
  private final int timeoutSeconds;
  private boolean committed;

  CommitOffsetsWhenDone(
      PipelineResult job,
      String bootstrapServers,
      String topic,
      String group,
      Map<Integer, Long> endOffsets,
      int timeoutSeconds) {
    this.job = job;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.group = group;
    this.endOffsets = Map.copyOf(endOffsets);
    this.timeoutSeconds = timeoutSeconds;
  }

  @Override
  public State waitUntilFinish() {
    return commitIfDone(job.waitUntilFinish());
  }

  @Override
  public State waitUntilFinish(Duration duration) {
    return commitIfDone(job.waitUntilFinish(duration));
  }

  @Override
  public State getState() {
    return job.getState();
  }

  @Override
  public State cancel() throws IOException {
    return job.cancel();
  }

  @Override
  public MetricResults metrics() {
    return job.metrics();
  }

  private synchronized State commitIfDone(State state) {
    if (state == State.DONE && !committed && !endOffsets.isEmpty()) {
      commit();
      committed = true;
    }
    return state;
  }

  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    endOffsets.forEach(
        (partition, end) ->
            offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(end)));
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                timeoutSeconds * 1000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                timeoutSeconds * 1000))) {
      admin.alterConsumerGroupOffsets(group, offsets).all().get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      throw new IllegalStateException(
          "the job is done, but its offsets could not be committed to consumer group '"
              + group
              + "' (the next run will read these records again): "
              + e,
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while committing offsets", e);
    }
  }
}
