package io.monitoring.testapp.jersey2;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

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
