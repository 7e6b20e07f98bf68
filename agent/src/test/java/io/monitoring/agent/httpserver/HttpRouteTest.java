package io.monitoring.agent.httpserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRouteTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "/orders/42                                      | /orders/{id}",
      "/orders/42/items/7                              | /orders/{id}/items/{id}",
      "/users/550e8400-e29b-41d4-a716-446655440000     | /users/{id}",
      "/blobs/0123456789abcdef0123                     | /blobs/{id}",
      "/blobs/deadbeef                                 | /blobs/deadbeef",
      "/orders/abc                                     | /orders/abc",
      "/orders/42/                                     | /orders/{id}/",
      "/v2/orders                                      | /v2/orders",
      "/                                               | /",
      "/123                                            | /{id}",
  })
  void idSegmentsBecomeId(String path, String expected) {
    assertEquals(expected, HttpRoute.normalize(path));
  }

  @ParameterizedTest(name = "{0}|{1}|{2}|{3}|{4} -> {5}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      // servlet mapping /orders/* in context /shop
      "/shop | /orders   | /42       | null                | 200 | /shop/orders/{id}",
      "/shop | /orders   | null      | null                | 201 | /shop/orders",
      // exact mapping, default servlet
      "/shop | /health   | null      | null                | 200 | /shop/health",
      "/shop | /nope/123 | null      | null                | 404 | unmatched",
      "''    | /nope/123 | null      | null                | 404 | unmatched",
      // a mapped servlet answering 404 keeps its route
      "/shop | /orders   | /42       | null                | 404 | /shop/orders/{id}",
      // Spring MVC: the template wins; its catch-all resource handler 404 is unmatched
      "''    | /orders/7 | null      | /orders/{id}        | 200 | /orders/{id}",
      "''    | /orders/7 | null      | /orders/{id}        | 404 | /orders/{id}",
      "''    | /nope/42  | null      | /**                 | 404 | unmatched",
      // ... and whatever status an application's catch-all exception handler gives it
      "''    | /nope/42  | null      | /**                 | 500 | unmatched",
      "''    | /nope/abc | null      | /**                 | 200 | unmatched",
      "/shop | /api      | /nope     | /**                 | 500 | unmatched",
      "/app  | /api      | /orders/7 | /orders/{id}        | 200 | /app/api/orders/{id}",
      "/app  | /x        | null      | /x                  | 200 | /app/x",
      // JAX-RS under /api/*: its template after the mapping; a request it routed to nothing is unmatched, whatever
      // the path and status (an exception mapper may answer its not-found otherwise)
      "/shop | /api      | /users/al | /users/{name}       | 200 | /shop/api/users/{name}",
      "/shop | /api      | /users/al | /users/{name}       | 404 | /shop/api/users/{name}",
      "/shop | /api      | /nope/al  | unmatched           | 404 | unmatched",
      "/shop | /api      | /nope/7   | unmatched           | 500 | unmatched",
      "/shop | /users/al | null      | /users/{name}       | 200 | /shop/users/{name}",
  })
  void routeOfARequest(String context, String servletPath, String pathInfo, String template, int status, String expected) {
    assertEquals(expected, HttpRoute.of(context, servletPath, pathInfo, template, status));
  }

  @org.junit.jupiter.api.Test
  void pathWithoutIdsIsReturnedAsIsWithoutCopying() {
    String path = "/orders/recent";
    assertSame(path, HttpRoute.normalize(path));
  }

  @org.junit.jupiter.api.Test
  void aKnownRouteIsTheSameStringForEveryRequest() {
    String first = HttpRoute.of("/shop", "/orders", "/42", null, 200);
    assertSame(first, HttpRoute.of("/shop", "/orders", "/43", null, 200));
    assertSame(HttpRoute.of("/app", "/api", "/orders/7", "/orders/{id}", 200),
        HttpRoute.of("/app", "/api", "/orders/8", "/orders/{id}", 200));
  }

  @org.junit.jupiter.api.Test
  void routesBeyondTheKnownOnesAreStillRight() {
    for (int i = 0; i < 5_000; i++) {
      assertEquals("/shop/r" + i + "/{id}", HttpRoute.of("/shop", "/r" + i, "/" + i, null, 200));
    }
    assertEquals("/shop/r7/{id}", HttpRoute.of("/shop", "/r7", "/1", null, 200));
  }
}
