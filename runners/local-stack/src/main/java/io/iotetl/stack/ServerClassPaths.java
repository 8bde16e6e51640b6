package io.iotetl.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Class paths of the child servers, written by the build (maven-dependency-plugin build-classpath)
 * into {@code META-INF/iotetl/*.classpath}. They point at jars in the local Maven repository, so
 * the servers use exactly the versions pinned in the parent POM and never share a class path with
 * Beam or Spark.
 */
final class ServerClassPaths {

  private ServerClassPaths() {}

  static String kafkaBroker() {
    return read("kafka-broker.classpath");
  }

  static String s3Proxy() {
    return read("s3proxy.classpath");
  }

  private static String read(String name) {
    String resource = "META-INF/iotetl/" + name;
    try (InputStream in = ServerClassPaths.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is missing: build the project with Maven (mvn install -DskipTests) first");
      }
      String classPath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (classPath.isEmpty()) {
        throw new IllegalStateException(
            resource + " is empty: the build did not resolve the server jars");
      }
      return classPath;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
