package io.iotetl.quickstart;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The quickstart end to end, smaller: its streaming step is the unbounded streaming ETL on the
 * SparkRunner, stopped once the topic is drained and every window written.
 */
class QuickstartTest {

  @Test
  void wholeMissionRunsOnSparkAndLeavesTheP95Report(@TempDir Path dir) throws Exception {
    Path reportDir = dir.resolve("report");
    int exit = new CommandLine(new Quickstart()).execute("--events=12000", "--days=1", "--spark-master=local[2]",
        "--report-dir=" + reportDir, "--timeout-minutes=8");
    assertThat(exit, is(0));

    List<String> csv = Files.readAllLines(reportDir.resolve("p95_event_duration.csv"));
    assertThat(csv.get(0), equalTo("event_date,device_type,p95_event_duration,events_per_day,events_after_filter"));
    // One day: temp, humidity and motion (about 3,600 events each) pass 500; co2 (about 800) passes; light (about 400) does not.
    assertThat(String.join("\n", csv), containsString(",sensor_co2,"));
    assertThat(String.join("\n", csv).contains(",sensor_light,"), is(false));
    assertThat(csv.size(), greaterThan(4));
  }
}
