/**
 * tomcat9-app: the {@code /shop} endpoints for Tomcat 9, which takes javax.servlet types only. The filters and
 * servlets are javax-servlets', the same source as jakarta-servlets' compiled against javax.servlet.
 */
package io.monitoring.testapp.tomcat9;
