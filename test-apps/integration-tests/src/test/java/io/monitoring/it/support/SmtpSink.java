package io.monitoring.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The smallest SMTP server a mail client needs (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on a
 * loopback port, keeping every message it accepts: a local e-mail sink for Alertmanager's email receiver. It offers
 * neither STARTTLS nor AUTH, so a client must not require them; connections are served one at a time.
 */
public final class SmtpSink implements AutoCloseable {
    /** One accepted message: the envelope recipients and the DATA as sent (headers and body). */
    public record Mail(List<String> recipients, String data) { }

    private final ServerSocket server;
    private final List<Mail> mails = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private SmtpSink(ServerSocket server) {
        this.server = server;
        this.thread = new Thread(this::serve, "smtp-sink");
        thread.setDaemon(true);
        thread.start();
    }

    public static SmtpSink start() throws IOException {
        return new SmtpSink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Mail> mails() {
        return mails;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                client.setSoTimeout(30_000);
                converse(client);
            } catch (IOException closedOrBroken) {
                // the next connection starts afresh; close() ends the loop
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
        OutputStream out = client.getOutputStream();
        reply(out, "220 localhost ESMTP smtp-sink");
        List<String> recipients = new CopyOnWriteArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
            switch (command) {
                case "EHLO" -> reply(out, "250-localhost\r\n250 8BITMIME");
                case "HELO", "MAIL", "NOOP" -> reply(out, "250 OK");
                case "RSET" -> {
                    recipients.clear();
                    reply(out, "250 OK");
                }
                case "RCPT" -> {
                    recipients.add(line.substring(line.indexOf(':') + 1).trim());
                    reply(out, "250 OK");
                }
                case "DATA" -> {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder data = new StringBuilder();
                    for (String dataLine; (dataLine = in.readLine()) != null && !dataLine.equals("."); ) {
                        data.append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine).append('\n');
                    }
                    mails.add(new Mail(List.copyOf(recipients), data.toString()));
                    recipients.clear();
                    reply(out, "250 OK queued");
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "502 not implemented");
            }
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
