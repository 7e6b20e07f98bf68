package io.monitoring.agent.faulttolerance;

import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.bootstrap.FaultToleranceHooks;
import io.monitoring.agent.metrics.AgentMetrics;
import io.monitoring.agent.metrics.SeriesSlots;
import io.monitoring.agent.metrics.SeriesTable;
import io.monitoring.agent.util.PublicMethods;
import io.monitoring.agent.util.WeakIdentityMap;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code circuit_breaker_state{name}}, {@code circuit_breaker_calls_total{name, outcome}} and
 * {@code rate_limit_hits_total{name}}. A breaker or limiter is resolved once to its series by its
 * {@code getName()} (names capped through the series table) and remembered weakly by identity, so a call costs
 * one identity lookup and one increment. The state is read from the breaker's own {@code getState()} when
 * {@code /metrics} is scraped: 0 closed (and disabled, metrics-only: calls pass), 1 open (and forced-open: calls
 * are refused), 2 half-open. Two live breakers with one name show the one seen last.
 */
public final class FaultToleranceMetrics implements FaultToleranceHooks.Handler {
  private static final String[] OUTCOMES = {"success", "failure", "not_permitted"};
  private static final String INSTRUMENTATION = "resilience4j";

  private final Counter calls;
  private final Counter rateLimitHits;
  private final SeriesTable<Breaker> breakerNames;
  private final SeriesTable<CounterDataPoint> limiterNames;
  private final WeakIdentityMap<Breaker> breakers = new WeakIdentityMap<>();
  private final WeakIdentityMap<CounterDataPoint> limiters = new WeakIdentityMap<>();
  /** The breakers whose state is reported, by name; {@code _other} is not a breaker and has no state. */
  private final Map<String, Breaker> byName = new ConcurrentHashMap<>();

  public FaultToleranceMetrics(AgentMetrics metrics) {
    calls = Counter.builder().name("circuit_breaker_calls_total")
        .help("Calls through each circuit breaker: success or failure as the breaker recorded them, not_permitted when it refused the call")
        .labelNames("name", "outcome").constLabels(metrics.constLabels()).withoutExemplars().register(metrics.registry());
    rateLimitHits = Counter.builder().name("rate_limit_hits_total")
        .help("Calls each rate limiter rejected")
        .labelNames("name").constLabels(metrics.constLabels()).withoutExemplars().register(metrics.registry());
    GaugeWithCallback.builder().name("circuit_breaker_state")
        .help("State of each circuit breaker, read when scraped: 0 closed (also disabled, metrics-only), 1 open (also forced-open), 2 half-open")
        .labelNames("name").constLabels(metrics.constLabels())
        .callback(callback -> {
          for (Map.Entry<String, Breaker> e : byName.entrySet()) {
            double state = e.getValue().state();
            if (state >= 0) {
              callback.call(state, e.getKey());
            }
          }
        })
        .register(metrics.registry());
    breakerNames = metrics.seriesTable("circuit_breaker_calls_total", this::bindBreaker);
    limiterNames = metrics.seriesTable("rate_limit_hits_total", name -> rateLimitHits.labelValues(name));
  }

  private Breaker bindBreaker(String name) {
    Breaker breaker = new Breaker(name);
    if (!AgentMetrics.OTHER.equals(name)) {
      byName.put(name, breaker);
    }
    return breaker;
  }

  @Override
  public void breakerCreated(Object breaker) {
    breaker(breaker);
  }

  @Override
  public void callRecorded(Object breaker, int outcome) {
    breaker(breaker).calls.get(outcome).inc();
  }

  @Override
  public void permitRefused(Object limiter) {
    CounterDataPoint hits = limiters.get(limiter);
    if (hits == null) {
      hits = limiterNames.get(name(limiter));
      limiters.put(limiter, hits);
    }
    hits.inc();
  }

  private Breaker breaker(Object instance) {
    Breaker breaker = breakers.get(instance);
    if (breaker == null) {
      breaker = breakerNames.get(name(instance));
      breaker.seen(instance);
      breakers.put(instance, breaker);
    }
    return breaker;
  }

  private static String name(Object instance) {
    try {
      return String.valueOf(PublicMethods.find(instance.getClass(), "getName").invoke(instance));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(instance.getClass().getName() + " has no readable getName()", e);
    }
  }

  /** One breaker name: its call counters, and the breaker of that name seen last, for its state. */
  private final class Breaker {
    final SeriesSlots<CounterDataPoint> calls;
    private volatile WeakReference<Object> instance = new WeakReference<>(null);
    private volatile Method getState;

    Breaker(String name) {
      calls = new SeriesSlots<>(outcome -> FaultToleranceMetrics.this.calls.labelValues(name, OUTCOMES[outcome]));
    }

    void seen(Object breaker) {
      getState = PublicMethods.find(breaker.getClass(), "getState");
      instance = new WeakReference<>(breaker);
    }

    /** 0 closed, 1 open, 2 half-open; -1 when the breaker is gone or its state unreadable. */
    double state() {
      Object breaker = instance.get();
      Method m = getState;
      if (breaker == null || m == null) {
        return -1;
      }
      try {
        switch (((Enum<?>) m.invoke(breaker)).name()) {
          case "OPEN":
          case "FORCED_OPEN":
            return 1;
          case "HALF_OPEN":
            return 2;
          default: // CLOSED, DISABLED, METRICS_ONLY: calls pass
            return 0;
        }
      } catch (Throwable t) {
        AgentErrors.record(t, INSTRUMENTATION);
        return -1;
      }
    }
  }
}
