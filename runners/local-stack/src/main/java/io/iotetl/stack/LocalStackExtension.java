package io.iotetl.stack;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a running {@link LocalStack}: started once per test JVM, shared by
 * every test class that uses it, and stopped when the test run ends (also when tests fail).
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class MyTest {
 *   @Test
 *   void roundTrip(LocalStack stack) { ... }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    stack(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return stack(context);
  }

  private static LocalStack stack(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            Running.class, key -> new Running(LocalStack.builder().start()), Running.class)
        .stack;
  }

  /** Closed by JUnit when the root context (the whole test run) ends. */
  private static final class Running implements ExtensionContext.Store.CloseableResource {
    private final LocalStack stack;

    Running(LocalStack stack) {
      this.stack = stack;
    }

    @Override
    public void close() {
      stack.close();
    }
  }
}
