package io.gmeye.hub.api;

import io.gmeye.protocols.error.GmeyeException;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/** Query parameters read with reasons: a bad value is a 400 that names the parameter. */
public final class Params {
    private Params() {
    }

    /** The parameter, or null when absent or empty. */
    public static String text(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public static int integer(RoutingContext ctx, String name, int dflt, int min, int max) {
        String v = text(ctx, name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw GmeyeException.badRequest(name + ": must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw GmeyeException.badRequest(name + ": '" + v + "' is not a whole number");
        }
    }

    /** A time as epoch milliseconds or ISO-8601 (2024-05-01T08:00:00Z); {@code dflt} when absent. */
    public static long time(RoutingContext ctx, String name, long dflt) {
        String v = text(ctx, name);
        if (v == null) {
            return dflt;
        }
        if (v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw GmeyeException.badRequest(name + ": '" + v + "' is neither epoch milliseconds nor an ISO-8601 time");
        }
    }

    /** A value parsed by {@code parse} (an enum's wire parser, say); its IllegalArgumentException becomes a 400. */
    public static <T> T parsed(RoutingContext ctx, String name, Function<String, T> parse) {
        String v = text(ctx, name);
        if (v == null) {
            return null;
        }
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            throw GmeyeException.badRequest(name + ": " + e.getMessage());
        }
    }

    /** A path parameter: always present when the route matched. */
    public static String path(RoutingContext ctx, String name) {
        return ctx.pathParam(name);
    }
}
