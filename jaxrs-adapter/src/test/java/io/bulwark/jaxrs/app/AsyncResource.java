package io.bulwark.jaxrs.app;

import io.bulwark.annotation.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Resources that answer from another thread: the request's thread goes back to the pool first. */
@Path("async")
@Produces(MediaType.TEXT_PLAIN)
@Authenticated
public class AsyncResource {

    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "async-resource");
        thread.setDaemon(true);
        return thread;
    });

    @GET
    @Path("suspended")
    public void suspended(@Suspended AsyncResponse response) {
        WORKERS.submit(() -> response.resume("suspended"));
    }

    @GET
    @Path("stage")
    public CompletionStage<String> stage() {
        return CompletableFuture.supplyAsync(() -> "stage", WORKERS);
    }
}
