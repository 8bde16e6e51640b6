package io.iotetl.producer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Command line options of {@link IotEventProducer}; every option has a default. */
public final class ProducerOptions {

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
      description =
          "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or 127.0.0.1:9092).")
  String bootstrapServers;

  @Option(
      names = "--topic",
      defaultValue = "${env:KAFKA_TOPIC:-iot-events}",
      description = "Topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--events",
      defaultValue = "-1",
      description =
          "Records to send in total, duplicates and malformed ones included; -1 = 1000 unless --duration is set.")
  long events;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description =
          "Stop after this long (e.g. 30s, 5m, 2h, PT1H); with --events, whichever comes first.")
  Duration duration;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description = "Events per second; 0 = as fast as possible (default).")
  double rate;

  @Option(
      names = "--devices",
      defaultValue = "50",
      description = "Number of distinct devices (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--device-types",
      split = ",",
      defaultValue = "sensor_temp,sensor_humidity,sensor_motion",
      description =
          "Comma-separated device types; devices are spread over them round-robin (default: ${DEFAULT-VALUE}).")
  List<String> deviceTypes;

  @Option(
      names = "--event-time-start",
      converter = InstantConverter.class,
      description =
          "Event time of the first event, ISO-8601 UTC (default: now minus --event-time-span, so a"
              + " backfill ends now).")
  Instant eventTimeStart;

  @Option(
      names = "--event-time-span",
      converter = DurationConverter.class,
      defaultValue = "0s",
      description =
          "Event times are spread evenly over this span from the start (e.g. 3d to backfill three days in"
              + " seconds); 0 = event time follows the wall clock (default).")
  Duration eventTimeSpan;

  @Option(
      names = "--late-share",
      defaultValue = "0",
      description =
          "Share (0..1) of late events: stamped --late-min to --late-max behind the current event time.")
  double lateShare;

  @Option(
      names = "--late-min",
      converter = DurationConverter.class,
      defaultValue = "3m",
      description = "Least lateness of a late event (default: ${DEFAULT-VALUE}).")
  Duration lateMin;

  @Option(
      names = "--late-max",
      converter = DurationConverter.class,
      defaultValue = "15m",
      description = "Most lateness of a late event (default: ${DEFAULT-VALUE}).")
  Duration lateMax;

  @Option(
      names = "--duplicate-share",
      defaultValue = "0",
      description = "Share (0..1) of records that re-send an earlier event verbatim.")
  double duplicateShare;

  @Option(
      names = "--malformed-share",
      defaultValue = "0",
      description = "Share (0..1) of deliberately invalid records.")
  double malformedShare;

  @Option(
      names = "--seed",
      description = "Random seed, for a reproducible stream (default: random, printed).")
  Long seed;

  @Option(
      names = "--replay-file",
      description = "Send each line of this JSON-lines file verbatim instead of generated events.")
  Path replayFile;

  @Option(
      names = "--progress-interval",
      converter = DurationConverter.class,
      defaultValue = "5s",
      description = "How often progress is printed on stderr (default: ${DEFAULT-VALUE}).")
  Duration progressInterval;

  @Option(
      names = "--max-block",
      converter = DurationConverter.class,
      defaultValue = "20s",
      description =
          "How long a send may wait for an unreachable broker before failing (default: ${DEFAULT-VALUE}).")
  Duration maxBlock;

  @Option(
      names = "--delivery-timeout",
      converter = DurationConverter.class,
      defaultValue = "60s",
      description =
          "Upper bound on a record's delivery, retries included (default: ${DEFAULT-VALUE}).")
  Duration deliveryTimeout;

  @Option(
      names = "--metrics-port",
      defaultValue = "0",
      description =
          "Serve Prometheus metrics at http://<metrics-bind>:PORT/metrics while running; 0 = off (default).")
  int metricsPort;

  @Option(
      names = "--metrics-bind",
      defaultValue = "127.0.0.1",
      description = "Address of the metrics endpoint (default: ${DEFAULT-VALUE}).")
  String metricsBind;

  /** Checks value ranges; returns an error message, or null when the options are consistent. */
  String validate() {
    if (devices < 1) {
      return "--devices must be at least 1";
    }
    if (deviceTypes.isEmpty() || deviceTypes.stream().anyMatch(String::isBlank)) {
      return "--device-types must name at least one type";
    }
    if (rate < 0 || Double.isNaN(rate)) {
      return "--rate must be 0 (unlimited) or positive";
    }
    for (double share : new double[] {lateShare, duplicateShare, malformedShare}) {
      if (!(share >= 0 && share <= 1)) {
        return "shares must be between 0 and 1";
      }
    }
    if (lateShare + duplicateShare + malformedShare > 1) {
      return "--late-share + --duplicate-share + --malformed-share must not exceed 1";
    }
    if (lateMin.isNegative() || lateMax.compareTo(lateMin) < 0) {
      return "--late-max must be at least --late-min, and both non-negative";
    }
    if (eventTimeSpan.isNegative()) {
      return "--event-time-span must not be negative";
    }
    return null;
  }

  /** Total records to send, or -1 for "until --duration ends". */
  long totalEvents() {
    if (events >= 0) {
      return events;
    }
    return duration == null ? 1000 : -1;
  }

  /** Accepts 30s, 5m, 2h, 3d, 250ms and ISO-8601 durations such as PT1H. */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      String value = text.trim().toLowerCase(Locale.ROOT);
      if (value.startsWith("p")) {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      }
      if (value.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      }
      long amount = Long.parseLong(value.substring(0, value.length() - 1));
      return switch (value.charAt(value.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        case 'd' -> Duration.ofDays(amount);
        default ->
            throw new IllegalArgumentException(
                "not a duration: " + text + " (use e.g. 30s, 5m, 2h, 3d or PT1H)");
      };
    }
  }

  /** ISO-8601 instants; a plain date means its UTC midnight. */
  public static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String text) {
      if (text.length() == 10) {
        return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(text);
    }
  }
}
