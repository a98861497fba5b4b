package io.gmeye.hub.metrics;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression reads: what is left once strings, label sets, ranges, groupings and functions are taken out. */
final class PromQlNames {
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
            "unless", "offset", "inf", "nan");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    private PromQlNames() {
    }

    static Set<String> of(String expr) {
        String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")       // strings (label values)
                .replaceAll("\\{[^}]*}", " ")                            // label matchers
                .replaceAll("\\[[^]]*]", " ")                            // ranges and subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " "); // grouping label lists
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String name = m.group();
            int next = m.end();
            while (next < s.length() && s.charAt(next) == ' ') {
                next++;
            }
            boolean function = next < s.length() && s.charAt(next) == '(';
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1)); // 5m, 1e3
            if (!function && !number && !KEYWORDS.contains(name.toLowerCase())) {
                out.add(name);
            }
        }
        return out;
    }
}
