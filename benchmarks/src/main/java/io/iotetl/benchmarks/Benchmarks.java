package io.iotetl.benchmarks;

import io.iotetl.pipelines.analytics.DailyP95;
import io.iotetl.pipelines.analytics.DailyP95Options;
import io.iotetl.pipelines.io.WriteEventsParquet;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.pipelines.streaming.StreamingDefaults;
import io.iotetl.producer.EventGenerator;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints throughput and cost figures measured on this machine: the producer against the local
 * broker (acks=all, idempotent), and the daily p95 batch job in exact and sketch modes on the Spark
 * runner against the same question in Spark SQL ({@link SparkSqlP95}) on the same files, with each
 * one's accuracy against exact and the ours/native time ratios. Peak heap is the whole JVM's, per
 * step.
 *
 * <pre>
 * mvn -q install -DskipTests && mvn -q -pl benchmarks exec:java -Dexec.args="--p95-events=1000000"
 * </pre>
 */
@Command(
    name = "benchmarks",
    mixinStandardHelpOptions = true,
    description = "Measures producer and p95 batch figures.")
public final class Benchmarks implements Callable<Integer> {

  @Option(
      names = "--producer-events",
      defaultValue = "300000",
      description = "Events for the producer run (default: ${DEFAULT-VALUE}).")
  private long producerEvents;

  @Option(
      names = "--p95-events",
      defaultValue = "1000000",
      description = "Raw events for the p95 runs (default: ${DEFAULT-VALUE}).")
  private long p95Events;

  @Option(
      names = "--p95-data",
      description =
          "Directory for the p95 input: generated there when it has no raw_events/ yet, reused"
              + " as is when it has (default: a new temporary directory).")
  private Path p95Data;

  @Option(
      names = "--p95-modes",
      split = ",",
      defaultValue = "EXACT,SKETCH,SQL",
      description =
          "p95 runs: Beam's EXACT and SKETCH modes, and SQL for Spark SQL (default: ${DEFAULT-VALUE}).")
  private List<String> p95Modes;

  @Option(
      names = "--spark-master",
      defaultValue = "local[2]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  private String sparkMaster;

  @Option(
      names = "--sections",
      split = ",",
      defaultValue = "producer,p95,streaming",
      description = "What to measure, comma-separated (default: ${DEFAULT-VALUE}).")
  private Set<String> sections;

  @Option(
      names = "--stream-backlog",
      defaultValue = "200000",
      description =
          "Events waiting in the topic when each streaming job starts (default: ${DEFAULT-VALUE}).")
  private long streamBacklog;

  @Option(
      names = "--stream-rate",
      defaultValue = "1000",
      description = "Events/s of the live latency phase (default: ${DEFAULT-VALUE}).")
  private int streamRate;

  @Option(
      names = "--stream-seconds",
      defaultValue = "60",
      description = "Seconds of the live latency phase (default: ${DEFAULT-VALUE}).")
  private int streamSeconds;

  @Option(
      names = "--stream-batch-millis",
      defaultValue = "2000",
      description =
          "Micro-batch interval of both Spark engines, and the Beam sinks' flush delay (default: ${DEFAULT-VALUE}).")
  private int streamBatchMillis;

  @Option(
      names = "--stream-engines",
      split = ",",
      defaultValue = "native,beam-spark,beam-direct",
      description =
          "Streaming engines to measure (default: ${DEFAULT-VALUE}); native-day-dedup is native"
              + " with the Beam job's one-day deduplication of raw events.")
  private List<String> streamEngines;

  @Option(
      names = "--stream-beam-args",
      split = " ",
      description = "Extra pipeline options for the Beam streaming runs, space-separated.")
  private List<String> streamBeamArgs = List.of();

  @Option(
      names = "--stream-rounds",
      defaultValue = "1",
      description =
          "Times each streaming engine is measured, engines taking turns; medians are printed"
              + " too (default: ${DEFAULT-VALUE}).")
  private int streamRounds;

  private static final int PRODUCER_DEVICES = 50;
  private static final List<String> PRODUCER_DEVICE_TYPES =
      List.of("sensor_temp", "sensor_humidity", "sensor_motion");

  private final List<String> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmarks()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("iot-etl-bench-");
    if (sections.contains("producer")) {
      producer(dir);
    }
    if (sections.contains("p95")) {
      p95(dir);
    }
    List<StreamingBenchmark.Result> streaming =
        sections.contains("streaming") ? streaming(dir) : List.of();
    System.out.printf(
        "%n%-58s %12s %10s %14s %10s  %s%n",
        "step", "events", "seconds", "events/s", "peak MB", "status");
    rows.forEach(System.out::println);
    notes.forEach(System.out::println);
    if (!streaming.isEmpty()) {
      System.out.println();
      System.out.println(StreamingBenchmark.Result.header());
      streaming.forEach(result -> System.out.println(result.format()));
      if (streamRounds > 1) {
        System.out.println(
            StreamingBenchmark.Result.header().replace("streaming engine", "median"));
        StreamingBenchmark.medians(streaming)
            .forEach(result -> System.out.println(result.format()));
      }
      System.out.printf(
          Locale.ROOT,
          "(latencies in seconds; windows %d s, watermark %d s, micro-batches %d ms)%n",
          StreamingBenchmark.WINDOW_SECONDS,
          StreamingBenchmark.WATERMARK_SECONDS,
          streamBatchMillis);
    }
    return 0;
  }

