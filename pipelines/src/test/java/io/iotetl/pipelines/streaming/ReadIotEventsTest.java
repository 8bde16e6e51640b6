package io.iotetl.pipelines.streaming;

import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class ReadIotEventsTest {

  @Test
  void boundedReadDeliversExactlyTheBacklogWhileOtherPartitionsReceiveNewRecords(LocalStack stack) {
    String topic = "bounded-backlog";
    stack.createTopic(topic, 4);
    List<String> backlog = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", stack.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 400; i++) { // 100 per partition
        backlog.add("backlog-" + i);
        producer.send(new ProducerRecord<>(topic, i % 4, null, "backlog-" + i));
      }
      producer.flush();
      // Arrived after launch, in two partitions only: the next run's records.
      for (int i = 0; i < 600; i++) {
        producer.send(new ProducerRecord<>(topic, i % 2, null, "later-" + i));
      }
      producer.flush();
    }
    Map<Integer, Long> endsAtLaunch = Map.of(0, 100L, 1, 100L, 2, 100L, 3, 100L);

    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    Pipeline pipeline = Pipeline.create(options);
    PCollection<String> values =
        pipeline
            .apply(
                "ReadKafkaEvents",
                ReadIotEvents.from(stack.bootstrapServers(), topic)
                    .withConsumerGroup("bounded-backlog", "earliest")
                    .withBacklogEnd(endsAtLaunch)
                    .withStopAtBacklogEnd(400))
            .apply(
                "TakeValues",
                MapElements.into(TypeDescriptors.strings())
                    .via((KafkaRecord<String, String> record) -> record.getKV().getValue()))
            .setCoder(StringUtf8Coder.of());
    PAssert.that(values).containsInAnyOrder(backlog);
    pipeline.run().waitUntilFinish();
  }
}
