package io.canarykit.influxdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The first record of a Flux annotated-CSV answer (https://docs.influxdata.com/influxdb/v2/reference/syntax/annotated-csv/). */
final class AnnotatedCsv {

    /** The {@code _value} of the first record and its {@code #datatype}, or an in-band error. */
    record FirstValue(Optional<String> value, String datatype, Optional<String> error) {
    }

    private AnnotatedCsv() {
    }

    static Optional<FirstValue> firstValue(String body) {
        List<String> datatypes = List.of();
        List<String> header = null;
        for (String line : body.split("\r?\n")) {
            if (line.isBlank()) {
                header = null;
                datatypes = List.of();
                continue;
            }
            List<String> cells = split(line);
            if (cells.get(0).startsWith("#")) {
                if (cells.get(0).equals("#datatype")) {
                    datatypes = cells;
                }
                continue;
            }
            if (header == null) {
                header = cells;
                continue;
            }
            int error = header.indexOf("error");
            if (error >= 0 && header.contains("reference") && !header.contains("_value")) {
                return Optional.of(new FirstValue(Optional.empty(), "", Optional.of(cells.get(error))));
            }
            int column = header.indexOf("_value");
            if (column < 0 || column >= cells.size()) {
                return Optional.empty();
            }
            String type = column < datatypes.size() ? datatypes.get(column) : "";
            String text = cells.get(column);
            return Optional.of(new FirstValue(text.isEmpty() ? Optional.empty() : Optional.of(text), type, Optional.empty()));
        }
        return Optional.empty();
    }

    // RFC 4180 cells: quoted cells may hold commas and doubled quotes.
    static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
