package io.gmeye.protocols.fields;

import io.gmeye.protocols.checkpoint.PersonRef;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the shapes of personal data in free text and masks them, so text a device writes can
 * leave the site: resident ID numbers (GB 11643: 18 characters whose last is a valid check
 * digit; the old 15-digit form with a province code and a birth date), and mainland mobile
 * numbers (1[3-9] and nine digits, with or without +86, spaced 3-4-4 or not). A shape counts
 * only where it is not part of a longer run of digits; full-width digits count as digits.
 * IDs are masked as the checkpoint masks them (4403**********1234), mobiles as 138****8000.
 */
public final class PersonalData {
    public enum Shape { RESIDENT_ID, OLD_RESIDENT_ID, MOBILE }

    /** The text with every shape found masked, and how many of each were found. */
    public record Scrubbed(String text, Map<Shape, Integer> found) {
        public boolean clean() {
            return found.isEmpty();
        }
    }

    private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;
    // 6-8-4 grouping with an optional space or hyphen, as IDs are written on forms
    private static final Pattern ID18 = Pattern.compile("(?<!\\d)\\d{6}[ -]?\\d{8}[ -]?\\d{3}[\\dXxＸｘ](?!\\d)", FLAGS);
    private static final Pattern ID15 = Pattern.compile("(?<!\\d)\\d{15}(?!\\d)", FLAGS);
    private static final Pattern MOBILE = Pattern.compile("(?<![\\d+])(?:(?:\\+|00)?86[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}(?!\\d)", FLAGS);
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK = "10X98765432";
    private static final Set<Integer> PROVINCES = Set.of(11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45,
            46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82);

    private PersonalData() {
    }

    public static Scrubbed scrub(String text) {
        if (digits(text, 11) < 11) {
            return new Scrubbed(text, Map.of()); // no shape has fewer than 11 digits: most texts need no pattern run
        }
        Map<Shape, Integer> found = new EnumMap<>(Shape.class);
        String out = replace(text, ID18, Shape.RESIDENT_ID, found);
        out = replace(out, ID15, Shape.OLD_RESIDENT_ID, found);
        out = replace(out, MOBILE, Shape.MOBILE, found);
        return new Scrubbed(out, found);
    }

    /** An 18-character resident ID number (ASCII digits, X last) whose check digit is right. */
    public static boolean isResidentId(String id) {
        return id != null && id.length() == 18 && checkDigitHolds(digits(id));
    }

    private static String replace(String text, Pattern p, Shape shape, Map<Shape, Integer> found) {
        Matcher m = p.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            String digits = digits(m.group());
            String masked = mask(shape, digits);
            if (masked == null) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, last, m.start()).append(masked);
            last = m.end();
            found.merge(shape, 1, Integer::sum);
        }
        return sb == null ? text : sb.append(text, last, text.length()).toString();
    }

    /** The masked form of a match, or null when the match is not that shape after all. */
    private static String mask(Shape shape, String digits) {
        return switch (shape) {
            case RESIDENT_ID -> checkDigitHolds(digits) ? PersonRef.mask(digits) : null;
            case OLD_RESIDENT_ID -> oldIdHolds(digits) ? PersonRef.mask(digits) : null;
            case MOBILE -> {
                String m = digits.substring(digits.length() - 11);
                yield m.substring(0, 3) + "****" + m.substring(7);
            }
        };
    }

    /** How many digits the text has, counting no further than {@code enough}. */
    private static int digits(String text, int enough) {
        int n = 0;
        for (int i = 0; i < text.length() && n < enough; i++) {
            if (Character.isDigit(text.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** ASCII digits (and X) of a match, separators and +86 left in place by the caller. */
    private static String digits(String match) {
        StringBuilder sb = new StringBuilder(match.length());
        for (int i = 0; i < match.length(); i++) {
            char c = match.charAt(i);
            int d = Character.digit(c, 10);
            if (d >= 0) {
                sb.append((char) ('0' + d));
            } else if (c == 'X' || c == 'x' || c == 'Ｘ' || c == 'ｘ') {
                sb.append('X');
            }
        }
        return sb.toString();
    }

    private static boolean checkDigitHolds(String id) {
        if (id.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return Character.toUpperCase(id.charAt(17)) == CHECK.charAt(sum % 11);
    }

    /** 15 digits: a province code, then the area, then a birth date YYMMDD (19YY), then a sequence number. */
    private static boolean oldIdHolds(String id) {
        if (id.length() != 15 || !PROVINCES.contains(Integer.parseInt(id.substring(0, 2)))) {
            return false;
        }
        int month = Integer.parseInt(id.substring(8, 10));
        int day = Integer.parseInt(id.substring(10, 12));
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        return day <= java.time.YearMonth.of(1900 + Integer.parseInt(id.substring(6, 8)), month).lengthOfMonth();
    }
}
