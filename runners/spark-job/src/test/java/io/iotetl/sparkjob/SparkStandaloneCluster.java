package io.iotetl.sparkjob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster (one master, one worker) started from a Spark home built out of Maven
 * jars, on 127.0.0.1, for submitting the job jar as a user would with spark-submit.
 */
final class SparkStandaloneCluster implements AutoCloseable {

  /** JVM flags Spark needs on Java 17, for master, worker, driver and executors. */
  static final List<String> JAVA17_FLAGS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
              "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
              "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
              "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
              "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
              "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
              "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
              "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false",
              "-Dio.netty.tryReflectionSetAccessible=true");

  private final Path sparkHome;
  private final Path logs;
  private final int masterPort;
  private final Map<String, String> environment;
  private final List<Process> processes = new ArrayList<>();

  private SparkStandaloneCluster(
      Path sparkHome, Path logs, int masterPort, Map<String, String> environment) {
    this.sparkHome = sparkHome;
    this.logs = logs;
    this.masterPort = masterPort;
    this.environment = environment;
  }

  static SparkStandaloneCluster start(Path sparkHome, Path logs)
      throws IOException, InterruptedException {
    return start(sparkHome, logs, Map.of());
  }

  /**
   * Starts a master and a worker; {@code environment} is added to every process's environment (the
   * worker passes it on to executors), e.g. AWS credentials for S3A checkpoints.
   */
  static SparkStandaloneCluster start(Path sparkHome, Path logs, Map<String, String> environment)
      throws IOException, InterruptedException {
    int masterPort = freePort();
    int masterUi = freePort();
    SparkStandaloneCluster cluster =
        new SparkStandaloneCluster(sparkHome, logs, masterPort, environment);
    try {
      cluster.launch(
          "master",
          List.of("-Xmx512m"),
          "org.apache.spark.deploy.master.Master",
          List.of(
              "--host",
              "127.0.0.1",
              "--port",
              Integer.toString(masterPort),
              "--webui-port",
              Integer.toString(masterUi)));
      cluster.launch(
          "worker",
          List.of("-Xmx512m"),
          "org.apache.spark.deploy.worker.Worker",
          List.of(
              cluster.masterUrl(),
              "--host",
              "127.0.0.1",
              "--cores",
              "2",
              "--memory",
              "2g",
              "--webui-port",
              Integer.toString(freePort()),
              "--work-dir",
              logs.resolve("work").toString()));
      cluster.awaitWorker(masterUi);
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /**
   * Runs spark-submit (client mode) for {@code mainClass} in {@code jar}; returns its exit code.
   */
  int submit(String name, Path jar, String mainClass, List<String> args, Duration timeout)
      throws IOException, InterruptedException {
    Process process = startSubmit(name, jar, mainClass, Map.of(), args);
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "spark-submit " + name + " did not finish within " + timeout + tail("submit-" + name));
    }
    return process.exitValue();
  }

  /**
   * Starts spark-submit (client mode: the driver is this process) for {@code mainClass} in {@code
   * jar} with extra Spark configuration {@code conf}, without waiting for it; its output goes to
   * {@code submit-<name>.log}.
   */
  Process startSubmit(
      String name, Path jar, String mainClass, Map<String, String> conf, List<String> args)
      throws IOException {
    List<String> submit =
        new ArrayList<>(
            List.of(
                "--master",
                masterUrl(),
                "--deploy-mode",
                "client",
                "--name",
                name,
                "--class",
                mainClass,
                "--total-executor-cores",
                "2",
                "--executor-memory",
                "1g",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.executor.extraJavaOptions=" + String.join(" ", JAVA17_FLAGS)));
    conf.forEach((key, value) -> submit.addAll(List.of("--conf", key + "=" + value)));
    submit.add(jar.toString());
    submit.addAll(args);
    return launch(
        "submit-" + name, List.of("-Xmx1g"), "org.apache.spark.deploy.SparkSubmit", submit);
  }

  String tail(String name) {
    try {
      List<String> lines = Files.readAllLines(logs.resolve(name + ".log"));
      return "\n--- "
          + name
          + ".log ---\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private Process launch(String name, List<String> jvmArgs, String mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JAVA17_FLAGS);
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
    command.addAll(args);
    Files.createDirectories(logs);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".log").toFile());
    builder.environment().putAll(environment);
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    // Spark's launcher asks for the Scala version before it looks for RELEASE and jars/.
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("SPARK_MASTER_HOST", "127.0.0.1");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void awaitWorker(int masterUi) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        String json =
            http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        if (json.contains("\"aliveworkers\" : 1") || json.contains("\"aliveworkers\":1")) {
          return;
        }
      } catch (IOException e) {
        // Master UI not up yet.
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "no Spark worker registered within 60 s" + tail("master") + tail("worker"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
