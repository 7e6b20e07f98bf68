package io.monitoring.agent.db;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SqlStatementTest {
  private static final String U = SqlStatement.UNKNOWN;
  /** planted only in literals and comments: none may ever reach table or queryText */
  private static final List<String> SECRETS =
      List.of("alice@example.com", "s3cr3t", "4111111111111111", "42.50", "hunter2", "2024-01-01");
  private static final Set<String> OPERATIONS = Set.of("select", "insert", "update", "delete", "merge", "call", "other");

  /** queryText null: not checked */
  record Row(boolean mysql, String sql, String operation, String table, String queryText) {
    @Override
    public String toString() {
      return (mysql ? "mysql: " : "std: ") + sql.replace("\n", "\\n");
    }
  }

  private static final List<Row> ROWS = new ArrayList<>();

  private static void std(String sql, String operation, String table, String queryText) {
    ROWS.add(new Row(false, sql, operation, table, queryText));
  }

  private static void my(String sql, String operation, String table, String queryText) {
    ROWS.add(new Row(true, sql, operation, table, queryText));
  }

  private static void both(String sql, String operation, String table, String queryText) {
    std(sql, operation, table, queryText);
    my(sql, operation, table, queryText);
  }

  static {
    // plain CRUD, any case
    both("SELECT * FROM orders WHERE id = 42", "select", "orders", "SELECT * FROM orders WHERE id = ?");
    both("select id, name from customers where email = 'alice@example.com'", "select", "customers",
        "select id, name from customers where email = ?");
    both("Select Id From Users u Where u.Password = 's3cr3t'", "select", "users", "Select Id From Users u Where u.Password = ?");
    both("SeLeCt count(*) FrOm Orders", "select", "orders", "SeLeCt count(*) FrOm Orders");
    both("INSERT INTO orders (id, total) VALUES (1, 42.50)", "insert", "orders", "INSERT INTO orders (id, total) VALUES (?, ?)");
    both("insert into payments(card) values('4111111111111111')", "insert", "payments", "insert into payments(card) values(?)");
    both("UPDATE accounts SET password = 'hunter2' WHERE id = 7", "update", "accounts",
        "UPDATE accounts SET password = ? WHERE id = ?");
    std("update Accounts set balance = balance - 42.50 where id = ?", "update", "accounts",
        "update Accounts set balance = balance - ? where id = ?");
    both("DELETE FROM sessions WHERE token = 's3cr3t'", "delete", "sessions", "DELETE FROM sessions WHERE token = ?");
    std("delete from Sessions where expires < ?", "delete", "sessions", "delete from Sessions where expires < ?");
    std("SELECT  *\n FROM t WHERE a = 'x' -- hi\n AND b=5", "select", "t", "SELECT * FROM t WHERE a = ? AND b=?");
    std("SELECT *\r\n\tFROM orders\r\n WHERE id = 1", "select", "orders", "SELECT * FROM orders WHERE id = ?");

    // PostgreSQL
    std("SELECT * FROM public.orders WHERE id = $1", "select", "public.orders", "SELECT * FROM public.orders WHERE id = $1");
    std("SELECT \"Id\" FROM \"Public\".\"Orders\" WHERE \"Email\" = 'alice@example.com'", "select", "public.orders",
        "SELECT \"Id\" FROM \"Public\".\"Orders\" WHERE \"Email\" = ?");
    std("SELECT * FROM \"my \"\"odd\"\" table\"", "select", "my \"odd\" table", "SELECT * FROM \"my \"\"odd\"\" table\"");
    std("INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id",
        "insert", "users", "INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id");
    std("INSERT INTO audit VALUES ('s3cr3t', 42.50) ON CONFLICT DO NOTHING", "insert", "audit",
        "INSERT INTO audit VALUES (?, ?) ON CONFLICT DO NOTHING");
    std("UPDATE orders SET status = 'paid' WHERE id = $1 RETURNING id, total", "update", "orders",
        "UPDATE orders SET status = ? WHERE id = $1 RETURNING id, total");
    std("SELECT '42.50'::numeric, x::text FROM t", "select", "t", "SELECT ?::numeric, x::text FROM t");
    std("SELECT E'it\\'s s3cr3t' FROM notes", "select", "notes", "SELECT ? FROM notes");
    std("SELECT e'\\\\' || 's3cr3t' FROM notes", "select", "notes", "SELECT ? || ? FROM notes");
    std("SELECT * FROM ONLY measurements WHERE v > 4111111111111111", "select", "measurements",
        "SELECT * FROM ONLY measurements WHERE v > ?");
    std("SELECT x FROM LATERAL (SELECT * FROM events WHERE kind = 'login') e", "select", "events",
        "SELECT x FROM LATERAL (SELECT * FROM events WHERE kind = ?) e");
    std("SELECT * FROM users u, LATERAL (SELECT * FROM logins l WHERE l.uid = u.id) x", "select", "users", null);
    std("SELECT * FROM generate_series(1, 10) g", "select", U, "SELECT * FROM generate_series(?, ?) g");
    std("SELECT * FROM pg_catalog.unnest(ARRAY['s3cr3t', 'hunter2'])", "select", U, "SELECT * FROM pg_catalog.unnest(ARRAY[?, ?])");
    std("SELECT tags[1], tags[i + 2] FROM posts", "select", "posts", "SELECT tags[?], tags[i + ?] FROM posts");
    std("DO $$ BEGIN RAISE NOTICE 's3cr3t'; END $$", "other", U, "DO ?");
    std("CREATE FUNCTION f() RETURNS int AS $fn$ SELECT 42 FROM secrets WHERE pw = 'hunter2' $fn$ LANGUAGE sql",
        "other", U, "CREATE FUNCTION f() RETURNS int AS ? LANGUAGE sql");
    std("SELECT $tag$alice@example.com$tag$ AS v FROM t", "select", "t", "SELECT ? AS v FROM t");
    std("SELECT * FROM t WHERE a = $1 AND b = $2", "select", "t", "SELECT * FROM t WHERE a = $1 AND b = $2");
    std("SELECT U&'d\\0061t\\+000061 s3cr3t' FROM t", "select", "t", "SELECT ? FROM t");
    std("SELECT B'1010', X'4111111111111111', N'hunter2' FROM bits", "select", "bits", "SELECT ?, ?, ? FROM bits");
    std("SELECT * FROM orders WHERE created > DATE '2024-01-01' AND paid = TRUE AND note IS NOT NULL", "select", "orders",
        "SELECT * FROM orders WHERE created > DATE ? AND paid = TRUE AND note IS NOT NULL");
    std("SELECT * FROM t WHERE x = $$s3cr3t", "select", "t", "SELECT * FROM t WHERE x = ?");

    // MySQL / MariaDB
    my("SELECT * FROM `shop`.`Orders` WHERE email = \"alice@example.com\"", "select", "shop.orders",
        "SELECT * FROM `shop`.`Orders` WHERE email = ?");
    my("SELECT * FROM users WHERE name = 'O\\'Brien s3cr3t' AND id = 1", "select", "users",
        "SELECT * FROM users WHERE name = ? AND id = ?");
    my("SELECT * FROM t WHERE a = 'x\\\\' AND b = 's3cr3t'", "select", "t", "SELECT * FROM t WHERE a = ? AND b = ?");
    my("SELECT * FROM t WHERE a = \"say \\\"s3cr3t\\\"\" AND b = \"it\"\"s hunter2\"", "select", "t",
        "SELECT * FROM t WHERE a = ? AND b = ?");
    my("SELECT id FROM users # where pw = 's3cr3t'\nWHERE id = 1", "select", "users", "SELECT id FROM users WHERE id = ?");
    my("INSERT IGNORE INTO logins (user, pw) VALUES ('alice@example.com', 's3cr3t')", "insert", "logins",
        "INSERT IGNORE INTO logins (user, pw) VALUES (?, ?)");
    my("REPLACE INTO cache (k, v) VALUES ('k', \"s3cr3t\")", "insert", "cache", "REPLACE INTO cache (k, v) VALUES (?, ?)");
    my("INSERT INTO counters (id, n) VALUES (1, 1) ON DUPLICATE KEY UPDATE n = n + 1", "insert", "counters",
        "INSERT INTO counters (id, n) VALUES (?, ?) ON DUPLICATE KEY UPDATE n = n + ?");
    my("SELECT /*+ MAX_EXECUTION_TIME(1000) */ * FROM orders", "select", "orders", "SELECT * FROM orders");
    my("SELECT * FROM orders ORDER BY id LIMIT 10,20", "select", "orders", "SELECT * FROM orders ORDER BY id LIMIT ?,?");
    my("INSERT LOW_PRIORITY INTO log VALUES (42.50)", "insert", "log", "INSERT LOW_PRIORITY INTO log VALUES (?)");
    my("UPDATE LOW_PRIORITY IGNORE `Users` SET pw = 'hunter2'", "update", "users", "UPDATE LOW_PRIORITY IGNORE `Users` SET pw = ?");
    my("DELETE QUICK FROM t WHERE x = 1", "delete", "t", "DELETE QUICK FROM t WHERE x = ?");
    my("DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id WHERE t2.pw = 's3cr3t'", "delete", "t1",
        "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id WHERE t2.pw = ?");
    my("SELECT \"s3cr3t\" AS \"alias\" FROM dual", "select", "dual", "SELECT ? AS ? FROM dual");
    my("/* a /* nested? */ SELECT 1 FROM t", "select", "t", "SELECT ? FROM t");
    my("SELECT * FROM t WHERE note = 'line1\\nline2 s3cr3t' -- trailing", "select", "t", "SELECT * FROM t WHERE note = ?");
    my("INSERT INTO t SET a = 'hunter2'", "insert", "t", "INSERT INTO t SET a = ?");
    my("SELECT 0x1F, 0b1010, X'4111111111111111' FROM t", "select", "t", "SELECT ?, ?, ? FROM t");
    my("select * from `order details` where `key` = _utf8mb4's3cr3t'", "select", "order details",
        "select * from `order details` where `key` = _utf8mb4?");
    my("/*!40101 SET @x = 's3cr3t' */ SELECT 1 FROM t", "select", "t", "SELECT ? FROM t");
    my("SET @pw = 's3cr3t'", "other", U, "SET @pw = ?");
    my("SHOW TABLES", "other", U, "SHOW TABLES");
    my("INSERT OR REPLACE INTO kv VALUES ('a', 'hunter2')", "insert", "kv", "INSERT OR REPLACE INTO kv VALUES (?, ?)");

    // H2
    std("MERGE INTO t KEY(id) VALUES (1, 's3cr3t')", "merge", "t", "MERGE INTO t KEY(id) VALUES (?, ?)");
    std("CALL ABS(?)", "call", "abs", "CALL ABS(?)");
    std("SELECT * FROM INFORMATION_SCHEMA.TABLES", "select", "information_schema.tables", null);

    // SQL Server
    std("SELECT TOP 10 * FROM [dbo].[Orders] WHERE [Customer Name] = N'alice@example.com'", "select", "dbo.orders",
        "SELECT TOP ? * FROM [dbo].[Orders] WHERE [Customer Name] = ?");
    std("EXEC dbo.usp_GetOrders @p1, @p2", "call", "dbo.usp_getorders", "EXEC dbo.usp_GetOrders @p1, @p2");
    std("EXECUTE usp_reset 's3cr3t'", "call", "usp_reset", "EXECUTE usp_reset ?");
    std("UPDATE TOP (5) [Orders] SET Status = N'x' WHERE Id = @id", "update", "orders",
        "UPDATE TOP (?) [Orders] SET Status = ? WHERE Id = @id");
    std("DELETE TOP (10) FROM dbo.Logs", "delete", "dbo.logs", "DELETE TOP (?) FROM dbo.Logs");
    std("SELECT * FROM #tmp WHERE v = $42.50", "select", "#tmp", "SELECT * FROM #tmp WHERE v = ?");
    std("MERGE dbo.Target AS t USING dbo.Source AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.v = 'x';", "merge",
        "dbo.target", "MERGE dbo.Target AS t USING dbo.Source AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET t.v = ?;");

    // Oracle
    std("DELETE orders WHERE id = 5", "delete", "orders", "DELETE orders WHERE id = ?");
    std("SELECT sysdate FROM dual", "select", "dual", "SELECT sysdate FROM dual");
    std("INSERT ALL INTO a VALUES (1) INTO b VALUES (2) SELECT * FROM dual", "insert", U,
        "INSERT ALL INTO a VALUES (?) INTO b VALUES (?) SELECT * FROM dual");
    std("SELECT q'[it's s3cr3t]', nq'{hunter2'}' FROM dual", "select", "dual", "SELECT ?, ? FROM dual");
    std("SELECT * FROM emp WHERE empno = :empno AND name = :name", "select", "emp",
        "SELECT * FROM emp WHERE empno = :empno AND name = :name");
    std("SELECT * FROM hr.employees e WHERE e.salary > 42.50 FETCH FIRST 10 ROWS ONLY", "select", "hr.employees",
        "SELECT * FROM hr.employees e WHERE e.salary > ? FETCH FIRST ? ROWS ONLY");

    // JDBC escapes
    both("{call p(?)}", "call", "p", "{call p(?)}");
    std("{? = call p(?)}", "call", "p", "{? = call p(?)}");
    std("{ ? = call myschema.p(?, ?) }", "call", "myschema.p", "{ ? = call myschema.p(?, ?) }");
    std("{CALL reset_password('hunter2')}", "call", "reset_password", "{CALL reset_password(?)}");
    std("SELECT * FROM {oj a LEFT OUTER JOIN b ON a.id = b.id} WHERE b.d > {d '2024-01-01'}", "select", "a",
        "SELECT * FROM {oj a LEFT OUTER JOIN b ON a.id = b.id} WHERE b.d > {d ?}");

    // CTEs
    std("WITH recent AS (SELECT * FROM orders WHERE created > ?) SELECT * FROM recent", "select", "orders",
        "WITH recent AS (SELECT * FROM orders WHERE created > ?) SELECT * FROM recent");
    std("WITH RECURSIVE tree AS (SELECT id, parent FROM categories WHERE id = 1 UNION ALL "
        + "SELECT c.id, c.parent FROM categories c JOIN tree t ON c.parent = t.id) SELECT * FROM tree", "select", "categories", null);
    std("WITH a AS (SELECT * FROM b2), c AS (SELECT * FROM a) SELECT * FROM c", "select", "b2", null);
    std("WITH totals AS (SELECT customer_id, sum(total) s FROM orders GROUP BY customer_id) "
        + "SELECT * FROM customers JOIN totals USING (customer_id)", "select", "customers", null);
    std("WITH moved AS (DELETE FROM inbox WHERE read = TRUE RETURNING *) INSERT INTO archive SELECT * FROM moved", "insert",
        "archive", "WITH moved AS (DELETE FROM inbox WHERE read = TRUE RETURNING *) INSERT INTO archive SELECT * FROM moved");
    std("WITH x (a, b) AS MATERIALIZED (SELECT 1, 's3cr3t') SELECT * FROM x", "select", U,
        "WITH x (a, b) AS MATERIALIZED (SELECT ?, ?) SELECT * FROM x");
    std("WITH RECURSIVE n(i) AS (VALUES (1) UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT sum(i) FROM n", "select", U,
        "WITH RECURSIVE n(i) AS (VALUES (?) UNION ALL SELECT i + ? FROM n WHERE i < ?) SELECT sum(i) FROM n");
    std("WITH upd AS (UPDATE stock SET qty = qty - 1 WHERE id = 3 RETURNING id) SELECT * FROM upd", "select", "stock", null);
    std("with s as not materialized (select * from \"Sales\") update totals set v = (select sum(v) from s)", "update",
        "totals", null);
    my("WITH `cte` AS (SELECT * FROM `Orders`) SELECT * FROM cte", "select", "orders", null);

    // subqueries, derived tables, UNION, joins
    std("SELECT (SELECT max(x) FROM a) FROM b", "select", "b", "SELECT (SELECT max(x) FROM a) FROM b");
    std("SELECT * FROM (SELECT * FROM orders WHERE total > 42.50) sub", "select", "orders",
        "SELECT * FROM (SELECT * FROM orders WHERE total > ?) sub");
    std("SELECT * FROM ((SELECT id FROM x1) UNION (SELECT id FROM x2)) u", "select", "x1", null);
    std("SELECT id FROM t1 UNION SELECT id FROM t2", "select", "t1", "SELECT id FROM t1 UNION SELECT id FROM t2");
    std("(SELECT id FROM t1) UNION ALL (SELECT id FROM t2)", "select", "t1", null);
    std("SELECT * FROM a JOIN b ON a.id = b.id", "select", "a", null);
    std("SELECT * FROM a, b WHERE a.id = b.id", "select", "a", null);
    std("SELECT EXTRACT(YEAR FROM created), TRIM(BOTH 'x' FROM name) FROM orders", "select", "orders",
        "SELECT EXTRACT(YEAR FROM created), TRIM(BOTH ? FROM name) FROM orders");
    std("SELECT * FROM (a JOIN b ON a.id = b.id)", "select", "a", null);
    std("SELECT * FROM (VALUES (1, 's3cr3t')) v(id, pw)", "select", U, "SELECT * FROM (VALUES (?, ?)) v(id, pw)");
    std("INSERT INTO t (a, b) SELECT x, y FROM s WHERE z = 's3cr3t'", "insert", "t", "INSERT INTO t (a, b) SELECT x, y FROM s WHERE z = ?");
    std("SELECT * FROM users WHERE id IN (1, 2, 3)", "select", "users", "SELECT * FROM users WHERE id IN (?, ?, ?)");
    std("SELECT a IS DISTINCT FROM b FROM t", "select", "t", null);
    std("SELECT * FROM (SELECT * FROM (SELECT * FROM deep) a) b", "select", "deep", null);

    // nasty
    std("SELECT /* FROM secrets 's3cr3t */ id FROM users", "select", "users", "SELECT id FROM users");
    std("SELECT id -- FROM secrets 's3cr3t\nFROM users", "select", "users", "SELECT id FROM users");
    std("SELECT 'FROM secrets; -- /* s3cr3t' AS x FROM users; DELETE FROM users", "select", "users",
        "SELECT ? AS x FROM users; DELETE FROM users");
    std("SELECT * FROM t WHERE a = 'unterminated s3cr3t", "select", "t", "SELECT * FROM t WHERE a = ?");
    my("SELECT * FROM t WHERE a = 'unterminated \\' s3cr3t", "select", "t", "SELECT * FROM t WHERE a = ?");
    both("SELECT * FROM t /* unterminated s3cr3t", "select", "t", "SELECT * FROM t");
    std("SELECT * FROM t WHERE \"unterminated s3cr3t", "select", "t", "SELECT * FROM t WHERE ?");
    std("SELECT * FROM t WHERE a = /* nested /* s3cr3t */ still */ 1", "select", "t", "SELECT * FROM t WHERE a = ?");
    my("SELECT * FROM t WHERE a = /* not nested /* s3cr3t */ still */ 1", "select", "t", "SELECT * FROM t WHERE a = still */ ?");
    std("SELECT * FROM t WHERE name = 'a -- b' AND c = 2 -- 's3cr3t", "select", "t", "SELECT * FROM t WHERE name = ? AND c = ?");
    std("SELECT * FROM t WHERE a='x'AND b=5", "select", "t", "SELECT * FROM t WHERE a=?AND b=?");
    std("SELECT * FROM t WHERE x = CASE WHEN'a'='hunter2' THEN 1 END", "select", "t",
        "SELECT * FROM t WHERE x = CASE WHEN?=? THEN ? END");
    std("/* leading */ ( SELECT * FROM t )", "select", "t", "( SELECT * FROM t )");
    std("SELECT 'it''s s3cr3t' FROM t", "select", "t", "SELECT ? FROM t");
    both("", "other", U, "");
    both("   \n\t ", "other", U, "");
    both("-- only a comment 's3cr3t'", "other", U, "");
    both("SELECT 1", "select", U, "SELECT ?");
    std("select o1_0.id, o1_0.total from orders o1_0 where o1_0.id=?", "select", "orders",
        "select o1_0.id, o1_0.total from orders o1_0 where o1_0.id=?");
    std("SELECT * FROM t WHERE a = 1e10 OR b = 1.5E-3 OR c = .5 OR d = -5 OR e = 42.50", "select", "t",
        "SELECT * FROM t WHERE a = ? OR b = ? OR c = ? OR d = -? OR e = ?");
    std("SELECT 0x1F, 0X1f, 1_000_000, 4111111111111111abc FROM t", "select", "t", "SELECT ?, ?, ?, ?abc FROM t");
    std("SELECT * FROM t WHERE flag = FALSE AND x IS NULL", "select", "t", "SELECT * FROM t WHERE flag = FALSE AND x IS NULL");
    std("SELECT * FROM t; SELECT * FROM u", "select", "t", "SELECT * FROM t; SELECT * FROM u");
    std("SELECT naïve, 名前 FROM données WHERE x = 'é s3cr3t'", "select", "données", "SELECT naïve, 名前 FROM données WHERE x = ?");

    // DDL and other statements
    std("CREATE TABLE orders (id int PRIMARY KEY, note text DEFAULT 's3cr3t')", "other", U,
        "CREATE TABLE orders (id int PRIMARY KEY, note text DEFAULT ?)");
    both("DROP TABLE IF EXISTS orders", "other", U, "DROP TABLE IF EXISTS orders");
    std("ALTER TABLE t ADD COLUMN c int DEFAULT 42.50", "other", U, "ALTER TABLE t ADD COLUMN c int DEFAULT ?");
    std("TRUNCATE TABLE t", "other", U, "TRUNCATE TABLE t");
    std("BEGIN", "other", U, "BEGIN");
    std("EXPLAIN SELECT * FROM t", "other", U, "EXPLAIN SELECT * FROM t");
    std("VALUES (1, 's3cr3t')", "other", U, "VALUES (?, ?)");
    std("GRANT SELECT ON t TO alice", "other", U, null);
    std("123", "other", U, "?");
  }

  static Stream<Row> rows() {
    return ROWS.stream();
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("rows")
  void parsesOperationTableAndQueryText(Row row) {
    SqlStatement s = SqlStatement.parse(row.sql, row.mysql);
    assertEquals(row.operation, s.operationLabel(), "operation");
    assertEquals(row.table, s.table, "table");
    if (row.queryText != null) {
      assertEquals(row.queryText, s.queryText, "queryText");
    }
    if (!"other".equals(row.operation)) {
      assertEquals(row.operation.toUpperCase(Locale.ROOT), s.operationName, "operationName");
    }
  }

  @Test
  void tableIsLargeEnough() {
    assertTrue(ROWS.size() >= 90, "rows: " + ROWS.size());
    assertTrue(ROWS.stream().filter(r -> r.queryText != null).count() >= 40);
    assertTrue(ROWS.stream().filter(r -> SECRETS.stream().anyMatch(r.sql::contains)).count() >= 40);
  }

  @Test
  void noSecretFromALiteralLeaks() {
    for (Row row : ROWS) {
      SqlStatement s = SqlStatement.parse(row.sql, row.mysql);
      assertNoSecret(row.sql, s);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      SELECT 1                                   | SELECT
      insert into t values (1)                   | INSERT
      REPLACE INTO t VALUES (1)                  | INSERT
      upsert into t values (1)                   | INSERT
      EXEC dbo.p                                 | CALL
      {call p(?)}                                | CALL
      WITH a AS (SELECT 1) DELETE FROM t         | DELETE
      merge into t using s on (1=1)              | MERGE
      drop table t                               | DROP
      Set search_path = x                        | SET
      begin                                      | BEGIN
      (VALUES (1))                               | VALUES
      WITH a AS (SELECT 1) VALUES (1)            | WITH
      123                                        | NULL
      "quoted" x                                 | NULL
      {fn now()}                                 | NULL
      """)
  void operationName(String sql, String expected) {
    assertEquals(expected, SqlStatement.parse(sql, false).operationName);
  }

  @Test
  void nullAndEmpty() {
    String[][] cases = {{null, ""}, {"", ""}, {" ", ""}, {"\n", ""}, {"/* */", ""}, {" ; ", ";"}, {"; SELECT 1 FROM t", "; SELECT ? FROM t"}};
    for (String[] c : cases) {
      for (boolean mysql : new boolean[] {false, true}) {
        SqlStatement s = SqlStatement.parse(c[0], mysql);
        assertEquals("other", s.operationLabel());
        assertEquals(SqlStatement.UNKNOWN, s.table);
        assertNull(s.operationName);
        assertEquals(c[1], s.queryText);
        assertNotNull(s.toString());
      }
    }
  }

  @Test
  void deepNestingNeitherOverflowsNorThrows() {
    String sql = "SELECT * FROM " + "(SELECT * FROM ".repeat(20_000) + "t" + ")".repeat(20_000);
    SqlStatement s = SqlStatement.parse(sql, false);
    assertEquals("select", s.operationLabel());
    assertEquals(SqlStatement.UNKNOWN, s.table);
    String ctes = "WITH c0 AS (SELECT * FROM c0)" + ", c1 AS (SELECT * FROM c0)".repeat(100) + " SELECT * FROM c1";
    assertEquals(SqlStatement.UNKNOWN, SqlStatement.parse(ctes, false).table);
  }

  /** fragments and random characters: never throws, always a well-formed result */
  @Test
  void randomInputNeverThrows() {
    Random random = new Random(20240101);
    String chars = "'\"`[]$\\/*-#;(){}?:@.,=eEnNxXqQuU&01_ \n\té名\uD83D\uDE00";
    List<String> fragments = new ArrayList<>(SAFE_FRAGMENTS);
    fragments.addAll(List.of("'", "\"", "`", "[", "$", "$$", "$a$", "/*", "*/", "--", "#", "E'", "q'[", "U&'", "\\", "0x", "1e"));
    for (int k = 0; k < 10_000; k++) {
      StringBuilder b = new StringBuilder();
      int parts = random.nextInt(12);
      for (int p = 0; p < parts; p++) {
        if (random.nextBoolean()) {
          b.append(fragments.get(random.nextInt(fragments.size())));
        } else {
          b.append(chars.charAt(random.nextInt(chars.length())));
        }
        if (random.nextInt(3) == 0) {
          b.append(' ');
        }
      }
      String sql = b.toString();
      boolean mysql = random.nextBoolean();
      SqlStatement s = assertDoesNotThrow(() -> SqlStatement.parse(sql, mysql), sql);
      assertWellFormed(sql, s);
      assertEquals(s.toString(), SqlStatement.parse(sql, mysql).toString(), "deterministic");
    }
  }

  /** well-formed fragments separated by spaces: a secret inside a literal or comment never leaks */
  @Test
  void randomFragmentsNeverLeakSecrets() {
    Random random = new Random(42);
    for (int k = 0; k < 10_000; k++) {
      boolean mysql = random.nextBoolean();
      List<String> pool = mysql ? MYSQL_FRAGMENTS : STANDARD_FRAGMENTS;
      StringBuilder b = new StringBuilder();
      int parts = 1 + random.nextInt(25);
      for (int p = 0; p < parts; p++) {
        b.append(pool.get(random.nextInt(pool.size()))).append(random.nextInt(4) == 0 ? "\n" : " ");
      }
      String sql = b.toString();
      SqlStatement s = SqlStatement.parse(sql, mysql);
      assertWellFormed(sql, s);
      assertNoSecret(sql, s);
    }
  }

  private static final List<String> SAFE_FRAGMENTS = List.of("SELECT", "select", "FROM", "from", "WHERE", "INSERT", "INTO",
      "VALUES", "UPDATE", "SET", "DELETE", "MERGE", "CALL", "EXEC", "WITH", "RECURSIVE", "AS", "ONLY", "LATERAL", "JOIN", "ON",
      "UNION", "ALL", "ORDER BY", "LIMIT", "TOP", "t", "orders", "public.orders", "o1_0.id", "`x`", "[dbo]", "\"Q\"", "(", ")",
      "((", "))", ",", ";", ".", "=", "::", "?", "$1", ":name", "@p1", "{call", "{", "}", "*", "-", "+", "TRUE", "NULL",
      "E", "N", "q", "U", "1", "2.5", ".5", "1e3", "0x1F", "DATE", "f(", "#tmp", "'", "\"");

  /** literals and comments carrying secrets that are complete in both dialects */
  private static final List<String> SECRET_FRAGMENTS = List.of("'s3cr3t'", "'alice@example.com'", "'it''s s3cr3t'",
      "E'it\\'s s3cr3t'", "e'\\\\s3cr3t\\\\'", "N'hunter2'", "X'4111111111111111'", "$$ s3cr3t $$", "$q$ hunter2 ' $q$",
      "4111111111111111", "42.50", "/* s3cr3t ' */", "-- s3cr3t '\n", "DATE '2024-01-01'", "q'[s3cr3t]'", "U&'s3cr3t'",
      "'s3cr3t -- /* ;'", "'hunter2'::text", "(42.50)", "'alice@example.com'||'s3cr3t'");

  private static final List<String> STANDARD_FRAGMENTS = fragments(SECRET_FRAGMENTS, List.of("nq'<s3cr3t>'",
      "/* a /* s3cr3t */ b */"));
  private static final List<String> MYSQL_FRAGMENTS = fragments(SECRET_FRAGMENTS, List.of("\"s3cr3t\"", "'O\\'Brien s3cr3t'",
      "# s3cr3t '\n", "\"a\\\"s3cr3t\"", "_utf8mb4'hunter2'"));

  private static List<String> fragments(List<String> secrets, List<String> dialect) {
    List<String> all = new ArrayList<>();
    // a lone quote would pair with a later literal's quote and expose its content: not "determinable"
    SAFE_FRAGMENTS.stream().filter(f -> !f.equals("'") && !f.equals("\"")).forEach(all::add);
    all.addAll(secrets);
    all.addAll(dialect);
    return all;
  }

  private static void assertWellFormed(String sql, SqlStatement s) {
    assertTrue(OPERATIONS.contains(s.operationLabel()), sql);
    assertNotNull(s.table, sql);
    assertFalse(s.table.isEmpty(), sql);
    assertNotNull(s.queryText, sql);
    assertEquals(s.queryText.strip(), s.queryText, sql);
    boolean quotedIdentifiers = sql.contains("\"") || sql.contains("`") || sql.contains("["); // copied verbatim, blanks included
    assertFalse(!quotedIdentifiers && (s.queryText.contains("  ") || s.queryText.contains("\n") || s.queryText.contains("\t")), sql);
    assertTrue(s.operationLabel().equals("other") ? s.table.equals(SqlStatement.UNKNOWN) : s.operationName != null, sql);
  }

  private static void assertNoSecret(String sql, SqlStatement s) {
    for (String secret : SECRETS) {
      assertFalse(s.queryText.contains(secret), () -> secret + " leaked into queryText of " + sql + ": " + s.queryText);
      assertFalse(s.table.contains(secret), () -> secret + " leaked into table of " + sql + ": " + s.table);
    }
  }
}
