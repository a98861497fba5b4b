package io.gmeye.agent.inspection.zone;

import io.gmeye.platform.config.Validated;
import java.util.List;

/**
 * An area of the picture a scene watches, a polygon in normalised coordinates (0..1, origin top
 * left) so it survives a change of stream resolution.
 *
 * @param points [[x, y], ...], at least three
 */
public record Zone(String name, List<List<Double>> points) implements Validated {
    public Zone {
        points = points == null ? List.of() : points.stream().map(List::copyOf).toList();
    }

    /** The whole picture. */
    public static Zone whole(String name) {
        return new Zone(name, List.of(List.of(0.0, 0.0), List.of(1.0, 0.0), List.of(1.0, 1.0), List.of(0.0, 1.0)));
    }

    @Override
    public void validate() {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: is required");
        }
        if (points.size() < 3) {
            throw new IllegalArgumentException("points: a zone needs at least three [x, y] points");
        }
        for (List<Double> p : points) {
            if (p.size() != 2 || p.get(0) < 0 || p.get(0) > 1 || p.get(1) < 0 || p.get(1) > 1) {
                throw new IllegalArgumentException("points: each point is [x, y] with both in 0..1, got " + p);
            }
        }
    }

    /** Even-odd rule on normalised coordinates. */
    public boolean contains(double x, double y) {
        boolean inside = false;
        int n = points.size();
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = points.get(i).get(0);
            double yi = points.get(i).get(1);
            double xj = points.get(j).get(0);
            double yj = points.get(j).get(1);
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }
}
