package io.iotetl.faults;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.is;

import io.iotetl.pipelines.testing.BucketReader;
import io.iotetl.pipelines.testing.OutputAudit;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka broker goes down while the producer sends (100 events/s, idempotent, acks=all) and the
 * streaming job reads (about 30 s: its shutdown, 12 s down, its start), then comes back on the same
 * port with its data: the producer's retries deliver every event once, the job's consumer
 * reconnects, and every event is in the outputs exactly once.
 */
@ExtendWith(LocalStackExtension.class)
class BrokerOutageTest {

  private static final String TOPIC = "broker-outage";

  @Test
  void brokerStoppedWhileProducingAndReadingLosesAndDuplicatesNothing(
      LocalStack stack, @TempDir Path dir) throws Exception {
    stack.createTopic(TOPIC, 2);
    List<String> events =
        EventLines.followingTheClock(3000, 100, 41, Instant.now().plusSeconds(15));
    Set<String> sent = EventLines.eventIds(events);
    Path file = EventLines.write(dir.resolve("events.jsonl"), events);

    try (StreamingJob job = StreamingJob.start(stack, TOPIC, "broker-outage", dir);
        BucketReader bucket = new BucketReader(stack, dir)) {
      CompletableFuture<Integer> producer =
          EventLines.replayInBackground(
              stack, TOPIC, file, "--delivery-timeout=120s", "--max-block=120s");
      Thread.sleep(10_000);
      System.err.println("[fault-suite] stopping the broker");
      long down = System.currentTimeMillis();
      stack.stopKafka();
      Thread.sleep(12_000);
      stack.startKafka();
      System.err.println(
          "[fault-suite] broker back after " + (System.currentTimeMillis() - down) / 1000 + " s");
      assertThat("producer exit code", producer.get(180, TimeUnit.SECONDS), is(0));

      OutputAudit audit = new OutputAudit(bucket, "broker-outage");
      audit.awaitRawEvents(sent.size(), 180, job::assertRunning);
      audit.awaitEveryEventCounted(sent.size(), 120, job::assertRunning);
      Thread.sleep(8_000); // a few more flushes: anything written twice would show now
      audit.assertEachEventExactlyOnce(sent);
      assertThat("dead letters", audit.deadLettersByReason(), is(anEmptyMap()));
    }
  }
}
