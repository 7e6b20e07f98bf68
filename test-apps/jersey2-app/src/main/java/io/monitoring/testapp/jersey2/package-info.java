/**
 * jersey2-app: the shop's JAX-RS resources in javax.ws.rs, for Jersey 2 on Tomcat 9. The resources are copies of those
 * in jaxrs-resources ({@code io.monitoring.testapp.jaxrs}), which jersey3-app and resteasy-app serve: the same
 * {@code @Path} templates in the other API, which Jersey 2 requires. A change to one belongs in both.
 */
package io.monitoring.testapp.jersey2;
