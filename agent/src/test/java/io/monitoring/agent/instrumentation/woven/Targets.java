package io.monitoring.agent.instrumentation.woven;

import java.util.ArrayList;
import java.util.List;

/** Library-like classes the inliner test weaves advice into: every shape of method the agent's advice meets. */
public final class Targets {
  private Targets() {}

  /** What the test advice saw, in order. */
  public static final List<Object> SEEN = new ArrayList<>();

  public static class Base {
    protected String connection = "base-connection";
  }

  public static class Service extends Base {
    private long calls;
    final String name;

    public Service(String name, long start) {
      super();
      this.name = name + ":" + start;
    }

    /** Locals of every width around a loop, a try/catch and two returns. */
    public long compute(int count, long seed, double factor, String label) {
      long total = seed;
      double scaled = factor;
      for (int i = 0; i < count; i++) {
        try {
          if (label == null) {
            throw new IllegalStateException("no label");
          }
          total += label.length() * (long) scaled;
        } catch (IllegalStateException e) {
          total -= 1;
        }
        scaled *= 2;
      }
      calls++;
      if (total < 0) {
        return -1;
      }
      return total;
    }

    public String fail(String message) {
      throw new IllegalArgumentException(message);
    }

    public String echo(String value) {
      return value;
    }

    public int number() {
      return 41;
    }

    public void nothing() {
      calls++;
    }

    /** Its only instruction is its return: the exit handler's try range is that one jump. */
    public void empty() {
    }

    public static String shout(String value) {
      return value.toUpperCase();
    }

    public String field() {
      return connection;
    }

    public long calls() {
      return calls;
    }
  }
}
