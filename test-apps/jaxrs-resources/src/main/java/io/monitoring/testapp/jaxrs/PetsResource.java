package io.monitoring.testapp.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A user's pets, reached only through {@link UsersResource#pets}: not a root resource, no class-level path. */
@Produces(MediaType.TEXT_PLAIN)
public class PetsResource {

    private final String owner;

    public PetsResource(String owner) {
        this.owner = owner;
    }

    @GET
    @Path("/{petId}")
    public String pet(@PathParam("petId") String petId) {
        return "pet " + petId + " of " + owner;
    }
}
