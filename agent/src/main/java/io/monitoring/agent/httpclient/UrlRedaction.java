package io.monitoring.agent.httpclient;

/**
 * {@code url.full} without secrets: user info becomes {@code REDACTED:REDACTED@} and every query
 * parameter value becomes {@code REDACTED} (names are kept: they say what was asked, values can be
 * tokens, signatures or personal data). The fragment is dropped.
 */
final class UrlRedaction {
  static final String REDACTED = "REDACTED";

  private UrlRedaction() {}

  static String redact(String url) {
    int hash = url.indexOf('#');
    String u = hash < 0 ? url : url.substring(0, hash);
    int schemeEnd = u.indexOf("://");
    if (schemeEnd > 0) {
      int authorityStart = schemeEnd + 3;
      int authorityEnd = indexOfAny(u, authorityStart, "/?");
      int at = u.lastIndexOf('@', authorityEnd < 0 ? u.length() : authorityEnd);
      if (at >= authorityStart) {
        u = u.substring(0, authorityStart) + REDACTED + ":" + REDACTED + u.substring(at);
      }
    }
    int query = u.indexOf('?');
    if (query < 0) {
      return u;
    }
    StringBuilder out = new StringBuilder(u.length()).append(u, 0, query + 1);
    String[] params = u.substring(query + 1).split("&", -1);
    for (int i = 0; i < params.length; i++) {
      if (i > 0) {
        out.append('&');
      }
      int eq = params[i].indexOf('=');
      out.append(eq < 0 ? params[i] : params[i].substring(0, eq + 1) + REDACTED);
    }
    return out.toString();
  }

  private static int indexOfAny(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
