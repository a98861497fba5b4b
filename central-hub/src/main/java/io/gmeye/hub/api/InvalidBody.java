package io.gmeye.hub.api;

import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.util.List;

/**
 * A request body that fails the hub's checks, with every problem found (each "field: reason"),
 * so one answer tells the caller all there is to fix: 400 {@code {error, reason, problems}}.
 */
public class InvalidBody extends GmeyeException {
    private final List<String> problems;

    public InvalidBody(List<String> problems) {
        super(ErrorKind.BAD_REQUEST, String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
