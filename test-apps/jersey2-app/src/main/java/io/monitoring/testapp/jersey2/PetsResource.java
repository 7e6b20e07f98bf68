package io.monitoring.testapp.jersey2;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

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
