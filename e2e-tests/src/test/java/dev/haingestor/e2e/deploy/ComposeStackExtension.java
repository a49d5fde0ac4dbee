package dev.haingestor.e2e.deploy;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one {@link ComposeStack} of the test run: started on first use, stopped when the
 * whole run ends (JUnit closes the root store's {@link AutoCloseable} values), so the deployment
 * tests share one start of the pipeline. A failed start is remembered and reported to every later
 * test at once instead of being retried.
 */
public final class ComposeStackExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ComposeStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ComposeStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(Started.class, key -> Started.attempt(), Started.class)
        .stack();
  }

  /** The outcome of the one start attempt. */
  private record Started(ComposeStack started, RuntimeException failure) implements AutoCloseable {

    static Started attempt() {
      try {
        return new Started(ComposeStack.start(), null);
      } catch (RuntimeException e) {
        return new Started(null, e);
      }
    }

    ComposeStack stack() {
      if (failure != null) {
        throw new IllegalStateException(failure.getMessage(), failure);
      }
      return started;
    }

    @Override
    public void close() {
      if (started != null) {
        started.close();
      }
    }
  }
}
