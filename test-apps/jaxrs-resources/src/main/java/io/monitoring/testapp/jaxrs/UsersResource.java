package io.monitoring.testapp.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Users by name: a class-level {@code @Path} joined with the method's, and a sub-resource locator.
 * <ul>
 *   <li>{@code GET /users/alice}: route {@code /users/{name}}</li>
 *   <li>{@code GET /users/alice/pets/7}: the locator's {@code /{name}/pets}, then {@link PetsResource}'s
 *       {@code /{petId}}: route {@code /users/{name}/pets/{petId}}</li>
 * </ul>
 */
@Path("/users")
@Produces(MediaType.TEXT_PLAIN)
public class UsersResource {

    @GET
    @Path("/{name}")
    public String user(@PathParam("name") String name) {
        return "user " + name;
    }

    /** A sub-resource locator: no HTTP method, the returned object's methods answer. */
    @Path("/{name}/pets")
    public PetsResource pets(@PathParam("name") String name) {
        return new PetsResource(name);
    }
}
