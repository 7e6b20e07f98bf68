package io.monitoring.agent.cache;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class LettuceClusterRoutesTest {
  /** Lettuce's command wrappers (ClusterCommand, a traced command) as far as the agent reads them. */
  public static final class Wrapper {
    private final Object delegate;

    Wrapper(Object delegate) {
      this.delegate = delegate;
    }

    public Object getDelegate() {
      return delegate;
    }
  }

  private final LettuceClusterRoutes routes = new LettuceClusterRoutes();
  private final Object clusterConnection = new Object();
  private final Object nodeA = new Object();
  private final Object nodeB = new Object();

  @Test
  void aCommandIsServedByTheNodeItsCompletionWasWrittenTo() {
    CompletableFuture<String> future = new CompletableFuture<>();
    routes.routed(new Wrapper(new Wrapper(future)), nodeA, c -> c instanceof CompletionStage);

    assertSame(nodeA, routes.servedBy(future, clusterConnection));
    assertSame(clusterConnection, routes.servedBy(future, clusterConnection), "forgotten once reported");
  }

  @Test
  void aRedirectWritesItAgainAndTheLaterNodeServedIt() {
    CompletableFuture<String> future = new CompletableFuture<>();
    Wrapper clusterCommand = new Wrapper(future);
    routes.routed(clusterCommand, nodeA, c -> c instanceof CompletionStage);
    routes.routed(clusterCommand, nodeB, c -> c instanceof CompletionStage);

    assertSame(nodeB, routes.servedBy(future, clusterConnection));
  }

  @Test
  void aCommandNeverRoutedIsDescribedByItsConnection() {
    Object reactiveCommand = new Object();
    routes.routed(new Wrapper(new Object()), nodeA, c -> c == reactiveCommand);

    assertSame(clusterConnection, routes.servedBy(reactiveCommand, clusterConnection));
    assertSame(clusterConnection, routes.servedBy(null, clusterConnection));
  }
}
