package io.iotetl.pipelines.analytics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactP95Test {

  private static double[] values(int n, Random random) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = Math.round(Math.exp(Math.log(200) + 0.5 * random.nextGaussian()) * 1000) / 1000.0;
    }
    return v;
  }

  private static void assertMatchesStraightforward(double[] v, long min) {
    Optional<ExactP95.Result> actual = ExactP95.compute(v, min);
    Optional<double[]> expected = StraightforwardP95.of(Arrays.stream(v).boxed().toList(), min);
    assertThat(actual.isPresent(), is(expected.isPresent()));
    expected.ifPresent(
        e -> {
          assertThat(actual.get().p95(), equalTo(e[0]));
          assertThat((double) actual.get().eventsPerDay(), equalTo(e[1]));
          assertThat((double) actual.get().eventsAfterFilter(), equalTo(e[2]));
        });
  }

  @Test
  void groupsBelowTheMinimumAreDroppedAndTheMinimumItselfIsKept() {
    Random random = new Random(1);
    assertThat(ExactP95.compute(values(499, random), 500).isPresent(), is(false));
    assertThat(ExactP95.compute(values(500, random), 500).isPresent(), is(true));
  }

  @Test
  void singleValueHasNoStandardDeviationAndIsDropped() {
    assertThat(ExactP95.compute(new double[] {5.0}, 1).isPresent(), is(false));
  }

  @Test
  void allValuesEqualKeepsEveryValue() {
    double[] v = new double[600];
    Arrays.fill(v, 42.5);
    ExactP95.Result r = ExactP95.compute(v, 500).orElseThrow();
    assertThat(r.p95(), is(42.5));
    assertThat(r.eventsAfterFilter(), is(600L));
  }

  @Test
  void outliersOnBothSidesAreExcludedBeforeThePercentile() {
    List<Double> list = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      list.add((double) (i % 100) + 100); // 100..199
    }
    list.add(100_000.0);
    list.add(-100_000.0);
    double[] v = list.stream().mapToDouble(Double::doubleValue).toArray();
    ExactP95.Result r = ExactP95.compute(v, 500).orElseThrow();
    assertThat(r.eventsPerDay(), is(1002L));
    assertThat(r.eventsAfterFilter(), is(1000L));
    assertThat(r.p95(), is(194.0));
    assertMatchesStraightforward(v, 500);
  }

  @Test
  void nearestRankIsTheSmallestValueCoveringNinetyFivePercent() {
    double[] v = new double[500];
    for (int i = 0; i < 500; i++) {
      v[i] = i + 1; // 1..500: 95% of 500 = 475 values <= 475
    }
    assertThat(ExactP95.compute(v, 500).orElseThrow().p95(), is(475.0));
  }

  @Test
  void randomGroupsMatchTheStraightforwardComputation() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      double[] v = values(500 + random.nextInt(2000), random);
      for (int i = 0; i < 5; i++) {
        v[random.nextInt(v.length)] *= 30; // a few outliers
      }
      assertMatchesStraightforward(v, 500);
    }
  }
}
