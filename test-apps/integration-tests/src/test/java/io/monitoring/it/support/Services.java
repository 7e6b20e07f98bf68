package io.monitoring.it.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The real servers some tests need on this machine (PostgreSQL 127.0.0.1:5432, MariaDB 127.0.0.1:3306,
 * Redis 127.0.0.1:6379). A test whose server is not listening is skipped with the reason, except under
 * {@code CI=true}, where the CI machine must have it and its absence fails the test.
 */
public final class Services {
    public static final Server POSTGRESQL = new Server("PostgreSQL", 5432);
    public static final Server MARIADB = new Server("MariaDB", 3306);
    public static final Server REDIS = new Server("Redis", 6379);

    private Services() {
    }

    public record Server(String name, int port) {
        public boolean isListening() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /**
         * For a test that covers this server among others: true when it is listening; false, with the reason
         * printed, when it is not; fails under CI=true, where every service must be there.
         */
        public boolean isAvailable() {
            if (isListening()) {
                return true;
            }
            String reason = name + " is not listening on 127.0.0.1:" + port;
            if (Jdks.isCi()) {
                Assertions.fail(reason + " (required under CI=true)");
            }
            System.out.println("[services] " + reason + "; its cases are skipped");
            return false;
        }

        /** Skips the calling test (fails it under CI=true) when the server is not listening. */
        public void requireOrSkip() {
            if (isListening()) {
                return;
            }
            String reason = name + " is not listening on 127.0.0.1:" + port;
            if (Jdks.isCi()) {
                Assertions.fail(reason + " (required under CI=true)");
            }
            System.out.println("[services] " + reason + "; skipping");
            Assumptions.abort(reason + "; skipping");
        }
    }
}
