package io.gmeye.agent.inspection.scene;

import io.gmeye.agent.inspection.track.Track;
import io.gmeye.agent.inspection.zone.Zone;
import io.gmeye.agent.inspection.zone.ZonePresence;
import io.gmeye.protocols.inspection.DetectedObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rule of every scene about tracked things: objects (vending, parking, out of store) or text
 * regions (posters, banners). A track violates when it is of a listed class, sure and big
 * enough, has its bottom centre in a zone (with inertia) and beyond the line if there is one,
 * and has stayed put there for the dwell time. Vending also wants goods near the person.
 */
final class TrackRule implements SceneRule {
    private final SceneConfig c;
    private final Map<Long, ZonePresence> presence = new HashMap<>();

    TrackRule(SceneConfig config) {
        this.c = config;
    }

    @Override
    public SceneConfig config() {
        return c;
    }

    @Override
    public Finding evaluate(SceneSample s) {
        List<Track> tracks = c.type().needs() == SceneType.Needs.TEXT ? s.texts() : s.objects();
        int w = s.image().width();
        int h = s.image().height();
        double frameArea = (double) w * h;
        List<DetectedObject> violating = new ArrayList<>();
        Set<String> zones = new LinkedHashSet<>();
        for (Track t : tracks) {
            if (!c.classes().contains(t.label()) || t.lastSeen() != s.time()) {
                continue; // only what is seen in this sample; coasting tracks keep their presence
            }
            ZonePresence p = presence.computeIfAbsent(t.id(), id -> new ZonePresence(c.inertia()));
            double fx = t.footX(w);
            double fy = t.footY(h);
            List<String> in = zonesAt(fx, fy);
            boolean located = !in.isEmpty() && (c.line() == null || c.line().isBeyond(fx, fy));
            boolean inside = p.update(located, s.time());
            if (!inside || t.bestScore() < c.minScore() || t.box().w() * t.box().h() < c.minArea() * frameArea
                    || t.box().w() < c.minAspect() * t.box().h()) {
                continue;
            }
            long dwell = s.time() - Math.max(p.since(), s.time() - t.stationaryMs(s.time()));
            if (dwell >= c.dwell().toMillis()) {
                violating.add(new DetectedObject(t.label(), t.bestScore(), t.box(), t.id(), dwell));
                zones.addAll(in);
            }
        }
        // forget objects not seen for a while (the tracker has dropped them)
        presence.keySet().retainAll(tracks.stream().map(Track::id).toList());
        if (violating.isEmpty() || c.minCompanions() <= 0) {
            return new Finding(violating, zones);
        }
        return withCompanions(violating, zones, s);
    }

    /** Vending: a stationary person counts only with enough goods, umbrellas or carts near them; those join the evidence. */
    private Finding withCompanions(List<DetectedObject> people, Set<String> zones, SceneSample s) {
        List<DetectedObject> evidence = new ArrayList<>();
        for (DetectedObject person : people) {
            List<DetectedObject> near = new ArrayList<>();
            for (Track t : s.objects()) {
                if (c.companions().contains(t.label()) && t.lastSeen() == s.time() && near(person, t)) {
                    near.add(new DetectedObject(t.label(), t.bestScore(), t.box(), t.id(), t.stationaryMs(s.time())));
                }
            }
            if (near.size() >= c.minCompanions()) {
                evidence.add(person);
                evidence.addAll(near);
            }
        }
        return evidence.isEmpty() ? Finding.NONE : new Finding(evidence, zones);
    }

    /** Within about one body height of the person. */
    private static boolean near(DetectedObject person, Track t) {
        double px = person.box().x() + person.box().w() / 2;
        double py = person.box().y() + person.box().h() / 2;
        double tx = t.box().x() + t.box().w() / 2;
        double ty = t.box().y() + t.box().h() / 2;
        return Math.hypot(px - tx, py - ty) <= Math.max(person.box().h(), person.box().w()) * 1.2;
    }

    private List<String> zonesAt(double x, double y) {
        List<String> in = new ArrayList<>();
        for (Zone z : c.zones()) {
            if (z.contains(x, y)) {
                in.add(z.name());
            }
        }
        return in;
    }
}
