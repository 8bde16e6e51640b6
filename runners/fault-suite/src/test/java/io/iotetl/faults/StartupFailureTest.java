package io.iotetl.faults;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import io.iotetl.stack.LocalStack;
import io.iotetl.stack.LocalStackExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelines' {@code main}, run as a user runs it (its own JVM), against a store or broker that
 * refuses: one {@code error: ...} line naming the problem, no stack trace, exit code 1, and no
 * hang.
 */
@ExtendWith(LocalStackExtension.class)
class StartupFailureTest {

  private static final String STREAMING = "io.iotetl.pipelines.streaming.StreamingEtl";
  private static final String DAILY_P95 = "io.iotetl.pipelines.analytics.DailyP95";

  @Test
  void wrongSecretKeyStopsTheStreamingJobWithOneClearError(LocalStack stack, @TempDir Path dir)
      throws Exception {
    Run run =
        launch(
            dir,
            STREAMING,
            credentials(stack.accessKey(), "not-the-secret"),
            s3Args(stack, stack.bucket()),
            "--bootstrapServers=" + stack.bootstrapServers());
    run.assertOneError("refused access to bucket '" + stack.bucket() + "'");
  }

  @Test
  void noCredentialsAtAllStopsTheStreamingJobWithOneShortError(LocalStack stack, @TempDir Path dir)
      throws Exception {
    Run run =
        launch(
            dir,
            STREAMING,
            Map.of(),
            s3Args(stack, stack.bucket()),
            "--bootstrapServers=" + stack.bootstrapServers());
    run.assertOneError("no AWS credentials for S3 at " + stack.s3Endpoint());
  }

  @Test
  void missingBucketStopsTheStreamingJobWithOneClearError(LocalStack stack, @TempDir Path dir)
      throws Exception {
    Run run =
        launch(
            dir,
            STREAMING,
            credentials(stack),
            s3Args(stack, "no-such-bucket"),
            "--bootstrapServers=" + stack.bootstrapServers());
    run.assertOneError("bucket 'no-such-bucket' does not exist");
  }

  @Test
  void unreachableBrokerStopsTheStreamingJobWithOneClearError(LocalStack stack, @TempDir Path dir)
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Run run =
        launch(
            dir,
            STREAMING,
            credentials(stack),
            s3Args(stack, stack.bucket()),
            "--bootstrapServers=127.0.0.1:" + closedPort,
            "--kafkaConnectTimeoutSeconds=5");
    run.assertOneError("cannot reach Kafka at 127.0.0.1:" + closedPort);
  }

  @Test
  void missingBucketStopsTheDailyP95WithOneClearError(LocalStack stack, @TempDir Path dir)
      throws Exception {
    Run run = launch(dir, DAILY_P95, credentials(stack), s3Args(stack, "no-such-bucket"));
    run.assertOneError("no-such-bucket");
  }

  private static Map<String, String> credentials(LocalStack stack) {
    return credentials(stack.accessKey(), stack.secretKey());
  }

  private static Map<String, String> credentials(String accessKey, String secretKey) {
    return Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey);
  }

  private static List<String> s3Args(LocalStack stack, String bucket) {
    return List.of(
        "--runner=DirectRunner",
        "--endpoint=" + stack.s3Endpoint(),
        "--awsRegion=" + stack.region(),
        "--s3PathStyleAccess=true",
        "--bucket=" + bucket);
  }

  private record Run(int exitCode, List<String> stderr) {
    void assertOneError(String expected) {
      String all = String.join("\n", stderr);
      List<String> errors = stderr.stream().filter(line -> line.startsWith("error: ")).toList();
      assertThat(all, errors, hasSize(1));
      assertThat(errors.get(0), containsString(expected));
      assertThat(
          "stack trace lines",
          stderr.stream().filter(line -> line.trim().startsWith("at ")).toList(),
          is(empty()));
      assertThat(all, exitCode, is(1));
    }
  }

  /**
   * Runs {@code mainClass} in a new JVM on this test's class path, with only the given AWS_*
   * variables.
   */
  private static Run launch(
      Path dir,
      String mainClass,
      Map<String, String> environment,
      List<String> args,
      String... moreArgs)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    command.addAll(args);
    command.addAll(List.of(moreArgs));
    Path stderr = dir.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(false)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(stderr.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          mainClass + " still running after 90 s: " + Files.readString(stderr));
    }
    return new Run(process.exitValue(), Files.readAllLines(stderr, StandardCharsets.UTF_8));
  }
}
