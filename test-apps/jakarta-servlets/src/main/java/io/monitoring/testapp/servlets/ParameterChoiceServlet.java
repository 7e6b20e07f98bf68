package io.monitoring.testapp.servlets;

import java.io.IOException;
import java.util.function.Function;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A servlet whose GET requests each choose one of a few {@code T} (a database, a cache provider) by a request
 * parameter: a request that chooses none of them is answered 400 here, with what the parameter must be; the others
 * go to {@link #doGet(Object, HttpServletRequest, HttpServletResponse)}.
 *
 * @param <T> what the parameter chooses
 */
public abstract class ParameterChoiceServlet<T> extends HttpServlet {

    private final String parameter;
    private final Function<String, T> choiceByValue;
    private final String usage;

    /**
     * @param choiceByValue the choice a parameter value names, null for a missing or unknown one
     * @param usage         the body of the 400 answer
     */
    protected ParameterChoiceServlet(String parameter, Function<String, T> choiceByValue, String usage) {
        this.parameter = parameter;
        this.choiceByValue = choiceByValue;
        this.usage = usage;
    }

    @Override
    protected final void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        T choice = choiceByValue.apply(req.getParameter(parameter));
        if (choice == null) {
            Text.write(resp, HttpServletResponse.SC_BAD_REQUEST, usage);
            return;
        }
        doGet(choice, req, resp);
    }

    protected abstract void doGet(T choice, HttpServletRequest req, HttpServletResponse resp) throws IOException;
}
