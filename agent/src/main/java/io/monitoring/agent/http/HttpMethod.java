package io.monitoring.agent.http;

/** The nine standard request methods get their own label value; anything else is {@code _OTHER}. Shared by server and client. */
public final class HttpMethod {
  public static final String[] NAMES = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "_OTHER"};
  public static final int OTHER = 9;

  private HttpMethod() {}

  public static int index(String method) {
    if (method == null) {
      return OTHER;
    }
    switch (method) {
      case "GET": return 0;
      case "HEAD": return 1;
      case "POST": return 2;
      case "PUT": return 3;
      case "DELETE": return 4;
      case "CONNECT": return 5;
      case "OPTIONS": return 6;
      case "TRACE": return 7;
      case "PATCH": return 8;
      default: return OTHER;
    }
  }
}
