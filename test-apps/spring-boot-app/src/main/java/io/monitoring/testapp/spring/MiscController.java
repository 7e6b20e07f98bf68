package io.monitoring.testapp.spring;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class MiscController {

    /** Throws; Spring Boot's /error handling answers 500. */
    @GetMapping("/boom")
    public String boom() {
        throw new IllegalStateException("boom");
    }

    @GetMapping(value = "/health", produces = MediaType.TEXT_PLAIN_VALUE)
    public String health() {
        return "ok";
    }

    /** Sleeps {@code ?ms=N} milliseconds (default 100), then answers 200 (used to observe in-flight requests). */
    @GetMapping(value = "/slow", produces = MediaType.TEXT_PLAIN_VALUE)
    public String slow(@RequestParam(name = "ms", defaultValue = "100") long ms) throws InterruptedException {
        Thread.sleep(ms);
        return "slow";
    }

    /** Answers the status of the path with an empty body: refusals (401, 403, 429) and 5xx on demand. */
    @GetMapping("/status/{code}")
    public ResponseEntity<Void> status(@PathVariable("code") int code) {
        return ResponseEntity.status(code).build();
    }
}
