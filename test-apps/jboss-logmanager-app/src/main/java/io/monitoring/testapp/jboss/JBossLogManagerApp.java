package io.monitoring.testapp.jboss;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Starts the way a WildFly or Quarkus application does, with its log manager chosen late:
 * <ol>
 *   <li>{@code GET <backend-url>} three times with {@code HttpURLConnection}, then prints {@code CALLED 3};</li>
 *   <li>waits (at most 60 s, woken by the file system's watch service) until the file {@code --go-file} exists:
 *       the test creates it once the agent has exported those calls' spans and served a scrape, so every agent
 *       thread has run;</li>
 *   <li>with {@code --manager-set-in-main}, sets {@code java.util.logging.manager} to the JBoss LogManager only now
 *       (otherwise it comes from the command line);</li>
 *   <li>prints {@code LOG MANAGER <class of LogManager.getLogManager()>}, logs one INFO line through a JBoss
 *       console handler ({@code JBOSS INFO [jboss-app] ...} on stdout), calls the backend twice more and prints
 *       {@code DONE}; then stays up until it is stopped.</li>
 * </ol>
 * Nothing in this class touches {@code java.util.logging} before step 3.
 */
public final class JBossLogManagerApp {
    private JBossLogManagerApp() {
    }

    public static void main(String[] args) throws Exception {
        String backendUrl = value(args, "--backend-url");
        Path goFile = Path.of(value(args, "--go-file"));
        boolean managerSetInMain = java.util.Arrays.asList(args).contains("--manager-set-in-main");

        for (int i = 0; i < 3; i++) {
            call(backendUrl);
        }
        System.out.println("CALLED 3");
        awaitFile(goFile, 60);

        if (managerSetInMain) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        System.out.println("LOG MANAGER " + LogManager.getLogManager().getClass().getName());
        Logger log = Logger.getLogger("jboss-app");
        log.setUseParentHandlers(false);
        log.addHandler(new ConsoleHandler(ConsoleHandler.Target.SYSTEM_OUT, new PatternFormatter("JBOSS %p [%c] %s%n")));
        log.info("the application logs through its own log manager");
        for (int i = 0; i < 2; i++) {
            call(backendUrl);
        }
        System.out.println("DONE");
        Thread.currentThread().join();
    }

    /** Returns once {@code file} exists, told by the file system's watch service; exits with 2 after {@code seconds}. */
    private static void awaitFile(Path file, long seconds) throws IOException, InterruptedException {
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            file.toAbsolutePath().getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!Files.exists(file)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    System.out.println("NO GO within " + seconds + " s");
                    System.exit(2);
                }
                WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    private static void call(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream body = connection.getInputStream()) {
            body.readAllBytes();
        }
        connection.disconnect();
    }

    private static String value(String[] args, String flag) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + flag);
    }
}
