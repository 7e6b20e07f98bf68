package io.monitoring.agent.tracing;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.ScheduledTasks;
import io.opentelemetry.context.Context;

/**
 * A scheduled task runs within the trace context current where it was scheduled. Without a context (no request
 * being traced) the task is returned as it is: nothing is allocated for an application that traces nothing.
 */
public final class ContextCarryingTasks implements ScheduledTasks.Handler {
  @Override
  public Runnable scheduled(Runnable task) {
    try {
      Context current = Context.current();
      return current == Context.root() ? task : current.wrap(task);
    } catch (Throwable t) {
      // the scheduler calls this for every task: it must always get one back
      AgentErrors.record(t, "reactor");
      return task;
    }
  }
}
