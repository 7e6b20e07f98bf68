package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Http;
import io.monitoring.it.support.Jdks;
import io.monitoring.it.support.NativeProcess;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone Tomcat 11 (the distribution from Maven Central, started by the test with the agent) deploys,
 * undeploys and redeploys a WAR {@code -Dredeploy.cycles} times (20 by default): every deployment's requests
 * are counted, and once the WAR is gone and the heap collected, no webapp class loader is left (the agent
 * holds none of them: weak maps, strings for labels, no class objects).
 */
class WebappRedeployIT {
    private static final int CYCLES = Integer.getInteger("redeploy.cycles", 20);
    private static final String LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";

    @Test
    void redeployingAWebappLeavesNoClassLoaderBehindAndEveryDeploymentIsCounted(@TempDir Path dir) throws Exception {
        Path distribution = Path.of(System.getProperty("tomcat.distribution", "missing"));
        assertTrue(Files.isRegularFile(distribution), "the Tomcat distribution from Maven Central: " + distribution);
        Path home = unzip(distribution, dir);
        try (Stream<Path> apps = Files.list(home.resolve("webapps"))) {
            for (Path app : apps.toList()) {
                deleteRecursively(app); // ROOT, docs, examples, manager: not needed, and they hold loaders of their own
            }
        }
        int port = ChildJvm.freePort();
        String serverXml = Files.readString(home.resolve("conf/server.xml"))
                .replace("port=\"8005\"", "port=\"-1\"").replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\"")
                // the host looks for new and removed WARs every second instead of every ten
                .replace("<Engine name=\"Catalina\" defaultHost=\"localhost\">",
                        "<Engine name=\"Catalina\" defaultHost=\"localhost\" backgroundProcessorDelay=\"1\">");
        Files.writeString(home.resolve("conf/server.xml"), serverXml);
        Path war = Artifacts.appsDir().resolve("webapp-war/target/webapp-war.war");
        int metricsPort = ChildJvm.freePort();

        try (ChildJvm tomcat = ChildJvm.builder("tomcat").env(AgentApp.withoutAgentEnvironment())
                .agent(Artifacts.agentJar())
                .agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort + ",traces.exporter=none")
                .systemProperty("catalina.home", home.toString()).systemProperty("catalina.base", home.toString())
                .systemProperty("java.util.logging.manager", "org.apache.juli.ClassLoaderLogManager")
                .systemProperty("java.util.logging.config.file", home.resolve("conf/logging.properties").toString())
                .mainClass(List.of(home.resolve("bin/bootstrap.jar"), home.resolve("bin/tomcat-juli.jar")),
                        "org.apache.catalina.startup.Bootstrap")
                .args("start").start()) {
            tomcat.awaitLine("Server startup in", AgentApp.STARTUP);
            String hello = "http://127.0.0.1:" + port + "/shop/hello";
            Path deployed = home.resolve("webapps/shop.war");
            // every 200 the test receives, polls included (an undeploying webapp answers until it is gone)
            java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
            java.util.function.Supplier<Integer> get = () -> {
                Http.Response response = Http.get(hello);
                if (response.status() == 200) {
                    served.incrementAndGet();
                }
                return response.status();
            };
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                Files.copy(war, deployed, StandardCopyOption.REPLACE_EXISTING);
                Poll.until(get::get, s -> s == 200, Duration.ofSeconds(60), "deployment " + cycle);
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, get.get());
                }
                int expected = served.get();
                Poll.until(() -> PrometheusScrape.fetch(metricsPort).value("http_requests_total",
                        Map.of("route", "/shop/hello", "status_code", "200")), n -> n == expected, Duration.ofSeconds(10),
                        "deployment " + cycle + " counted: " + expected + " requests answered so far");
                Files.delete(deployed);
                Poll.until(get::get, s -> s == 404, Duration.ofSeconds(60), "undeployment " + cycle);
            }
            long pid = tomcat.pid();
            int left = Poll.until(() -> webappLoaders(pid), n -> n == 0, Duration.ofSeconds(60),
                    "no webapp class loader left after " + CYCLES + " undeployments");
            assertEquals(0, left);
            assertEquals(0.0, PrometheusScrape.fetch(metricsPort).value("monitoring_agent_errors_total"));
            System.out.println("[redeploy] " + CYCLES + " deploy/undeploy cycles, " + served.get() + " requests counted, "
                    + left + " webapp class loaders left");
        }
    }

    /** Instances of Tomcat's webapp class loader after a full GC, from the JVM's class histogram. */
    private static int webappLoaders(long pid) {
        String jcmd = Jdks.current().home().resolve("bin/jcmd").toString();
        NativeProcess.run(Path.of("."), Duration.ofSeconds(60), jcmd, Long.toString(pid), "GC.run");
        String histogram = NativeProcess.run(Path.of("."), Duration.ofSeconds(60), jcmd, Long.toString(pid),
                "GC.class_histogram").output();
        Matcher m = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(LOADER) + "\\b", Pattern.MULTILINE)
                .matcher(histogram);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static Path unzip(Path zip, Path into) throws IOException {
        Path root = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("entry outside the target: " + e.getName());
                }
                if (root == null) {
                    root = into.resolve(into.relativize(target).getName(0));
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING); // reads this entry only
                }
            }
        }
        return root;
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
