package io.monitoring.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One kept-alive HTTP/1.1 connection to a loopback server, written and read by hand on a plain socket (no HTTP
 * client the agent instruments), so that what a benchmark of a server measures is the server side alone.
 */
public final class KeptAliveConnection implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] request;
  private final byte[] buffer = new byte[8192];

  /** A connection to {@code 127.0.0.1:port} that will send {@code GET path}. */
  public KeptAliveConnection(int port, String path) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = socket.getInputStream();
    request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends the request and reads the whole response (headers, then Content-Length bytes); returns the status. */
  public int get() throws IOException {
    out.write(request);
    out.flush();
    int read = 0;
    int headerEnd = -1;
    int contentLength = 0;
    while (true) {
      int n = in.read(buffer, read, buffer.length - read);
      if (n < 0) {
        throw new IOException("connection closed");
      }
      read += n;
      if (headerEnd < 0) {
        headerEnd = indexOfBlankLine(read);
        if (headerEnd >= 0) {
          contentLength = contentLength(headerEnd);
        }
      }
      if (headerEnd >= 0 && read >= headerEnd + contentLength) {
        return (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
      }
    }
  }

  private int indexOfBlankLine(int length) {
    for (int i = 3; i < length; i++) {
      if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  private int contentLength(int headerEnd) {
    String headers = new String(buffer, 0, headerEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
    int i = headers.indexOf("content-length:");
    if (i < 0) {
      return 0;
    }
    int end = headers.indexOf('\r', i);
    return Integer.parseInt(headers.substring(i + "content-length:".length(), end).trim());
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
