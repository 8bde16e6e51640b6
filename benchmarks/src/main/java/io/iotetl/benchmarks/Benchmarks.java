package io.iotetl.benchmarks;

import io.iotetl.pipelines.analytics.DailyP95;
import io.iotetl.pipelines.analytics.DailyP95Options;
import io.iotetl.pipelines.io.WriteEventsParquet;
import io.iotetl.pipelines.model.IotEvent;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
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
 * runner, with the sketch's accuracy against exact. Peak heap is the whole JVM's, per step.
 *
 * <pre>
 * mvn -q install -DskipTests && mvn -q -pl benchmarks exec:java -Dexec.args="--p95-events=1000000"
 * </pre>
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true, description = "Measures producer and p95 batch figures.")
public final class Benchmarks implements Callable<Integer> {

  @Option(names = "--producer-events", defaultValue = "300000", description = "Events for the producer run (default: ${DEFAULT-VALUE}).")
  private long producerEvents;

  @Option(names = "--p95-events", defaultValue = "1000000", description = "Raw events for the p95 runs (default: ${DEFAULT-VALUE}).")
  private long p95Events;

  @Option(names = "--spark-master", defaultValue = "local[2]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  private String sparkMaster;

  private final List<String> rows = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmarks()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("iot-etl-bench-");
    try (LocalStack stack = LocalStack.builder().dataDir(dir.resolve("stack")).topic("bench", 4).start()) {
      long start = System.nanoTime();
      int exit = IotEventProducer.execute("--bootstrap-servers=" + stack.bootstrapServers(), "--topic=bench",
          "--events=" + producerEvents, "--event-time-span=1d", "--progress-interval=30s", "--seed=1");
      double seconds = (System.nanoTime() - start) / 1e9;
      row("producer, acks=all, idempotent, 4 partitions", producerEvents, seconds, -1, exit == 0 ? "ok" : "FAILED");
    }

    Path raw = dir.resolve("data");
    long start = System.nanoTime();
    resetPeaks();
    writeRawEvents(raw.resolve("raw_events"), p95Events);
    row("generate raw_events Parquet (DirectRunner)", p95Events, (System.nanoTime() - start) / 1e9, peakHeapMb(), "");

    Map<String, Map<String, Double>> results = new HashMap<>();
    for (String mode : List.of("EXACT", "SKETCH")) {
      DailyP95Options options = PipelineOptionsFactory.fromArgs("--runner=SparkRunner", "--sparkMaster=" + sparkMaster,
          "--mode=" + mode, "--outputRoot=" + raw, "--reportOutput=" + raw.resolve("p95-" + mode)).as(DailyP95Options.class);
      resetPeaks();
      start = System.nanoTime();
      PipelineResult.State state = DailyP95.run(options).waitUntilFinish();
      double seconds = (System.nanoTime() - start) / 1e9;
      results.put(mode, readCsv(raw.resolve("p95-" + mode).resolve("p95_event_duration.csv")));
      row("daily p95 " + mode.toLowerCase(Locale.ROOT) + " (SparkRunner " + sparkMaster + ")", p95Events, seconds, peakHeapMb(),
          state.toString());
    }
    double worst = 0;
    for (Map.Entry<String, Double> exact : results.get("EXACT").entrySet()) {
      Double sketch = results.get("SKETCH").get(exact.getKey());
      worst = Math.max(worst, sketch == null ? Double.NaN : Math.abs(sketch - exact.getValue()) / exact.getValue());
    }
    System.out.printf("%n%-52s %12s %10s %14s %10s  %s%n", "step", "events", "seconds", "events/s", "peak MB", "status");
    rows.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "sketch vs exact p95: %d groups, worst relative difference %.4f%%%n",
        results.get("EXACT").size(), worst * 100);
    return 0;
  }

  private void row(String step, long events, double seconds, long peakMb, String status) {
    rows.add(String.format(Locale.ROOT, "%-52s %12d %10.1f %14.0f %10s  %s", step, events, seconds, events / seconds,
        peakMb < 0 ? "-" : Long.toString(peakMb), status));
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
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner",
        "--enforceImmutability=false", "--enforceEncodability=false").create());
    pipeline.apply("GenerateIndexes", GenerateSequence.from(0).to(n))
        .apply("ToEvents", MapElements.via(new IndexToEvent()))
        .setCoder(IotEvent.Coder.of())
        .apply("WriteRawEvents", WriteEventsParquet.to(dir.toString()).withFilePrefix("raw-events").withNumShards(4));
    pipeline.run().waitUntilFinish();
  }

  /** Event i: 5 device types, 7 days, log-normal durations with rare outliers; deterministic in i. */
  static final class IndexToEvent extends SimpleFunction<Long, IotEvent> {
    private static final String[] TYPES = {"sensor_temp", "sensor_humidity", "sensor_motion", "sensor_co2", "sensor_light"};

    @Override
    public IotEvent apply(Long i) {
      Random random = new Random(i * 0x9E3779B97F4A7C15L);
      double duration = Math.exp(Math.log(200) + 0.5 * random.nextGaussian()) * (random.nextDouble() < 0.005 ? 20 : 1);
      long time = 1_767_225_600_000L + (long) (random.nextDouble() * 7 * 86_400_000L);
      return new IotEvent("e-" + i, "device-" + (i % 100), TYPES[(int) (i % TYPES.length)], time, duration, random.nextGaussian());
    }
  }

  private static void resetPeaks() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeapMb() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
  }
}
