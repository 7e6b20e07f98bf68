package io.monitoring.bench;

import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat 11 serving one servlet on 127.0.0.1 (any free port), with Nagle off and unlimited keep-alive
 * requests, so that a {@link KeptAliveConnection} measures the server's work.
 */
public final class BenchmarkTomcat implements AutoCloseable {
  private final Tomcat tomcat = new Tomcat();
  private final Connector connector = new Connector();

  public BenchmarkTomcat(String contextPath, HttpServlet servlet, String mapping) throws IOException, LifecycleException {
    File base = Files.createTempDirectory("bench-tomcat").toFile();
    tomcat.setBaseDir(base.getAbsolutePath());
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setProperty("tcpNoDelay", "true");
    connector.setProperty("maxKeepAliveRequests", "-1");
    tomcat.setConnector(connector);
    Context ctx = tomcat.addContext(contextPath, base.getAbsolutePath());
    Tomcat.addServlet(ctx, "servlet", servlet);
    ctx.addServletMappingDecoded(mapping, "servlet");
    tomcat.start();
  }

  /** A new kept-alive connection that sends {@code GET path}. */
  public KeptAliveConnection connect(String path) throws IOException {
    return new KeptAliveConnection(connector.getLocalPort(), path);
  }

  @Override
  public void close() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }
}
