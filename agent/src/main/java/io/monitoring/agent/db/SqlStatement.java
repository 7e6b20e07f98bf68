package io.monitoring.agent.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One SQL string, lexed once: its operation, its main table and a sanitized query text, for the
 * metric labels and span attributes of JDBC calls. No literal of the SQL (string, number,
 * dollar-quoted body) ever reaches {@link #table} or {@link #queryText}; comments are dropped too.
 */
public final class SqlStatement {
  public static final String UNKNOWN = "unknown";

  static final int SELECT = 0, INSERT = 1, UPDATE = 2, DELETE = 3, MERGE = 4, CALL = 5, OTHER = 6;
  /** The {@code operation} label values, by operation index: the lexer's index is the metric's slot. */
  static final String[] OPERATIONS = {"select", "insert", "update", "delete", "merge", "call", "other"};
  private static final String[] OPERATION_NAMES = {"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CALL", null};
  private static final SqlStatement EMPTY = new SqlStatement(OTHER, null, null, "");

  /** {@link #SELECT} … {@link #OTHER}: the index of its {@code operation} label in {@link #OPERATIONS} */
  public final int operation;
  /**
   * the main table, lower case, quotes removed, schema-qualified as written ("public.orders");
   * for call: the procedure; UNKNOWN when not found
   */
  public final String table;
  /**
   * for db.operation.name: "SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CALL"; for "other" the
   * statement's first word upper-cased, null when the statement does not start with a word
   */
  public final String operationName;
  /** the SQL with every literal replaced by ?, comments removed, whitespace runs collapsed to one space, trimmed */
  public final String queryText;
  /**
   * the query summary of a single execution's span ("SELECT orders", or the operation alone without a table); null
   * without an operation, where the span is named by the database. Built once per statement, not once per call.
   */
  final String summary;

  private SqlStatement(int operation, String table, String operationName, String queryText) {
    this.operation = operation;
    this.table = table == null || table.isEmpty() ? UNKNOWN : table;
    this.operationName = operationName;
    this.queryText = queryText;
    this.summary = operationName == null ? null : summary(operationName, this.table);
  }

  /** A span's query summary: the operation and the table ("SELECT orders"), or the operation alone without one. */
  static String summary(String operation, String table) {
    return UNKNOWN.equals(table) ? operation : operation + " " + table;
  }

  /**
   * @param mysql true for MySQL/MariaDB: backslash escapes in quoted strings, "..." is a string
   *     literal, # starts a comment, block comments do not nest
   */
  public static SqlStatement parse(String sql, boolean mysql) {
    if (sql == null || sql.isEmpty()) {
      return EMPTY;
    }
    try {
      return new Parser(sql, mysql).parse();
    } catch (RuntimeException e) {
      return EMPTY; // a bug here must neither fail the JDBC call nor leak a half-sanitized text
    }
  }

  /** The {@code operation} label: "select", "insert", "update", "delete", "merge", "call", or "other". */
  public String operationLabel() {
    return OPERATIONS[operation];
  }

  @Override
  public String toString() {
    return "SqlStatement{operation=" + operationLabel() + ", table=" + table + ", operationName=" + operationName
        + ", queryText=" + queryText + "}";
  }

  /** Lexes the whole text into {@code out}, keeps the tokens of the first statement, then reads them. */
  private static final class Parser {
    private static final int WORD = 1, QUOTED = 2, LITERAL = 3, PARAM = 4, PUNCT = 5;
    /** bounds nested derived tables and CTE resolution, so hostile SQL cannot exhaust the stack */
    private static final int MAX_DEPTH = 10;

    private final String sql;
    private final boolean mysql;
    private final int len;
    private final StringBuilder out;
    private boolean space; // whitespace or a comment since the last token written
    private boolean firstStatement = true;
    private int lastKind;
    private int lastEnd = -1;
    private int[] kinds = new int[64];
    private int[] starts = new int[64];
    private int[] ends = new int[64];
    private int n;
    private List<String> cteNames;
    private List<int[]> cteBodies;

    Parser(String sql, boolean mysql) {
      this.sql = sql;
      this.mysql = mysql;
      this.len = sql.length();
      this.out = new StringBuilder(Math.min(len, 4096));
    }

    SqlStatement parse() {
      lex();
      String text = out.toString();
      int i = 0;
      while (punct(i, '(')) {
        i++;
      }
      if (punct(i, '{')) {
        return jdbcEscape(i + 1, text);
      }
      if (i >= n || kinds[i] != WORD) {
        return new SqlStatement(OTHER, null, null, text);
      }
      int main = main(i, n);
      int op = main < 0 ? OTHER : operation(main);
      if (op == OTHER) {
        return new SqlStatement(OTHER, null, sql.substring(starts[i], ends[i]).toUpperCase(Locale.ROOT), text);
      }
      return new SqlStatement(op, tableOf(op, main, n, 0), OPERATION_NAMES[op], text);
    }

    /** {call p(?)}, {? = call p(?)} */
    private SqlStatement jdbcEscape(int i, String text) {
      if (i < n && kinds[i] == PARAM && sql.charAt(starts[i]) == '?') {
        i++;
        if (punct(i, '=')) {
          i++;
        }
      }
      if (!word(i, "CALL")) {
        return new SqlStatement(OTHER, null, null, text);
      }
      return new SqlStatement(CALL, tableAt(i + 1, false), "CALL", text);
    }

    // ---------------------------------------------------------------- lexer

    private void lex() {
      int i = 0;
      while (i < len) {
        char c = sql.charAt(i);
        char d = at(i + 1);
        if (c <= ' ' || c > 127 && (Character.isWhitespace(c) || Character.isSpaceChar(c))) {
          space = true;
          i++;
        } else if (c == '-' && d == '-' || c == '#' && mysql) {
          // MySQL wants "-- " with a space; dropping more than MySQL would is safe
          i = lineEnd(i);
          space = true;
        } else if (c == '/' && d == '*') {
          i = blockCommentEnd(i + 2);
          space = true;
        } else if (c == '\'') {
          i = literal(i, quoteEnd(i + 1, '\'', mysql));
        } else if (c == '"') {
          i = mysql ? literal(i, quoteEnd(i + 1, '"', true)) : quoted(i, quoteEnd(i + 1, '"', false));
        } else if (c == '`') {
          i = quoted(i, quoteEnd(i + 1, '`', false));
        } else if (c == '$') {
          i = dollar(i, d);
        } else if (isDigit(c) || c == '.' && isDigit(d) && !(lastEnd == i && (lastKind == WORD || lastKind == QUOTED))) {
          i = token(LITERAL, i, numberEnd(i));
        } else if (identStart(c)) {
          i = identifier(i);
        } else if (c == '#' && (identStart(d) || d == '#')) {
          i = token(WORD, i, identEnd(d == '#' ? i + 2 : i + 1)); // SQL Server #temp / ##global tables
        } else if (c == '?') {
          i = token(PARAM, i, i + 1);
        } else if (c == ':' && d == ':') {
          i = token(PUNCT, i, i + 2);
        } else if ((c == ':' || c == '@') && identStart(d)) {
          i = token(PARAM, i, identEnd(i + 1));
        } else {
          int bracket = c == '[' && !mysql ? bracketEnd(i) : -1;
          i = bracket > 0 ? token(QUOTED, i, bracket) : token(PUNCT, i, i + 1);
        }
      }
    }

    /** Writes the token to the query text and, within the first statement, records it. */
    private int token(int kind, int start, int end) {
      if (space && out.length() > 0) {
        out.append(' ');
      }
      space = false;
      if (kind == LITERAL) {
        out.append('?');
      } else {
        out.append(sql, start, end);
      }
      if (firstStatement) {
        if (kind == PUNCT && sql.charAt(start) == ';') {
          firstStatement = false;
        } else {
          if (n == kinds.length) {
            kinds = Arrays.copyOf(kinds, n * 2);
            starts = Arrays.copyOf(starts, n * 2);
            ends = Arrays.copyOf(ends, n * 2);
          }
          kinds[n] = kind;
          starts[n] = start;
          ends[n++] = end;
        }
      }
      lastKind = kind;
      lastEnd = end;
      return end;
    }

    /** end < 0: unterminated, the literal runs to the end of the text */
    private int literal(int start, int end) {
      return token(LITERAL, start, end < 0 ? len : end);
    }

    /** an unterminated quoted identifier is treated as a literal: whatever follows must not leak */
    private int quoted(int start, int end) {
      return end < 0 ? token(LITERAL, start, len) : token(QUOTED, start, end);
    }

    private int identifier(int i) {
      int e = identEnd(i + 1);
      char next = at(e);
      if (e == i + 1 || e == i + 2) {
        char p = (char) (sql.charAt(i) | 0x20); // ASCII lower case
        if (e == i + 1 && next == '\'' && (p == 'e' || p == 'n' || p == 'x' || p == 'b')) {
          return literal(i, quoteEnd(e + 1, '\'', mysql || p == 'e'));
        }
        if (e == i + 1 && p == 'u' && next == '&' && at(e + 1) == '\'') {
          return literal(i, quoteEnd(e + 2, '\'', mysql));
        }
        // Oracle q'[...]' and nq'[...]'
        boolean q = e == i + 1 ? p == 'q' : p == 'n' && (sql.charAt(i + 1) | 0x20) == 'q';
        if (q && next == '\'' && !mysql) {
          return literal(i, oracleQuoteEnd(e + 1));
        }
      }
      return token(WORD, i, e);
    }

    /** $1 parameter, $$...$$ or $tag$...$tag$ literal, or a lone $ */
    private int dollar(int i, char d) {
      if (isDigit(d)) {
        int e = i + 1;
        while (isDigit(at(e))) {
          e++;
        }
        if (at(e) == '.' && isDigit(at(e + 1))) {
          return token(LITERAL, i, numberEnd(i + 1)); // SQL Server money $10.50
        }
        return token(PARAM, i, e);
      }
      int t = i + 1;
      if (d != '$') {
        if (!identStart(d)) {
          return token(PUNCT, i, i + 1);
        }
        while (at(t) != '$' && identPart(at(t))) {
          t++;
        }
        if (at(t) != '$') {
          return token(PUNCT, i, i + 1);
        }
      }
      String tag = sql.substring(i, t + 1);
      int close = sql.indexOf(tag, t + 1);
      return literal(i, close < 0 ? -1 : close + tag.length());
    }

    /** the index after the closing quote, or -1 */
    private int quoteEnd(int i, char quote, boolean backslash) {
      while (i < len) {
        char c = sql.charAt(i);
        if (c == '\\' && backslash) {
          i += 2;
        } else if (c != quote) {
          i++;
        } else if (at(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      }
      return -1;
    }

    private int oracleQuoteEnd(int i) {
      if (i >= len) {
        return -1;
      }
      char open = sql.charAt(i);
      char close = open == '[' ? ']' : open == '{' ? '}' : open == '(' ? ')' : open == '<' ? '>' : open;
      for (int j = i + 1; j + 1 < len; j++) {
        if (sql.charAt(j) == close && sql.charAt(j + 1) == '\'') {
          return j + 2;
        }
      }
      return -1;
    }

    /**
     * SQL Server [name]: only when the content looks like a name, because [ is also an array
     * subscript (PostgreSQL arr[1], ARRAY['x']) whose content must not be copied verbatim.
     */
    private int bracketEnd(int i) {
      char first = at(i + 1);
      if (!identStart(first) && first != '#') {
        return -1;
      }
      for (int j = i + 2; j < len; j++) {
        char c = sql.charAt(j);
        if (c == ']') {
          return j + 1;
        }
        boolean ok = c == ' ' || c == '#' || identPart(c) && !(isDigit(c) && sql.charAt(j - 1) == ' ');
        if (!ok) {
          return -1;
        }
      }
      return -1;
    }

    private int numberEnd(int i) {
      char x = at(i + 1);
      if (sql.charAt(i) == '0' && (x == 'x' || x == 'X') && isHex(at(i + 2))) {
        i += 2;
        while (isHex(at(i))) {
          i++;
        }
        return i;
      }
      if (sql.charAt(i) == '0' && (x == 'b' || x == 'B') && (at(i + 2) == '0' || at(i + 2) == '1')) {
        i += 2;
        while (at(i) == '0' || at(i) == '1') {
          i++;
        }
        return i;
      }
      i = digitsEnd(i);
      if (at(i) == '.') {
        i = digitsEnd(i + 1);
      }
      if (at(i) == 'e' || at(i) == 'E') {
        int j = at(i + 1) == '+' || at(i + 1) == '-' ? i + 2 : i + 1;
        if (isDigit(at(j))) {
          i = digitsEnd(j);
        }
      }
      return i;
    }

    private int digitsEnd(int i) {
      while (isDigit(at(i)) || at(i) == '_' && isDigit(at(i + 1))) {
        i++;
      }
      return i;
    }

    private int lineEnd(int i) {
      while (i < len && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
        i++;
      }
      return i;
    }

    private int blockCommentEnd(int i) {
      int depth = 1;
      while (i < len) {
        char c = sql.charAt(i);
        if (c == '*' && at(i + 1) == '/') {
          if (--depth == 0) {
            return i + 2;
          }
          i += 2;
        } else if (c == '/' && at(i + 1) == '*' && !mysql) {
          depth++;
          i += 2;
        } else {
          i++;
        }
      }
      return len;
    }

    private int identEnd(int i) {
      while (identPart(at(i))) {
        i++;
      }
      return i;
    }

    private char at(int i) {
      return i < len ? sql.charAt(i) : 0;
    }

    private static boolean identStart(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
          || c > 127 && (Character.isLetter(c) || Character.isSurrogate(c));
    }

    private static boolean identPart(char c) {
      return identStart(c) || isDigit(c) || c == '$' || c > 127 && Character.isLetterOrDigit(c);
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
      return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    // ---------------------------------------------------------------- statement

    /** The table of the statement in tokens [i, to), or null. */
    private String statement(int i, int to, int level) {
      if (level > MAX_DEPTH) {
        return null;
      }
      int main = main(i, to);
      return main < 0 ? null : tableOf(operation(main), main, to, level);
    }

    /** Skips opening parentheses and a WITH clause (recording its CTEs): the main keyword's index or -1. */
    private int main(int i, int to) {
      while (i < to && punct(i, '(')) {
        i++;
      }
      if (word(i, "WITH")) {
        i = ctes(i + 1, to);
        if (i < 0) {
          return -1;
        }
        while (i < to && punct(i, '(')) {
          i++;
        }
      }
      return i < to ? i : -1;
    }

    /** [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (body) [, ...]: the index after the clause or -1. */
    private int ctes(int i, int to) {
      if (word(i, "RECURSIVE")) {
        i++;
      }
      while (true) {
        if (i >= to || !isName(i)) {
          return -1;
        }
        String name = tableAt(i, false);
        i++;
        if (punct(i, '(')) {
          i = close(i, to) + 1;
        }
        if (!word(i, "AS")) {
          return -1;
        }
        i++;
        if (word(i, "NOT")) {
          i++;
        }
        if (word(i, "MATERIALIZED")) {
          i++;
        }
        if (i >= to || !punct(i, '(')) {
          return -1;
        }
        int close = close(i, to);
        if (close >= to) {
          return -1;
        }
        if (cteNames == null) {
          cteNames = new ArrayList<>();
          cteBodies = new ArrayList<>();
        }
        cteNames.add(name);
        cteBodies.add(new int[] {i + 1, close});
        i = close + 1;
        if (!punct(i, ',')) {
          return i;
        }
        i++;
      }
    }

    private int operation(int i) {
      if (word(i, "SELECT")) {
        return SELECT;
      } else if (word(i, "INSERT") || word(i, "REPLACE") || word(i, "UPSERT")) {
        return INSERT;
      } else if (word(i, "UPDATE")) {
        return UPDATE;
      } else if (word(i, "DELETE")) {
        return DELETE;
      } else if (word(i, "MERGE")) {
        return MERGE;
      } else if (word(i, "CALL") || word(i, "EXEC") || word(i, "EXECUTE")) {
        return CALL;
      }
      return OTHER;
    }

    /** The table of a statement whose keyword is at {@code main}, CTE names resolved. */
    private String tableOf(int op, int main, int to, int level) {
      int i = main + 1;
      String table;
      switch (op) {
        case SELECT:
          table = fromTable(i, to, level);
          break;
        case INSERT:
          while (true) {
            if (word(i, "LOW_PRIORITY") || word(i, "DELAYED") || word(i, "HIGH_PRIORITY") || word(i, "IGNORE")) {
              i++;
            } else if (word(i, "OR")) {
              i += 2; // SQLite INSERT OR REPLACE
            } else {
              break;
            }
          }
          // Oracle multi-table INSERT ALL / INSERT FIRST has no single table
          table = word(i, "ALL") || word(i, "FIRST") ? null : tableAt(word(i, "INTO") ? i + 1 : i, false);
          break;
        case UPDATE:
          i = skipTop(i);
          while (word(i, "ONLY") || word(i, "LOW_PRIORITY") || word(i, "IGNORE")) {
            i++;
          }
          table = tableAt(i, false);
          break;
        case DELETE:
          i = skipTop(i);
          while (word(i, "LOW_PRIORITY") || word(i, "QUICK") || word(i, "IGNORE")) {
            i++;
          }
          if (word(i, "FROM")) {
            i++;
          }
          if (word(i, "ONLY")) {
            i++;
          }
          table = tableAt(i, false);
          break;
        case MERGE:
          i = skipTop(i);
          table = tableAt(word(i, "INTO") ? i + 1 : i, false);
          break;
        case CALL:
          table = tableAt(i, false);
          break;
        default:
          // inside parentheses: a parenthesised join "(a JOIN b ON ...)" starts with its first table
          table = word(main, "VALUES") ? null : word(main, "TABLE") ? tableAt(i, true) : tableAt(main, true);
      }
      return resolve(table, level);
    }

    /** A CTE name becomes the first table of the CTE's body. */
    private String resolve(String table, int level) {
      if (table == null || cteNames == null) {
        return table;
      }
      for (int k = cteNames.size() - 1; k >= 0; k--) {
        if (table.equals(cteNames.get(k))) {
          int[] body = cteBodies.get(k);
          return statement(body[0], body[1], level + 1);
        }
      }
      return table;
    }

    /** SELECT: the table after the first FROM at parenthesis depth 0. */
    private String fromTable(int i, int to, int level) {
      int depth = 0;
      for (int j = i; j < to; j++) {
        if (punct(j, '(')) {
          depth++;
        } else if (punct(j, ')')) {
          if (depth == 0) {
            return null; // left the enclosing group
          }
          depth--;
        } else if (depth == 0 && word(j, "FROM") && !word(j - 1, "DISTINCT")) {
          return afterFrom(j + 1, to, level);
        }
      }
      return null;
    }

    private String afterFrom(int i, int to, int level) {
      while (word(i, "ONLY") || word(i, "LATERAL")) {
        i++;
      }
      if (punct(i, '{') && word(i + 1, "OJ")) {
        i += 2; // JDBC outer join escape {oj a LEFT OUTER JOIN b ...}
      }
      if (punct(i, '(')) {
        return statement(i + 1, close(i, to), level + 1);
      }
      return tableAt(i, true);
    }

    /** SQL Server TOP (n) / TOP n */
    private int skipTop(int i) {
      if (!word(i, "TOP")) {
        return i;
      }
      return punct(i + 1, '(') ? close(i + 1, n) + 1 : i + 2;
    }

    /** The index of the parenthesis closing the one at {@code open}, or {@code to}. */
    private int close(int open, int to) {
      int depth = 0;
      for (int j = open; j < to; j++) {
        if (punct(j, '(')) {
          depth++;
        } else if (punct(j, ')') && --depth == 0) {
          return j;
        }
      }
      return to;
    }

    /** The qualified name at i, lower case without quotes; null if none or, when asked, a function call. */
    private String tableAt(int i, boolean rejectFunction) {
      if (!isName(i)) {
        return null;
      }
      int e = i + 1;
      while (punct(e, '.') && isName(e + 1)) {
        e += 2;
      }
      if (rejectFunction && punct(e, '(')) {
        return null;
      }
      StringBuilder b = new StringBuilder();
      for (int k = i; k < e; k += 2) {
        if (k > i) {
          b.append('.');
        }
        int s = starts[k];
        if (kinds[k] == WORD) {
          b.append(sql, s, ends[k]);
        } else {
          char quote = sql.charAt(s);
          for (int j = s + 1; j < ends[k] - 1; j++) {
            char c = sql.charAt(j);
            b.append(c);
            if (c == quote) {
              j++; // "" and `` stand for one quote
            }
          }
        }
      }
      return b.toString().toLowerCase(Locale.ROOT);
    }

    private boolean isName(int i) {
      return i >= 0 && i < n && (kinds[i] == WORD || kinds[i] == QUOTED);
    }

    private boolean word(int i, String keyword) {
      return i >= 0 && i < n && kinds[i] == WORD && ends[i] - starts[i] == keyword.length()
          && sql.regionMatches(true, starts[i], keyword, 0, keyword.length());
    }

    private boolean punct(int i, char c) {
      return i >= 0 && i < n && kinds[i] == PUNCT && sql.charAt(starts[i]) == c;
    }
  }
}
