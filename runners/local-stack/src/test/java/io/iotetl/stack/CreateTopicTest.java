package io.iotetl.stack;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateTopicTest {

  @Test
  void createsTheTopicAndAcceptsAnExistingOne(@TempDir Path dir) throws Exception {
    try (LocalStack stack = LocalStack.builder().dataDir(dir).start()) {
      String[] args = {
        "--bootstrap-servers=" + stack.bootstrapServers(),
        "--topic=Fleet.Events-EU",
        "--partitions=3"
      };
      assertThat(CreateTopic.execute(args), is(0));
      assertThat("a second run finds the topic and succeeds", CreateTopic.execute(args), is(0));
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
        int partitions =
            admin
                .describeTopics(List.of("Fleet.Events-EU"))
                .allTopicNames()
                .get()
                .get("Fleet.Events-EU")
                .partitions()
                .size();
        assertThat(partitions, is(3));
      }
    }
  }

  @Test
  void unreachableBrokerFailsWithExitCodeOneAfterTheTimeout() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    assertThat(
        CreateTopic.execute("--bootstrap-servers=127.0.0.1:" + closedPort, "--timeout-seconds=2"),
        is(1));
  }
}
