package io.gmeye.agent.app;

import io.gmeye.agent.checkpoint.WhitelistPrepare;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.config.WhitelistEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code ./run whitelist prepare FILE}: the body of POST /api/v1/whitelist made on the
 * administrator's machine from a file of raw ID numbers, hashed with the district's salt
 * (GMEYE_CHECKPOINT_SALT, or the first line of --salt-file), so the numbers never reach the hub.
 * Exit 0 with the JSON written, 1 with every problem of the file and nothing written, 2 for a
 * wrong command line.
 */
public final class WhitelistMain {
    static final String USAGE = """
            usage: ./run whitelist prepare FILE [--list white|yellow|red] [--valid-until 2026-12-31] [--remove]
                                              [--out whitelist.json] [--salt-file FILE] [--zone Asia/Shanghai]
              FILE: CSV, TSV or one ID number a line (UTF-8 or GB18030), header optional (id/身份证号, list/名单, validUntil/有效期至)
              the salt: GMEYE_CHECKPOINT_SALT (the agents' checkpoint.salt), or the first line of --salt-file""";

    private WhitelistMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> env) {
        if (args.length < 2 || !args[0].equals("prepare")) {
            System.err.println(USAGE);
            return 2;
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--remove")) {
                opts.put("remove", "true");
            } else if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("--") && i + 1 < args.length) {
                opts.put(a.substring(2), args[++i]);
            } else {
                System.err.println("gmeye whitelist: unknown argument " + a + "\n" + USAGE);
                return 2;
            }
        }
        try {
            Path caller = Path.of(env.getOrDefault("GMEYE_CALLER_DIR", ""));
            String salt = opts.containsKey("salt-file") ? Files.readAllLines(caller.resolve(opts.get("salt-file"))).stream().findFirst().orElse("").strip()
                    : env.get("GMEYE_CHECKPOINT_SALT");
            if (salt == null || salt.length() < 16) {
                System.err.println("gmeye whitelist: the district's salt is needed (at least 16 characters, the agents' checkpoint.salt): "
                        + "set GMEYE_CHECKPOINT_SALT or give --salt-file FILE (never on the command line, where it stays in the shell's history)");
                return 2;
            }
            ZoneId zone = opts.containsKey("zone") ? ZoneId.of(opts.get("zone")) : ZoneId.systemDefault();
            String list = opts.getOrDefault("list", "white");
            if (!WhitelistEntry.LISTS.contains(list)) {
                System.err.println("gmeye whitelist: --list must be one of " + String.join(", ", WhitelistEntry.LISTS));
                return 2;
            }
            long validUntil = opts.containsKey("valid-until")
                    ? LocalDate.parse(opts.get("valid-until")).plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli() : 0;
            Path file = caller.resolve(args[1]);
            WhitelistPrepare.Result r = new WhitelistPrepare(new PersonRef(salt)).prepare(Files.readAllBytes(file),
                    new WhitelistPrepare.Options(list, validUntil, opts.containsKey("remove"), zone));
            if (!r.problems().isEmpty()) {
                System.err.println("gmeye whitelist: " + file + ": " + r.problems().size() + " problem(s), nothing written:");
                r.problems().forEach(p -> System.err.println("  " + p));
                return 1;
            }
            byte[] json = Json.mapper().writeValueAsBytes(r.body());
            if (opts.containsKey("out")) {
                Files.write(caller.resolve(opts.get("out")), json);
            } else {
                System.out.write(json);
                System.out.println();
                System.out.flush();
            }
            System.err.println("gmeye whitelist: " + (r.upserts().size() + r.removals().size()) + " people from " + file
                    + (r.duplicates() > 0 ? " (" + r.duplicates() + " repeated lines merged)" : "") + ", hashed with the district's salt"
                    + (opts.containsKey("out") ? " into " + opts.get("out") : "") + "; POST it to /api/v1/whitelist as an admin");
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("gmeye whitelist: " + e.getMessage());
            return 2;
        }
    }
}
