package io.bulwark.examples;

/** A demo server that is serving; closing it stops the server and releases its resources. */
public interface RunningDemo extends AutoCloseable {

    /** The port it listens on, on 127.0.0.1. */
    int port();

    /** Stops serving. */
    @Override
    void close();
}
