package io.iotetl.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning with a plain consumer, for checking what was produced. */
final class TopicReader {

  private TopicReader() {}

  /**
   * Reads until {@code expected} records arrived and a further second brings no more, or 60 s
   * passed.
   */
  static List<ConsumerRecord<String, String>> readAll(
      String bootstrapServers, String topic, int expected) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("group.id", "topic-reader-" + topic + "-" + System.nanoTime());
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      int quietPolls = 0;
      while (System.currentTimeMillis() < deadline
          && (records.size() < expected || quietPolls < 2)) {
        int before = records.size();
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        quietPolls = records.size() == before ? quietPolls + 1 : 0;
      }
    }
    return records;
  }
}
