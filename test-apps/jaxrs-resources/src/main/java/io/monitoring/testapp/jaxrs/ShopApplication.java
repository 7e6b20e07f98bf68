package io.monitoring.testapp.jaxrs;

import java.util.Set;

import jakarta.ws.rs.core.Application;

/**
 * The shop's JAX-RS application: {@link UsersResource} and {@link OrdersResource}. The apps serve it under the servlet
 * mapping {@code /api/*} of the webapp {@code /shop}, so a resource's route is {@code /shop/api} followed by its
 * full {@code @Path} template. No {@code @ApplicationPath}: the servlet mapping alone places it.
 */
public class ShopApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(UsersResource.class, OrdersResource.class);
    }
}
