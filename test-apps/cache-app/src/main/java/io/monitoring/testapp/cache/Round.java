package io.monitoring.testapp.cache;

import java.util.regex.Pattern;

/** The {@code round=N} request parameter: keys get the suffix {@code -N}, so every round starts from absent keys. */
final class Round {

    private static final Pattern ROUND = Pattern.compile("[0-9]{1,9}");

    private Round() {
    }

    /** The key suffix {@code "-" + round}, or null if the parameter is missing or not 0..999999999. */
    static String suffix(String param) {
        if (param == null || !ROUND.matcher(param).matches()) {
            return null;
        }
        return "-" + Integer.parseInt(param);
    }
}
