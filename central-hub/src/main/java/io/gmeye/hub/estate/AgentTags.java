package io.gmeye.hub.estate;

import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.TagDictionary;
import io.gmeye.hub.registry.Tagged;
import java.util.List;
import java.util.function.Predicate;

/**
 * The tags a camera shows: an admin's (an import, a site configuration) as registered, checked
 * against the tag catalog before they were logged; an agent's (an auto-registered camera's, from
 * its inventory or an inspection event) kept as reported and judged against the catalog as it is
 * when read. The catalog travels under the hub's key and the agent's reports under its site's, so
 * judging them when applied would keep a tag imported at nearly the same moment on one node and
 * not on another; judged when read, every node shows the same once it holds the same catalog.
 */
final class AgentTags {
    private AgentTags() {
    }

    /** The entry's tags as views show and count them, with {@code catalogued} telling the catalog's paths. */
    static List<String> shown(CameraEntry c, Predicate<String> catalogued) {
        if (!c.auto()) {
            return c.tags();
        }
        for (String t : c.tags()) {
            if (!catalogued.test(t)) {
                return c.tags().stream().filter(catalogued).toList();
            }
        }
        return c.tags(); // every one catalogued: nothing to copy (a row per camera of a listing)
    }

    /** The entry with the numbers of the tags it shows and their ancestors, for counts and filters. */
    static Tagged<CameraEntry> tagged(CameraEntry c, TagDictionary dictionary, Predicate<String> catalogued) {
        return new Tagged<>(c, dictionary.expand(shown(c, catalogued)));
    }

    /** Whether any of the entry's reported tags is one of {@code paths}: an agent's tag the catalog just took. */
    static boolean reports(CameraEntry c, List<String> paths) {
        return c.auto() && c.tags().stream().anyMatch(paths::contains);
    }
}
