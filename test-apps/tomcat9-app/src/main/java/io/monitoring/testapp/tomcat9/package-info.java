/**
 * tomcat9-app: the {@code /shop} endpoints in javax.servlet, for Tomcat 9. The filters and servlets are copies of
 * those in jakarta-servlets ({@code io.monitoring.testapp.servlets}), which tomcat11-app and jetty12-app serve: the
 * same behaviour in the other servlet API, which a Tomcat 9 context requires. A change to one belongs in both.
 */
package io.monitoring.testapp.tomcat9;
