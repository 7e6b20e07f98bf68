package io.monitoring.bench.overhead;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client for the load generator: one kept-alive connection, GET only, no allocation-heavy
 * machinery, so that the load generator costs little CPU on a machine the application under test shares.
 * Understands Content-Length, chunked bodies and {@code Connection: close}; reconnects on the next request after
 * an error or a close. Not thread-safe: one per worker.
 */
final class RawHttp implements Closeable {

    private final String host;
    private final int port;
    private final int timeoutMs;
    private final byte[] line = new byte[8192];
    private final byte[] skip = new byte[16384];
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean reuse;

    /** bytes of the last response's body */
    long lastBodyBytes;

    RawHttp(String host, int port, int timeoutMs) {
        this.host = host;
        this.port = port;
        this.timeoutMs = timeoutMs;
    }

    /** Sends {@code GET path} and reads the whole response; returns the status code. */
    int get(String path) throws IOException {
        if (socket == null || !reuse) {
            connect();
        }
        try {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUser-Agent: overhead-loadgen\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        close();
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMs);
        s.connect(new InetSocketAddress(host, port), timeoutMs);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 16384);
        out = s.getOutputStream();
        reuse = true;
    }

    private int readResponse() throws IOException {
        String status = readLine();
        // HTTP/1.1 200 OK
        int sp = status.indexOf(' ');
        if (sp < 0 || status.length() < sp + 4) {
            throw new IOException("bad status line: " + status);
        }
        int code = Integer.parseInt(status.substring(sp + 1, sp + 4));
        long length = -1;
        boolean chunked = false;
        boolean close = status.startsWith("HTTP/1.0");
        for (String h = readLine(); !h.isEmpty(); h = readLine()) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase().contains("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        long body = 0;
        if (chunked) {
            for (;;) {
                String size = readLine();
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (n == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                skipFully(n);
                body += n;
                readLine(); // CRLF after the chunk
            }
        } else if (length >= 0) {
            skipFully(length);
            body = length;
        } else if (code != 204 && code != 304) {
            // no length: the body runs to the end of the connection
            int r;
            while ((r = in.read(skip)) >= 0) {
                body += r;
            }
            close = true;
        }
        lastBodyBytes = body;
        reuse = !close;
        return code;
    }

    private void skipFully(long n) throws IOException {
        while (n > 0) {
            int r = in.read(skip, 0, (int) Math.min(skip.length, n));
            if (r < 0) {
                throw new EOFException("connection closed in the body");
            }
            n -= r;
        }
    }

    private String readLine() throws IOException {
        int n = 0;
        for (;;) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                if (n == line.length) {
                    throw new IOException("header line too long");
                }
                line[n++] = (byte) c;
            }
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            socket = null;
        }
    }
}
