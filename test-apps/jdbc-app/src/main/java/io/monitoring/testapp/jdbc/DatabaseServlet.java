package io.monitoring.testapp.jdbc;

import io.monitoring.testapp.servlets.ParameterChoiceServlet;

/**
 * A servlet on the database its request names ({@code db=h2|postgresql|mariadb}); a request that names none is
 * answered 400.
 */
abstract class DatabaseServlet extends ParameterChoiceServlet<Database> {

    DatabaseServlet() {
        super("db", Database::fromParam, "db must be h2, postgresql or mariadb");
    }
}
