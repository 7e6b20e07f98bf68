package io.monitoring.testapp.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Orders:
 * <ul>
 *   <li>{@code GET /orders/42}: a variable with a pattern, route {@code /orders/{id}} (never the pattern);
 *       {@code /orders/abc} matches no resource method: 404</li>
 *   <li>{@code POST /orders}: 201</li>
 *   <li>{@code GET /orders/fail}: throws, unmapped: the container answers 500</li>
 * </ul>
 */
@Path("/orders")
@Produces(MediaType.TEXT_PLAIN)
public class OrdersResource {

    @GET
    @Path("/{id: \\d+}")
    public String order(@PathParam("id") long id) {
        return "order " + id;
    }

    @POST
    public Response create() {
        return Response.status(Response.Status.CREATED).entity("created").build();
    }

    @GET
    @Path("/fail")
    public String fail() {
        throw new IllegalStateException("boom");
    }
}
