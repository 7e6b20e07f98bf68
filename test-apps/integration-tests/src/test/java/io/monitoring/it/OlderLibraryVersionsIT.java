package io.monitoring.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.it.support.AgentApp;
import io.monitoring.it.support.Artifacts;
import io.monitoring.it.support.ChildJvm;
import io.monitoring.it.support.Poll;
import io.monitoring.it.support.PrometheusScrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Libraries older than the ones the instrumentations were written for (OkHttp 3, Apache HttpClient 4.3,
 * Caffeine 2, Jedis 3): each is either measured (their classes have the same shape) or left exactly as it is
 * (Jedis 3 has no {@code executeCommand(CommandObject)}), never broken by a VerifyError, NoSuchMethodError
 * or ClassCircularityError, and the application's results are its own.
 */
class OlderLibraryVersionsIT {

    @Test
    void olderVersionsAreMeasuredOrLeftAloneButNeverBroken() {
        int metricsPort = ChildJvm.freePort();
        try (ChildJvm app = ChildJvm.app("legacy-libs-app").env(AgentApp.withoutAgentEnvironment()).agent(Artifacts.agentJar())
                .agentArgs("metrics.host=127.0.0.1,metrics.port=" + metricsPort + ",traces.exporter=none,log.level=debug").start()) {
            app.awaitLine("DONE", AgentApp.STARTUP);
            String output = app.stdout();
            for (String line : List.of("okhttp3.execute=200 ok", "okhttp3.enqueue=200 ok", "httpclient43=200 ok",
                    "caffeine2.getIfPresent=null", "caffeine2.getIfPresent=A", "caffeine2.get=A")) {
                assertTrue(output.contains(line), line + " in\n" + output);
            }
            for (String failure : List.of("VerifyError", "NoSuchMethodError", "NoSuchFieldError", "ClassCircularityError",
                    "IncompatibleClassChangeError", "[monitoring-agent] WARN")) {
                assertFalse(app.stderr().contains(failure), failure + " in\n" + app.stderr());
            }
            PrometheusScrape scrape = Poll.until(() -> PrometheusScrape.fetch(metricsPort),
                    s -> s.value("external_api_duration_seconds_count") >= 3, Duration.ofSeconds(20), "the three HTTP calls");
            assertEquals(3.0, scrape.value("external_api_duration_seconds_count", Map.of("method", "GET", "status_code", "200")),
                    "OkHttp 3 (execute, enqueue) and Apache HttpClient 4.3 measured like the current versions");
            assertEquals(Map.of("get hit", 2.0, "get miss", 1.0, "put success", 1.0),
                    scrape.valuesBy("cache_operations_total", "operation", "status"), "Caffeine 2 measured");
            assertEquals(0.0, scrape.value("monitoring_agent_errors_total"), scrape::raw);
        }
    }
}
