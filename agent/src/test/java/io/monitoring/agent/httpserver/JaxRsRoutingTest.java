package io.monitoring.agent.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a JAX-RS runtime's matched templates become one route template, and how they are read off objects shaped like
 * Jersey's and RESTEasy's (the integration tests read the real ones).
 */
class JaxRsRoutingTest {
  @ParameterizedTest(name = "{0} + {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // class and method @Path, with or without slashes
      "null            | /users                  | /users",
      "null            | users                   | /users",
      "/users          | /{name}                 | /users/{name}",
      "/users          | {name}/                 | /users/{name}",
      "/users/         | //{name}                | /users/{name}",
      // a locator's path, then the sub-resource method's
      "/users/{name}   | pets/{petId}            | /users/{name}/pets/{petId}",
      // a variable's pattern is dropped, whatever it holds
      "/orders         | {id: \\d+}              | /orders/{id}",
      "/orders         | { id :[0-9]+ }          | /orders/{id}",
      "/codes          | {code: [a-z]{2}}/x      | /codes/{code}/x",
      "/files          | {path: .+/.+}           | /files/{path}",
      "/v1             | {a}-{b: \\d+}.json      | /v1/{a}-{b}.json",
      // nothing added: the root resource, a method without @Path
      "null            | /                       | /",
      "null            | ''                      | /",
      "/users          | /                       | /users",
      "/users          | null                    | /users",
      "/               | /items                  | /items",
  })
  void templatesJoinWithOneSlashAndWithoutPatterns(String route, String template, String expected) {
    assertEquals(expected, JaxRsRouting.append(route, template));
  }

  @Test
  void aTemplateWithoutPatternOrStraySlashIsKeptAsItIs() {
    assertEquals("/users/{name}", JaxRsRouting.append(null, "/users/{name}"));
  }

  @Test
  void jerseysTemplatesAreJoinedFromTheFirstMatched() {
    // Jersey lists the templates last matched first: the sub-resource method's, the locator's, the class's
    RoutingContext routing = new RoutingContext(new Object(), "/{petId}", "/", "/{name}/pets", "/users");
    assertEquals("/users/{name}/pets/{petId}", JaxRsRouting.matched(new ProcessingContext(routing), null));
    assertEquals("/", JaxRsRouting.matched(new ProcessingContext(new RoutingContext(new Object(), "/")), null));
  }

  @Test
  void noResourceMethodOrANotFoundIsNothingMatchedAndOtherFailuresNameNoTemplate() {
    RoutingContext noEndpoint = new RoutingContext(null, "/users");
    assertEquals(HttpRoute.UNMATCHED, JaxRsRouting.matched(new ProcessingContext(noEndpoint), null));
    assertEquals(HttpRoute.UNMATCHED, JaxRsRouting.matched(null, new jakarta.ws.rs.NotFoundException()));
    assertEquals(HttpRoute.UNMATCHED, JaxRsRouting.matched(null, new jakarta.ws.rs.NotFoundException() {}));
    assertNull(JaxRsRouting.matched(null, new IllegalStateException("405")));
    assertEquals(HttpRoute.UNMATCHED, JaxRsRouting.matched(null, null), "RESTEasy found no invoker");
  }

  @Test
  void resteasysInvokersNameTheirResourcesFullPath() {
    assertEquals("/orders/{id}", JaxRsRouting.matched(new Invoker(new ResourceMethod("orders/{id: \\d+}")), null));
    assertEquals("/", JaxRsRouting.matched(new Invoker(new ResourceMethod("")), null));
    assertNull(JaxRsRouting.matched(new Object(), null), "an invoker without resource metadata");
  }

  @Test
  void stepsOfOneRequestAddUpOnItsOperation() {
    HttpServerOperation op = new HttpServerOperation(0, 0, null, null, "/shop", "/api", "/users/alice/pets/7");
    op.routed(JaxRsRouting.matched(new Invoker(new ResourceMethod("/users/{name}/pets")), null));
    op.routed(JaxRsRouting.matched(new Invoker(new ResourceMethod("{petId}")), null));
    op.template(null, true);
    assertEquals("/users/{name}/pets/{petId}", op.template);
    op.template("/spring/{pattern}", true);
    assertEquals("/spring/{pattern}", op.template, "the servlet request's own template comes first");
    op.template("/spring/{pattern}", false);
    assertEquals("/users/{name}/pets/{petId}", op.template, "spring-webmvc off leaves JAX-RS routes on");
    op.routed(JaxRsRouting.matched(null, new jakarta.ws.rs.NotFoundException()));
    op.template(null, true);
    assertEquals(HttpRoute.UNMATCHED, op.template);
  }

  /** Shaped like Jersey's RequestProcessingContext. */
  public static final class ProcessingContext {
    private final RoutingContext routing;

    ProcessingContext(RoutingContext routing) {
      this.routing = routing;
    }

    public RoutingContext routingContext() {
      return routing;
    }
  }

  /** Shaped like Jersey's UriRoutingContext. */
  public static final class RoutingContext {
    private final Object endpoint;
    private final List<Template> templates;

    RoutingContext(Object endpoint, String... lastMatchedFirst) {
      this.endpoint = endpoint;
      this.templates = Arrays.stream(lastMatchedFirst).map(Template::new).toList();
    }

    public Object getEndpoint() {
      return endpoint;
    }

    public List<Template> getMatchedTemplates() {
      return templates;
    }
  }

  /** Shaped like Jersey's UriTemplate. */
  public static final class Template {
    private final String template;

    Template(String template) {
      this.template = template;
    }

    public String getTemplate() {
      return template;
    }
  }

  /** Shaped like RESTEasy's ResourceMethodInvoker: its metadata in a protected field without a getter. */
  public static class Invoker {
    protected final ResourceMethod method;

    Invoker(ResourceMethod method) {
      this.method = method;
    }
  }

  /** Shaped like RESTEasy's ResourceMethod. */
  public static final class ResourceMethod {
    private final String fullpath;

    ResourceMethod(String fullpath) {
      this.fullpath = fullpath;
    }

    public String getFullpath() {
      return fullpath;
    }
  }
}
