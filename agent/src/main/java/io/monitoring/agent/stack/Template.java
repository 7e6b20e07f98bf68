package io.monitoring.agent.stack;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

/**
 * The stack's template language, chosen so that it collides with none of the languages inside the files
 * (Go templates in Alertmanager, Grafana's and Compose's {@code ${...}}): {@code {%name%}} is replaced by a
 * value, and a line holding only {@code {%if CONDITION%}}, {@code {%else%}} or {@code {%end%}} keeps or drops
 * the lines up to the next one. A condition is a flag, {@code !flag}, or flags joined by {@code |} (any of them);
 * an alternative may itself be flags joined by {@code &} (all of them): {@code compose&tracing-tempo}.
 * A file without {@code {%} is copied byte for byte.
 */
final class Template {
  private Template() {
  }

  static String render(String name, String text, Set<String> flags, Map<String, String> values) {
    if (!text.contains("{%")) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    Deque<boolean[]> open = new ArrayDeque<>(); // {this block keeps its lines, an enclosing block does}
    boolean keep = true;
    int lineNumber = 0;
    for (String line : text.split("(?<=\n)")) {
      lineNumber++;
      String directive = line.strip();
      if (directive.startsWith("{%if ") && directive.endsWith("%}")) {
        boolean holds = holds(directive.substring(5, directive.length() - 2).strip(), flags);
        open.push(new boolean[] {keep && holds, keep});
        keep = keep && holds;
      } else if (directive.equals("{%else%}")) {
        boolean[] block = requireOpen(open, name, lineNumber);
        block[0] = block[1] && !block[0];
        keep = block[0];
      } else if (directive.equals("{%end%}")) {
        keep = requireOpen(open, name, lineNumber)[1];
        open.pop();
      } else if (keep) {
        out.append(substitute(name, lineNumber, line, values));
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalStateException(name + ": " + open.size() + " {%if%} without {%end%}");
    }
    return out.toString();
  }

  private static boolean holds(String condition, Set<String> flags) {
    for (String alternative : condition.split("\\|")) {
      boolean all = true;
      for (String part : alternative.split("&")) {
        String flag = part.strip();
        all &= flag.startsWith("!") ? !flags.contains(flag.substring(1)) : flags.contains(flag);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean[] requireOpen(Deque<boolean[]> open, String name, int lineNumber) {
    if (open.isEmpty()) {
      throw new IllegalStateException(name + ":" + lineNumber + ": {%else%} or {%end%} without {%if%}");
    }
    return open.peek();
  }

  private static String substitute(String name, int lineNumber, String line, Map<String, String> values) {
    int start = line.indexOf("{%");
    if (start < 0) {
      return line;
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (start >= 0) {
      int end = line.indexOf("%}", start);
      if (end < 0) {
        throw new IllegalStateException(name + ":" + lineNumber + ": {% without %}");
      }
      String key = line.substring(start + 2, end);
      String value = values.get(key);
      if (value == null) {
        throw new IllegalStateException(name + ":" + lineNumber + ": no value for {%" + key + "%}");
      }
      out.append(line, from, start).append(value);
      from = end + 2;
      start = line.indexOf("{%", from);
    }
    return out.append(line.substring(from)).toString();
  }
}
