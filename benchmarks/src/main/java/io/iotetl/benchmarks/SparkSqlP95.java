package io.iotetl.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The daily p95 question written directly in Spark SQL, the way the original design did it: two
 * passes (per-day stats, then {@code percentile_approx} over the values within 3 sd), after
 * deduplicating by {@code event_id}. The yardstick for the Beam job's ours/native ratios.
 */
final class SparkSqlP95 {

  /** One answer row: the p95 and the two counts, keyed by {@code date,type}. */
  record Answer(double p95, long eventsPerDay, long eventsAfterFilter) {}

  private static final String QUERY =
      """
      WITH events AS (
        SELECT event_id, first(device_type) AS device_type,
               to_date(first(event_timestamp)) AS event_date, first(event_duration) AS event_duration
        FROM raw GROUP BY event_id),
      stats AS (
        SELECT event_date, device_type, count(*) AS events_per_day,
               avg(event_duration) AS mean, stddev_samp(event_duration) AS sd
        FROM events GROUP BY event_date, device_type HAVING count(*) >= %d)
      SELECT e.event_date, e.device_type, percentile_approx(e.event_duration, 0.95) AS p95,
             s.events_per_day, count(*) AS events_after_filter
      FROM events e JOIN stats s ON e.event_date = s.event_date AND e.device_type = s.device_type
      WHERE s.sd IS NOT NULL AND abs(e.event_duration - s.mean) <= 3 * s.sd
      GROUP BY e.event_date, e.device_type, s.events_per_day
      ORDER BY e.event_date, e.device_type
      """;

  private SparkSqlP95() {}

  static Map<String, Answer> run(String master, Path rawEvents, long minEvents) {
    SparkSession spark =
        SparkSession.builder()
            .master(master)
            .appName("spark-sql-p95")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    try {
      spark
          .read()
          .option("recursiveFileLookup", "true")
          .parquet(rawEvents.toString())
          .createOrReplaceTempView("raw");
      Map<String, Answer> answers = new LinkedHashMap<>();
      for (Row row : spark.sql(String.format(QUERY, minEvents)).collectAsList()) {
        answers.put(
            row.get(0) + "," + row.getString(1),
            new Answer(row.getDouble(2), row.getLong(3), row.getLong(4)));
      }
      return answers;
    } finally {
      spark.stop();
    }
  }
}