  /**
   * Our producer (generating events, keyed by device, acks=all, idempotent) against Kafka's own
   * {@code kafka-producer-perf-test} sending the same JSON records with the same producer settings,
   * each into its own 4-partition topic on the same broker.
   */
  private void producer(Path dir) throws IOException {
    try (LocalStack stack =
        LocalStack.builder().dataDir(dir.resolve("stack")).topic("bench", 4).start()) {
      long start = System.nanoTime();
      int exit =
          IotEventProducer.execute(
              "--bootstrap-servers=" + stack.bootstrapServers(),
              "--topic=bench",
              "--events=" + producerEvents,
              "--devices=" + PRODUCER_DEVICES,
              "--device-types=" + String.join(",", PRODUCER_DEVICE_TYPES),
              "--event-time-span=1d",
              "--progress-interval=30s",
              "--seed=1");
      double ours = (System.nanoTime() - start) / 1e9;
      row(
          "producer, acks=all, idempotent, 4 partitions",
          producerEvents,
          ours,
          -1,
          exit == 0 ? "ok" : "FAILED");

      Path payloads = dir.resolve("payloads.jsonl");
      double averageBytes = writePayloads(payloads, producerEvents);
      stack.createTopic("bench-perf-test", 4);
      List<String> output =
          stack.runKafkaTool(
              "org.apache.kafka.tools.ProducerPerformance",
              List.of(
                  "--topic=bench-perf-test",
                  "--num-records=" + producerEvents,
                  "--throughput=-1",
                  "--payload-file=" + payloads,
                  "--producer-props",
                  "bootstrap.servers=" + stack.bootstrapServers(),
                  "acks=all",
                  "enable.idempotence=true",
                  "max.in.flight.requests.per.connection=5",
                  "linger.ms=5",
                  "batch.size=65536",
                  "compression.type=lz4"),
              600);
      double perfTestRate = perfTestRate(output);
      row(
          "kafka-producer-perf-test, same records and settings",
          producerEvents,
          producerEvents / perfTestRate,
          -1,
          "");
      notes.add(
          String.format(
              Locale.ROOT,
              "producer events/s, ours / kafka-producer-perf-test: %.2f (records of %.0f bytes on"
                  + " average; ours keyed by device id, perf-test unkeyed)",
              producerEvents / ours / perfTestRate,
              averageBytes));
    }
  }

