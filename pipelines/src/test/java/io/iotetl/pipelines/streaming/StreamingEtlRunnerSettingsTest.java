package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class StreamingEtlRunnerSettingsTest {

  @Test
  void stateIsCheckpointedWithEveryMicroBatchByDefault() {
    SparkPipelineOptions options =
        PipelineOptionsFactory.fromArgs("--batchIntervalMillis=5000")
            .as(SparkPipelineOptions.class);

    StreamingEtl.checkpointStateEveryBatch(options);

    assertThat(options.getCheckpointDurationMillis(), is(5000L));
  }

  @Test
  void anExplicitCheckpointDurationIsKept() {
    SparkPipelineOptions options =
        PipelineOptionsFactory.fromArgs(
                "--batchIntervalMillis=5000", "--checkpointDurationMillis=30000")
            .as(SparkPipelineOptions.class);

    StreamingEtl.checkpointStateEveryBatch(options);

    assertThat(options.getCheckpointDurationMillis(), is(30000L));
  }

  @Test
  void sparkReadsKafkaForHalfOfEachMicroBatchByDefault() {
    SparkPipelineOptions options = PipelineOptionsFactory.create().as(SparkPipelineOptions.class);

    StreamingEtl.readForHalfOfEachMicroBatch(options);

    assertThat(options.getReadTimePercentage(), is(0.5));
  }

  @Test
  void anExplicitReadTimePercentageIsKept() {
    SparkPipelineOptions options =
        PipelineOptionsFactory.fromArgs("--readTimePercentage=0.9").as(SparkPipelineOptions.class);

    StreamingEtl.readForHalfOfEachMicroBatch(options);

    assertThat(options.getReadTimePercentage(), is(0.9));
  }

  @Test
  void theDirectRunnerReadsKafkaThroughTheSplittableDoFnWrapper() {
    PipelineOptions options = PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create();

    StreamingEtl.readKafkaThroughSdfOnDirectRunner(options);

    assertThat(ExperimentalOptions.hasExperiment(options, "use_sdf_read"), is(true));
  }

  @Test
  void aUsersDeprecatedReadExperimentWinsOnTheDirectRunner() {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner", "--experiments=use_deprecated_read")
            .create();

    StreamingEtl.readKafkaThroughSdfOnDirectRunner(options);

    assertThat(ExperimentalOptions.hasExperiment(options, "use_sdf_read"), is(false));
  }

  @Test
  void theSparkRunnerKeepsItsPrimitiveRead() {
    PipelineOptions options = PipelineOptionsFactory.fromArgs("--runner=SparkRunner").create();

    StreamingEtl.readKafkaThroughSdfOnDirectRunner(options);

    assertThat(ExperimentalOptions.hasExperiment(options, "use_sdf_read"), is(false));
  }
}
