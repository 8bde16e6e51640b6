package io.iotetl.stack;

import picocli.CommandLine.Option;

/** The topic options shared by the stack's command lines ({@code @Mixin}). */
final class TopicOptions {

  @Option(
      names = "--topic",
      defaultValue = LocalStack.DEFAULT_TOPIC,
      description = "Topic to create (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
  int partitions;
}