  /**
   * Writes {@code n} events as the producer run above generates them, one JSON object a line;
   * returns their average size in bytes.
   */
  private static double writePayloads(Path file, long n) throws IOException {
    EventGenerator generator =
        new EventGenerator(
            1,
            PRODUCER_DEVICE_TYPES,
            PRODUCER_DEVICES,
            java.time.Instant.now().minus(java.time.Duration.ofDays(1)),
            java.time.Duration.ofDays(1),
            0,
            0,
            0);
    long bytes = 0;
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < n; i++) {
        String payload = generator.next((double) i / n, java.time.Instant.now()).payload();
        bytes += payload.getBytes(StandardCharsets.UTF_8).length;
        out.write(payload);
        out.write('\n');
      }
    }
    return (double) bytes / n;
  }

  /**
   * Records/s from the summary line of kafka-producer-perf-test ("N records sent, R records/sec").
   */
  private static double perfTestRate(List<String> output) {
    Pattern summary = Pattern.compile("^(\\d+) records sent, ([\\d.]+) records/sec");
    for (int i = output.size() - 1; i >= 0; i--) {
      Matcher m = summary.matcher(output.get(i));
      if (m.find()) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new IllegalStateException(
        "no summary line in the output of kafka-producer-perf-test: " + output);
  }

  private void p95(Path dir) throws java.io.IOException {
    Path raw = p95Data == null ? dir.resolve("data") : p95Data;
    long start = System.nanoTime();
    resetPeaks();
    if (Files.isDirectory(raw.resolve("raw_events"))) {
      System.err.println("[bench] reusing " + raw.resolve("raw_events"));
    } else {
      writeRawEvents(raw.resolve("raw_events"), p95Events);
      row(
          "generate raw_events Parquet (DirectRunner)",
          p95Events,
          (System.nanoTime() - start) / 1e9,
          peakHeapMb(),
          "");
    }

    Map<String, Map<String, Double>> results = new HashMap<>();
    Map<String, Double> seconds = new HashMap<>();
    for (String mode : p95Modes.stream().filter(m -> !m.equals("SQL")).toList()) {
      DailyP95Options options =
          PipelineOptionsFactory.fromArgs(
                  "--runner=SparkRunner",
                  "--sparkMaster=" + sparkMaster,
                  "--mode=" + mode,
                  "--outputRoot=" + raw,
                  "--reportOutput=" + raw.resolve("p95-" + mode))
              .as(DailyP95Options.class);
      resetPeaks();
      start = System.nanoTime();
      PipelineResult.State state = DailyP95.run(options).waitUntilFinish();
      seconds.put(mode, (System.nanoTime() - start) / 1e9);
      results.put(mode, readCsv(raw.resolve("p95-" + mode).resolve("p95_event_duration.csv")));
      row(
          "daily p95 " + mode.toLowerCase(Locale.ROOT) + " (Beam, SparkRunner " + sparkMaster + ")",
          p95Events,
          seconds.get(mode),
          peakHeapMb(),
          state.toString());
    }
    if (!p95Modes.contains("SQL")) {
      return;
    }
    resetPeaks();
    start = System.nanoTime();
    Map<String, SparkSqlP95.Answer> sql =
        SparkSqlP95.run(sparkMaster, raw.resolve("raw_events"), 500);
    seconds.put("SQL", (System.nanoTime() - start) / 1e9);
    row(
        "daily p95 Spark SQL percentile_approx (" + sparkMaster + ")",
        p95Events,
        seconds.get("SQL"),
        peakHeapMb(),
        "");
    Map<String, Double> sqlP95 = new HashMap<>();
    sql.forEach((key, answer) -> sqlP95.put(key, answer.p95()));
    Map<String, Double> exact = results.get("EXACT");
    if (exact != null && results.containsKey("SKETCH")) {
      notes.add(
          String.format(
              Locale.ROOT,
              "p95 accuracy against exact (%d groups): worst relative difference sketch %.4f%%, "
                  + "Spark SQL %.4f%%",
              exact.size(),
              100 * worstDifference(exact, results.get("SKETCH")),
              100 * worstDifference(exact, sqlP95)));
    }
    results.forEach(
        (mode, answers) ->
            notes.add(
                String.format(
                    Locale.ROOT,
                    "p95 wall time, ours / Spark SQL: %s %.2f",
                    mode.toLowerCase(Locale.ROOT),
                    seconds.get(mode) / seconds.get("SQL"))));
  }

  private List<StreamingBenchmark.Result> streaming(Path dir) throws Exception {
    List<StreamingBenchmark.Result> results = new ArrayList<>();
    try (LocalStack stack = LocalStack.builder().dataDir(dir.resolve("stream-stack")).start()) {
      StreamingBenchmark bench =
          new StreamingBenchmark(
              stack, dir, streamBacklog, streamRate, streamSeconds, streamBatchMillis);
      for (int round = 1; round <= streamRounds; round++) {
        for (String engine : streamEngines) {
          StreamingBenchmark.Result result =
              switch (engine) {
                case "native" -> bench.nativeSpark(sparkMaster, 0, round);
                case "native-day-dedup" ->
                    bench.nativeSpark(
                        sparkMaster, StreamingDefaults.DEDUPLICATION_HORIZON_SECONDS, round);
                case "beam-spark" -> bench.beam("SparkRunner", sparkMaster, streamBeamArgs, round);
                case "beam-direct" ->
                    bench.beam("DirectRunner", sparkMaster, streamBeamArgs, round);
                default -> throw new IllegalArgumentException("unknown streaming engine " + engine);
              };
          System.err.println(result.format());
          results.add(result);
        }
      }
    }
    return results;
  }

  /**
   * Largest |other - exact| / exact over the exact groups; a group missing from {@code other}
   * counts as NaN.
   */
  private static double worstDifference(Map<String, Double> exact, Map<String, Double> other) {
    double worst = 0;
    for (Map.Entry<String, Double> group : exact.entrySet()) {
      Double value = other.get(group.getKey());
      worst =
          Math.max(
              worst,
              value == null ? Double.NaN : Math.abs(value - group.getValue()) / group.getValue());
    }
    return other.size() == exact.size() ? worst : Double.NaN;
  }

  private void row(String step, long events, double seconds, long peakMb, String status) {
    rows.add(
        String.format(
            Locale.ROOT,
            "%-58s %12d %10.1f %14.0f %10s  %s",
            step,
            events,
            seconds,
            events / seconds,
            peakMb < 0 ? "-" : Long.toString(peakMb),
            status));
  }

  private static Map<String, Double> readCsv(Path csv) throws java.io.IOException {
    Map<String, Double> p95 = new HashMap<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      String[] f = line.split(",");
      p95.put(f[0] + "," + f[1], Double.parseDouble(f[2]));
    }
    return p95;
  }

  private static void writeRawEvents(Path dir, long n) {
    Pipeline pipeline =
        Pipeline.create(
            PipelineOptionsFactory.fromArgs(
                    "--runner=DirectRunner",
                    "--enforceImmutability=false",
                    "--enforceEncodability=false")
                .create());
    pipeline
        .apply("GenerateIndexes", GenerateSequence.from(0).to(n))
        .apply("ToEvents", MapElements.via(new IndexToEvent()))
        .apply(
            "WriteRawEvents",
            WriteEventsParquet.to(dir.toString()).withFilePrefix("raw-events").withNumShards(4));
    pipeline.run().waitUntilFinish();
  }

  /**
   * Event i: 5 device types, 7 days, log-normal durations with rare outliers; deterministic in i.
   */
  static final class IndexToEvent extends SimpleFunction<Long, IotEvent> {
    private static final String[] TYPES = {
      "sensor_temp", "sensor_humidity", "sensor_motion", "sensor_co2", "sensor_light"
    };

    @Override
    public IotEvent apply(Long i) {
      Random random = new Random(i * 0x9E3779B97F4A7C15L);
      double duration =
          Math.exp(Math.log(200) + 0.5 * random.nextGaussian())
              * (random.nextDouble() < 0.005 ? 20 : 1);
      long time = 1_767_225_600_000L + (long) (random.nextDouble() * 7 * 86_400_000L);
      return new IotEvent(
          "e-" + i,
          "device-" + (i % 100),
          TYPES[(int) (i % TYPES.length)],
          time,
          duration,
          random.nextGaussian());
    }
  }

  static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** Heap in use right after a full collection. */
  static long liveHeapMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  static long peakHeapMb() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum()
        / (1024 * 1024);
  }
}
