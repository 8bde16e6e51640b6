package io.iotetl.pipelines.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.iotetl.pipelines.launch.PrometheusEndpoint;
import io.iotetl.producer.IotEventProducer;
import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The metrics endpoint of an unbounded streaming job is up within seconds of the start and shows
 * the job's counters while it runs, on every runner: {@code run()} returns at once (it does not
 * block on the DirectRunner), as the launcher needs to start the endpoint.
 */
@ExtendWith(LocalStackExtension.class)
class UnboundedMetricsEndpointTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"DirectRunner", "SparkRunner"})
  void endpointServesCountersWhileTheUnboundedJobRuns(String runner, LocalStack stack)
      throws Exception {
    String topic = "metrics-" + runner.toLowerCase();
    stack.createTopic(topic, 2);
    assertThat(
        IotEventProducer.execute(
            "--bootstrap-servers=" + stack.bootstrapServers(),
            "--topic=" + topic,
            "--events=200",
            "--event-time-start=2026-01-10T00:00:00Z",
            "--event-time-span=10m",
            "--seed=7"),
        is(0));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StreamingEtlOptions options =
        PipelineOptionsFactory.fromArgs(
                stack.withBeamS3Arguments(
                    "--runner=" + runner,
                    "--sparkMaster=local[2]",
                    "--bootstrapServers=" + stack.bootstrapServers(),
                    "--inputTopic=" + topic,
                    "--consumerGroup=" + topic,
                    "--outputRoot=s3://" + stack.bucket() + "/" + topic,
                    "--metricsPort=" + port,
                    "--s3UploadBufferSizeBytes=5242880"))
            .as(StreamingEtlOptions.class);

    PipelineResult job =
        CompletableFuture.supplyAsync(() -> StreamingEtl.run(options)).get(120, TimeUnit.SECONDS);
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.startIfEnabled(options, job)) {
      long deadline = System.currentTimeMillis() + 120_000;
      String body = "";
      while (!body.contains("iot_etl_events_valid_total 200\n")
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(1_000);
        body =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      }
      assertThat("the job is still running", job.getState().isTerminal(), is(false));
      assertThat(body, body.contains("iot_etl_events_valid_total 200\n"), is(true));
    } finally {
      stop(job);
    }
  }

  /**
   * Spark stops a streaming context gracefully; a micro-batch the stop interrupts surfaces here.
   */
  private static void stop(PipelineResult job) {
    try {
      job.cancel();
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("the streaming job reported while stopping: " + e);
    }
  }
}
