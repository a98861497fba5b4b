package io.gmeye.agent.checkpoint;

import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.config.WhitelistEntry;
import io.gmeye.protocols.fields.PersonalData;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the body of {@code POST /api/v1/whitelist} from a file of raw ID numbers, on the
 * administrator's own machine, so the numbers never reach the hub: each is checked (18
 * characters with a valid check digit), hashed with the district's salt exactly as the agent
 * hashes a scan, and masked as the agent masks it. Reads CSV (comma, quotes), TSV and plain
 * lists (one ID a line), in UTF-8 (with or without BOM) or GB18030 (spreadsheets saved in a
 * Chinese locale); a header row names the columns (id / 身份证号, list / 名单, validUntil / 有效期至),
 * otherwise they are id, list, validUntil in that order; other columns (names, phones) are
 * never read into the output. A file with any problem yields every problem and no output.
 */
public final class WhitelistPrepare {
    /** What to make of the file. */
    public record Options(String list, long validUntil, boolean removals, ZoneId zone) {
    }

    /** The body to POST, or every problem (each "line N: ..."); never both. */
    public record Result(List<WhitelistEntry> upserts, List<String> removals, List<String> problems, int duplicates) {
        public Map<String, Object> body() {
            return Map.of("upserts", upserts, "removals", removals);
        }
    }

    private static final Set<String> ID_NAMES = Set.of("id", "idnumber", "id_number", "idno", "ref", "身份证", "身份证号", "身份证号码", "证件号",
            "证件号码", "公民身份号码");
    private static final Set<String> LIST_NAMES = Set.of("list", "名单", "名单类型");
    private static final Set<String> UNTIL_NAMES = Set.of("validuntil", "valid_until", "until", "expires", "有效期", "有效期至", "截止日期");

    private final PersonRef persons;

    public WhitelistPrepare(PersonRef persons) {
        this.persons = persons;
    }

    /** A row of cells and the line of the file it starts on. */
    record Row(int line, List<String> cells) {
    }

    public Result prepare(byte[] file, Options o) {
        List<Row> rows = rows(decode(file));
        List<String> problems = new ArrayList<>();
        int idCol = 0;
        int listCol = 1;
        int untilCol = 2;
        int first = 0;
        if (!rows.isEmpty() && isHeader(rows.get(0).cells())) {
            List<String> h = rows.get(0).cells().stream().map(c -> c.strip().toLowerCase(Locale.ROOT)).toList();
            idCol = column(h, ID_NAMES);
            listCol = column(h, LIST_NAMES);
            untilCol = column(h, UNTIL_NAMES);
            first = 1;
            if (idCol < 0) {
                problems.add("line " + rows.get(0).line() + ": no column of ID numbers in the header (name it id or 身份证号)");
            }
        }
        Map<String, WhitelistEntry> byHash = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        int duplicates = 0;
        for (int i = first; i < rows.size() && idCol >= 0; i++) {
            List<String> row = rows.get(i).cells();
            int line = rows.get(i).line();
            String id = idNumber(cell(row, idCol), line, problems);
            String list = cell(row, listCol).isEmpty() ? o.list() : cell(row, listCol).toLowerCase(Locale.ROOT);
            if (!o.removals() && !WhitelistEntry.LISTS.contains(list)) {
                problems.add("line " + line + ": list '" + PersonalData.scrub(list).text() + "' is not one of " + String.join(", ", WhitelistEntry.LISTS));
                continue;
            }
            Long until = cell(row, untilCol).isEmpty() ? Long.valueOf(o.validUntil()) : until(cell(row, untilCol), o.zone(), line, problems);
            if (id == null || until == null) {
                continue;
            }
            WhitelistEntry e = new WhitelistEntry(persons.hash(id), list, PersonRef.mask(id), until);
            WhitelistEntry earlier = byHash.putIfAbsent(e.personHash(), e);
            if (earlier == null) {
                lineOf.put(e.personHash(), line);
            } else if (earlier.equals(e) || o.removals()) {
                duplicates++;
            } else {
                problems.add("line " + line + ": " + e.masked() + " is also on line " + lineOf.get(e.personHash()) + " with another list or end");
            }
        }
        if (problems.isEmpty() && byHash.isEmpty()) {
            problems.add("the file holds no ID numbers");
        }
        if (!problems.isEmpty()) {
            return new Result(List.of(), List.of(), problems, duplicates);
        }
        List<WhitelistEntry> entries = List.copyOf(byHash.values());
        return o.removals() ? new Result(List.of(), entries.stream().map(WhitelistEntry::personHash).toList(), List.of(), duplicates)
                : new Result(entries, List.of(), List.of(), duplicates);
    }

