package io.monitoring.agent.httpclient;

/**
 * Where an outgoing call goes, read off its URL without {@code java.net.URI} (which parses, validates and
 * allocates every component): the host as written ({@code [::1]} keeps its brackets) and the port, the
 * scheme's default when none is given, so that {@code target} is always {@code host:port}.
 */
final class Url {
  private static final Url UNKNOWN = new Url(null, 80);

  final String host;
  final int port;
  final String hostAndPort;

  private Url(String host, int port) {
    this.host = host;
    this.port = port;
    this.hostAndPort = (host == null ? "unknown" : host) + ":" + port;
  }

  static Url parse(String url) {
    int schemeEnd = url == null ? -1 : url.indexOf("://");
    if (schemeEnd <= 0) {
      return UNKNOWN;
    }
    int authorityStart = schemeEnd + 3;
    int authorityEnd = authorityStart;
    while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
      authorityEnd++;
    }
    int hostStart = url.lastIndexOf('@', authorityEnd - 1) + 1;
    if (hostStart < authorityStart) {
      hostStart = authorityStart;
    }
    int portSeparator = url.lastIndexOf(':', authorityEnd - 1);
    // "[::1]" has colons of its own: a port separator comes after the closing bracket
    if (portSeparator < hostStart || url.lastIndexOf(']', authorityEnd - 1) > portSeparator) {
      portSeparator = -1;
    }
    String host = url.substring(hostStart, portSeparator < 0 ? authorityEnd : portSeparator);
    int port = portSeparator < 0 ? -1 : parsePort(url, portSeparator + 1, authorityEnd);
    if (port < 0) {
      port = url.regionMatches(true, 0, "https", 0, 5) && schemeEnd == 5 ? 443 : 80;
    }
    return new Url(host.isEmpty() || host.equals("null") ? null : host, port);
  }

  private static int parsePort(String url, int from, int to) {
    if (from >= to || to - from > 5) {
      return -1;
    }
    int port = 0;
    for (int i = from; i < to; i++) {
      char c = url.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port;
  }
}
