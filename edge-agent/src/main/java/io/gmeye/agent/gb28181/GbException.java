package io.gmeye.agent.gb28181;

/** A GB/T 28181 request that could not be done, with a reason an operator can act on. */
public final class GbException extends RuntimeException {
    public GbException(String reason) {
        super(reason, null, false, false);
    }
}
