package io.monitoring.agent.util;

/** The agent's JSON pages are written by hand (no JSON library in the jar): strings escaped here. */
public final class Json {
  private Json() {}

  /** {@code "name":"value"} ({@code null} unquoted), escaped. */
  public static StringBuilder field(StringBuilder out, String name, String value) {
    out.append('"').append(name).append("\":");
    return string(out, value);
  }

  /** {@code "name":number}; a NaN or infinite value (no observation) is {@code null}. */
  public static StringBuilder field(StringBuilder out, String name, double value) {
    out.append('"').append(name).append("\":");
    return Double.isNaN(value) || Double.isInfinite(value) ? out.append("null") : out.append(value);
  }

  /** {@code "name":number}. */
  public static StringBuilder field(StringBuilder out, String name, long value) {
    return out.append('"').append(name).append("\":").append(value);
  }

  /** {@code "value"} escaped, or {@code null}. */
  public static StringBuilder string(StringBuilder out, String value) {
    if (value == null) {
      return out.append("null");
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
        // control characters, and what could close a script element or a line in a page that embeds the JSON
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }
}
