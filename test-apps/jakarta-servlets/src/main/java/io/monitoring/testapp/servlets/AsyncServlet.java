package io.monitoring.testapp.servlets;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Mapped to {@code /async} (asyncSupported): completes the request from a separate executor
 * thread after 60 ms.
 */
public class AsyncServlet extends HttpServlet {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "async-servlet-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
        AsyncContext async = req.startAsync();
        executor.execute(() -> {
            try {
                Thread.sleep(60);
                Text.write((HttpServletResponse) async.getResponse(), HttpServletResponse.SC_OK, "async done");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // client went away; nothing to do
            } finally {
                async.complete();
            }
        });
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
