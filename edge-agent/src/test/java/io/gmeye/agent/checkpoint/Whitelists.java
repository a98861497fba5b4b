package io.gmeye.agent.checkpoint;

import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.config.WhitelistEntry;
import java.util.ArrayList;
import java.util.List;

/** Whitelists made of generated ID numbers, hashed as the hub would. */
final class Whitelists {
    static final String SALT = io.gmeye.agent.devices.TestEstate.SALT; // the devices hash scans with it
    static final PersonRef PERSONS = io.gmeye.agent.devices.TestEstate.PERSONS;

    private Whitelists() {
    }

    /** An 18-character ID number; the last four digits are the index. */
    static String idNumber(int i) {
        return String.format("44030119900101%04d", i % 10000) + (i >= 10000 ? "" : "");
    }

    static String person(long i) {
        return String.format("4403%014d", i);
    }

    static WhitelistEntry white(String rawId) {
        return new WhitelistEntry(PERSONS.hash(rawId), "white", PersonRef.mask(rawId), 0);
    }

    static WhitelistEntry listed(String rawId, String list) {
        return new WhitelistEntry(PERSONS.hash(rawId), list, PersonRef.mask(rawId), 0);
    }

    /** Persons [from, to) as white entries. */
    static List<WhitelistEntry> range(long from, long to, String tag) {
        List<WhitelistEntry> out = new ArrayList<>((int) (to - from));
        for (long i = from; i < to; i++) {
            out.add(new WhitelistEntry(PERSONS.hash(person(i)), "white", tag, 0));
        }
        return out;
    }

    static List<WhitelistDelta> fullInChunks(long version, List<WhitelistEntry> all, int chunkSize) {
        int chunks = Math.max(1, (all.size() + chunkSize - 1) / chunkSize);
        List<WhitelistDelta> out = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            out.add(new WhitelistDelta(0, version, true, all.subList(c * chunkSize, Math.min(all.size(), (c + 1) * chunkSize)), List.of(),
                    c, chunks));
        }
        return out;
    }
}
