package io.monitoring.testapp.spring;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Prints {@code READY port=N} (the real bound port) once the application is ready to serve. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ReadyAnnouncer implements ApplicationListener<ApplicationReadyEvent> {

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        System.out.println("READY port=" + localPort(event.getApplicationContext().getEnvironment()));
        System.out.flush();
    }

    /** {@code local.server.port} is published by the embedded web server once it has bound its port. */
    static int localPort(Environment env) {
        Integer port = env.getProperty("local.server.port", Integer.class);
        if (port == null) {
            throw new IllegalStateException("local.server.port is not set; is the web server running?");
        }
        return port;
    }
}
