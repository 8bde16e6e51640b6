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
 * The S3 server goes down while the streaming job writes (raw files every 2 s, windows every 10 s)
 * and comes back 15 s later: the writes are retried, the job goes on, every event is in the outputs
 * exactly once and no temporary or partial file is left visible.
 */
@ExtendWith(LocalStackExtension.class)
class S3OutageTest {

  private static final String TOPIC = "s3-outage";

  @Test
  void s3StoppedMidRunLosesNothingAndLeavesNoPartialFiles(LocalStack stack, @TempDir Path dir)
      throws Exception {
    stack.createTopic(TOPIC, 2);
    List<String> events =
        EventLines.followingTheClock(3000, 100, 47, Instant.now().plusSeconds(15));
    Set<String> sent = EventLines.eventIds(events);
    Path file = EventLines.write(dir.resolve("events.jsonl"), events);

    try (StreamingJob job = StreamingJob.start(stack, TOPIC, "s3-outage", dir);
        BucketReader bucket = new BucketReader(stack, dir)) {
      CompletableFuture<Integer> producer = EventLines.replayInBackground(stack, TOPIC, file);
      OutputAudit audit = new OutputAudit(bucket, "s3-outage");
      audit.awaitRawEvents(1, 120, job::assertRunning); // the job is writing
      System.err.println("[fault-suite] stopping the S3 server");
      stack.stopS3();
      Thread.sleep(15_000);
      job.assertRunning();
      stack.startS3();
      System.err.println("[fault-suite] S3 server back");
      assertThat("producer exit code", producer.get(180, TimeUnit.SECONDS), is(0));

      audit.awaitRawEvents(sent.size(), 180, job::assertRunning);
      audit.awaitEveryEventCounted(sent.size(), 120, job::assertRunning);
      Thread.sleep(8_000);
      audit.assertEachEventExactlyOnce(sent);
      assertThat("dead letters", audit.deadLettersByReason(), is(anEmptyMap()));
    }
  }
}
