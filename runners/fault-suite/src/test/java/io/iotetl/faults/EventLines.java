package io.iotetl.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotetl.producer.EventGenerator;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * JSON-lines inputs for the producer's {@code --replay-file}, with the event ids a test expects
 * back.
 */
final class EventLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventLines() {}

  /**
   * {@code count} valid events whose event times advance from {@code start} at {@code perSecond}
   * events per second, so that replayed at that rate they follow the wall clock.
   */
  static List<String> followingTheClock(int count, int perSecond, long seed, Instant start) {
    Duration span = Duration.ofMillis(count * 1000L / perSecond);
    EventGenerator generator =
        new EventGenerator(
            seed,
            List.of("sensor_temp", "sensor_humidity", "sensor_motion"),
            30,
            start,
            span,
            0,
            0,
            0);
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(generator.next((double) i / count, start).payload());
    }
    return lines;
  }

  static ObjectNode parse(String line) {
    try {
      return (ObjectNode) JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON object: " + line, e);
    }
  }

  static String eventId(String line) {
    return parse(line).get("event_id").asText();
  }

  static Set<String> eventIds(List<String> lines) {
    Set<String> ids = new LinkedHashSet<>();
    lines.forEach(line -> ids.add(eventId(line)));
    return ids;
  }

  static Path write(Path file, List<String> lines) {
    try {
      return Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Replays {@code file} into {@code topic} at 100 events/s in the background, with the producer's
   * CLI; completes with its exit code.
   */
  static CompletableFuture<Integer> replayInBackground(
      LocalStack stack, String topic, Path file, String... extraArgs) {
    List<String> args = new ArrayList<>();
    args.add("--bootstrap-servers=" + stack.bootstrapServers());
    args.add("--topic=" + topic);
    args.add("--replay-file=" + file);
    args.add("--rate=100");
    args.addAll(List.of(extraArgs));
    return CompletableFuture.supplyAsync(
        () -> IotEventProducer.execute(args.toArray(String[]::new)));
  }
}
