package io.monitoring.agent.apibridge.application;

import application.io.opentelemetry.api.trace.Tracer;
import application.io.opentelemetry.api.trace.TracerProvider;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The application's tracers, one per name and version (applications name theirs in code: a handful). */
final class BridgedTracerProvider implements TracerProvider {
  static final BridgedTracerProvider INSTANCE = new BridgedTracerProvider();
  /** Past this many, a tracer is made per call rather than kept: a name built from data cannot grow the map. */
  private static final int MAX_KEPT = 256;

  private final ConcurrentMap<String, Tracer> tracers = new ConcurrentHashMap<>();

  @Override
  public Tracer get(String name) {
    return get(name, null);
  }

  @Override
  public Tracer get(String name, String version) {
    String key = version == null ? name : name + '\n' + version;
    Tracer tracer = tracers.get(key);
    if (tracer == null) {
      tracer = new BridgedTracer(name, version);
      if (tracers.size() < MAX_KEPT) {
        Tracer raced = tracers.putIfAbsent(key, tracer);
        tracer = raced == null ? tracer : raced;
      }
    }
    return tracer;
  }
}