    /** The ID number as the sentinel reads it, or null with the problem said (in masked form: this output may be shared). */
    private static String idNumber(String cell, int line, List<String> problems) {
        String c = cell.strip();
        if (c.matches("=\".*\"")) {
            c = c.substring(2, c.length() - 1); // ="440301..." keeps a spreadsheet from turning it into a number
        }
        c = c.replaceFirst("^'", "").replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (c.matches("\\d(\\.\\d+)?E\\+?\\d+")) {
            problems.add("line " + line + ": the ID number was turned into a number (" + c + ") by a spreadsheet and lost its last digits; "
                    + "format the column as text and export again");
            return null;
        }
        if (c.isEmpty()) {
            problems.add("line " + line + ": no ID number");
            return null;
        }
        if (c.matches("\\d{15}")) {
            problems.add("line " + line + ": " + PersonRef.mask(c) + " is an old 15-digit ID number; gates read the 18-digit number of current cards");
            return null;
        }
        if (!c.matches("\\d{17}[\\dX]")) {
            problems.add("line " + line + ": '" + PersonalData.scrub(c.length() > 24 ? c.substring(0, 24) + "..." : c).text()
                    + "' is not an 18-character resident ID number");
            return null;
        }
        if (!PersonalData.isResidentId(c)) {
            problems.add("line " + line + ": " + PersonRef.mask(c) + ": the check digit does not match (a typing error?)");
            return null;
        }
        return c;
    }

    /** 2026-12-31 (valid through that day, in the given zone), 2026/12/31, an ISO instant, or epoch milliseconds; 0 for no end. */
    private static Long until(String cell, ZoneId zone, int line, List<String> problems) {
        String c = cell.strip();
        try {
            if (c.matches("\\d{1,13}")) {
                return Long.parseLong(c);
            }
            if (c.matches("\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}")) {
                String[] p = c.split("[-/.]");
                LocalDate day = LocalDate.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                return day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            return Instant.parse(c).toEpochMilli();
        } catch (java.time.DateTimeException | NumberFormatException e) {
            problems.add("line " + line + ": valid until '" + PersonalData.scrub(c).text() + "' is not a date (2026-12-31) or a time");
            return null;
        }
    }

    private static boolean isHeader(List<String> row) {
        return row.stream().map(c -> c.strip().toLowerCase(Locale.ROOT))
                .anyMatch(c -> ID_NAMES.contains(c) || LIST_NAMES.contains(c) || UNTIL_NAMES.contains(c));
    }

    private static int column(List<String> header, Set<String> names) {
        for (int i = 0; i < header.size(); i++) {
            if (names.contains(header.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String cell(List<String> row, int col) {
        return col >= 0 && col < row.size() ? row.get(col).strip() : "";
    }

    /** UTF-8 when the bytes are UTF-8 (a BOM dropped), else GB18030, which spreadsheets in Chinese locales write. */
    static String decode(byte[] file) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            return new String(file, Charset.forName("GB18030"));
        }
    }

    /** Rows of cells: tab-separated when the file has tabs, comma-separated (with "quotes") when it has commas, else one cell a line. */
    static List<Row> rows(String text) {
        char sep = text.indexOf('\t') >= 0 ? '\t' : text.indexOf(',') >= 0 ? ',' : 0;
        List<Row> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int rowLine = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && sep == ',' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (sep != 0 && c == sep) {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    continue; // the \n that follows ends the row
                }
                row.add(cell.toString());
                cell.setLength(0);
                add(rows, rowLine, row);
                row = new ArrayList<>();
                rowLine = c == '\n' ? line : line + 1;
            } else {
                cell.append(c);
            }
        }
        row.add(cell.toString());
        add(rows, rowLine, row);
        return rows;
    }

    private static void add(List<Row> rows, int line, List<String> cells) {
        if (!cells.stream().allMatch(String::isBlank)) {
            rows.add(new Row(line, cells));
        }
    }
}
