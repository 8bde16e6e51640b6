package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.Map;
import org.apache.beam.runners.spark.util.GlobalWatermarkHolder.SparkWatermarks;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class SparkInputWatermarkTest {

  private static final long T = 1_800_000_000_000L;

  private static SparkWatermarks low(long millis) {
    return new SparkWatermarks(new Instant(millis), new Instant(millis + 1), new Instant(T));
  }

  @Test
  void inputWatermarkIsTheLowestOfTheSources() {
    Map<Integer, SparkWatermarks> published = Map.of(0, low(T), 1, low(T - 60_000), 2, low(T + 5));
    assertThat(SparkInputWatermark.lowest(published, 3, T + 10), is(T - 60_000));
  }

  @Test
  void readerBehindThePublishedWatermarksKeepsItsOwn() {
    Map<Integer, SparkWatermarks> published = Map.of(0, low(T), 1, low(T));
    assertThat(SparkInputWatermark.lowest(published, 2, T - 1), is(T - 1));
  }

  @Test
  void unknownUntilEverySourceHasReported() {
    assertThat(SparkInputWatermark.lowest(null, 2, T), is(Long.MIN_VALUE));
    assertThat(SparkInputWatermark.lowest(Map.of(), 2, T), is(Long.MIN_VALUE));
    assertThat(SparkInputWatermark.lowest(Map.of(0, low(T)), 2, T), is(Long.MIN_VALUE));
  }

  @Test
  void unknownOutsideASparkJob() {
    assertThat(
        new SparkInputWatermark(1).of(T, PipelineOptionsFactory.create()), is(Long.MIN_VALUE));
  }
}
