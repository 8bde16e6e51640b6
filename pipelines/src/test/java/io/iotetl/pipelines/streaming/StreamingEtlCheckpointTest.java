package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;

class StreamingEtlCheckpointTest {

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
}
