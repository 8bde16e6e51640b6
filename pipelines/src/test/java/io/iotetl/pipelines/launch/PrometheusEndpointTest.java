package io.iotetl.pipelines.launch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.iotetl.pipelines.streaming.ParseIotEvents;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.Test;

class PrometheusEndpointTest {

  @Test
  void servesThePipelinesCountersInPrometheusFormat() throws Exception {
    String valid =
        "{\"event_id\":\"a\",\"device_id\":\"d\",\"device_type\":\"sensor_temp\","
            + "\"event_timestamp\":\"2026-01-01T00:00:00Z\",\"event_duration\":1,\"value\":2}";
    List<KafkaRecord<String, String>> records =
        List.of(
            new KafkaRecord<>("t", 0, 0, 0, KafkaTimestampType.CREATE_TIME, null, null, valid),
            new KafkaRecord<>(
                "t", 0, 1, 0, KafkaTimestampType.CREATE_TIME, null, null, "not json"));
    Pipeline pipeline =
        Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
    pipeline
        .apply(
            Create.of(records)
                .withCoder(
                    KafkaRecordCoder.of(
                        NullableCoder.of(StringUtf8Coder.of()),
                        NullableCoder.of(StringUtf8Coder.of()))))
        .apply(ParseIotEvents.create());
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    MetricsOptions options =
        PipelineOptionsFactory.fromArgs("--metricsPort=" + port).as(MetricsOptions.class);
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.startIfEnabled(options, result)) {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(body, containsString("iot_etl_events_valid_total 1\n"));
      assertThat(body, containsString("iot_etl_rejected_total{reason=\"MALFORMED_JSON\"} 1\n"));
    }
  }
}
