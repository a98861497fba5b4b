package io.gmeye.protocols.camera;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What an operator asks of a PTZ camera, the same for GB/T 28181 and ONVIF cameras. It travels as
 * the params of a {@code camera.ptz} command.
 *
 * @param action {@code move} (until {@code stop}), {@code stop}, {@code goto_preset} or {@code set_preset}
 * @param pan    -1..1: sign is the direction (+ right), magnitude the speed
 * @param tilt   -1..1 (+ up)
 * @param zoom   -1..1 (+ in, towards tele)
 * @param preset 1..255 for the preset actions, otherwise 0
 */
public record PtzRequest(String action, double pan, double tilt, double zoom, int preset) {
    public static final String MOVE = "move";
    public static final String STOP = "stop";
    public static final String GOTO_PRESET = "goto_preset";
    public static final String SET_PRESET = "set_preset";
    public static final Set<String> ACTIONS = Set.of(MOVE, STOP, GOTO_PRESET, SET_PRESET);

    public PtzRequest {
        if (action == null || !ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action: '" + action + "' (use move, stop, goto_preset or set_preset)");
        }
        velocity(pan, "pan");
        velocity(tilt, "tilt");
        velocity(zoom, "zoom");
        if (MOVE.equals(action) && pan == 0 && tilt == 0 && zoom == 0) {
            throw new IllegalArgumentException("pan: a move needs pan, tilt or zoom other than 0 (use stop to stop)");
        }
        boolean presetAction = GOTO_PRESET.equals(action) || SET_PRESET.equals(action);
        if (presetAction && (preset < 1 || preset > 255)) {
            throw new IllegalArgumentException("preset: must be 1..255 for " + action + ", got " + preset);
        }
        if (!presetAction) {
            preset = 0;
        }
    }

    public static PtzRequest move(double pan, double tilt, double zoom) {
        return new PtzRequest(MOVE, pan, tilt, zoom, 0);
    }

    public static PtzRequest stop() {
        return new PtzRequest(STOP, 0, 0, 0, 0);
    }

    public static PtzRequest gotoPreset(int preset) {
        return new PtzRequest(GOTO_PRESET, 0, 0, 0, preset);
    }

    /** From a command's params or an HTTP body; a wrong field fails with "field: reason". */
    public static PtzRequest fromParams(Map<String, ?> params) {
        return new PtzRequest(text(params.get("action")), number(params.get("pan"), "pan"), number(params.get("tilt"), "tilt"),
                number(params.get("zoom"), "zoom"), (int) number(params.get("preset"), "preset"));
    }

    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("action", action);
        if (MOVE.equals(action)) {
            p.put("pan", pan);
            p.put("tilt", tilt);
            p.put("zoom", zoom);
        }
        if (preset != 0) {
            p.put("preset", preset);
        }
        return p;
    }

    private static String text(Object v) {
        return v instanceof String s ? s : null;
    }

    private static double number(Object v, String field) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(field + ": must be a number, got " + v);
    }

    private static void velocity(double v, String field) {
        if (!(v >= -1 && v <= 1)) {
            throw new IllegalArgumentException(field + ": must be between -1 and 1, got " + v);
        }
    }
}
