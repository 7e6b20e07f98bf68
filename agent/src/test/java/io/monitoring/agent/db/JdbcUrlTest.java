package io.monitoring.agent.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JdbcUrlTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1                                  | h2         | h2database           | shop     | -                | -1
      jdbc:h2:mem:                                                         | h2         | h2database           | -        | -                | -1
      jdbc:h2:file:/var/data/orders                                        | h2         | h2database           | orders   | -                | -1
      jdbc:h2:~/test;MODE=PostgreSQL                                       | h2         | h2database           | test     | -                | -1
      jdbc:h2:tcp://dbhost:9093/~/sales                                    | h2         | h2database           | sales    | dbhost           | 9093
      jdbc:postgresql://127.0.0.1:5432/test                                | postgresql | postgresql           | test     | 127.0.0.1        | 5432
      jdbc:postgresql://db.internal/shop?sslmode=require&user=app          | postgresql | postgresql           | shop     | db.internal      | 5432
      jdbc:postgresql://h1:5433,h2:5434/shop?targetServerType=primary      | postgresql | postgresql           | shop     | h1               | 5433
      jdbc:postgresql:shop                                                 | postgresql | postgresql           | shop     | localhost        | 5432
      jdbc:postgresql://[::1]:5440/shop                                    | postgresql | postgresql           | shop     | ::1              | 5440
      jdbc:tc:postgresql:16:///shop                                        | postgresql | postgresql           | shop     | -                | 5432
      jdbc:p6spy:mysql://mysql.local:3307/app                              | mysql      | mysql                | app      | mysql.local      | 3307
      jdbc:mysql:replication://primary,replica/app                         | mysql      | mysql                | app      | primary          | 3306
      jdbc:mysql://user:pw@h/app                                           | mysql      | mysql                | app      | h                | 3306
      jdbc:mariadb://127.0.0.1:3306/test                                   | mariadb    | mariadb              | test     | 127.0.0.1        | 3306
      jdbc:mariadb://127.0.0.1/                                            | mariadb    | mariadb              | -        | 127.0.0.1        | 3306
      jdbc:sqlserver://sql1:1434;databaseName=Sales;encrypt=true           | sqlserver  | microsoft.sql_server | Sales    | sql1             | 1434
      jdbc:sqlserver://sql1\\inst;database=Hr                              | sqlserver  | microsoft.sql_server | Hr       | sql1             | 1433
      jdbc:jtds:sqlserver://legacy:1433/crm                                | sqlserver  | microsoft.sql_server | crm      | legacy           | 1433
      jdbc:oracle:thin:@ora1:1521:ORCL                                     | oracle     | oracle.db            | ORCL     | ora1             | 1521
      jdbc:oracle:thin:@//ora2:1522/sales.example.com                      | oracle     | oracle.db            | sales.example.com | ora2    | 1522
      jdbc:db2://db2host:50001/BANK                                        | db2        | ibm.db2              | BANK     | db2host          | 50001
      jdbc:hsqldb:mem:testdb                                               | hsqldb     | hsqldb               | testdb   | -                | -1
      jdbc:derby:memory:demo;create=true                                   | derby      | derby                | demo     | -                | -1
      jdbc:sqlite:/tmp/app.db                                              | sqlite     | sqlite               | app.db   | -                | -1
      jdbc:snowflake://acct.snowflakecomputing.com                         | other      | other_sql            | -        | -                | -1
      not a url                                                            | other      | other_sql            | -        | -                | -1
      """)
  void parses(String url, String system, String semconv, String database, String host, int port) {
    JdbcUrl parsed = JdbcUrl.parse(url);
    assertEquals(system, parsed.system, "system");
    assertEquals(semconv, parsed.semconvSystem, "semconv");
    assertEquals(database, parsed.database, "database");
    assertEquals(host, parsed.host, "host");
    assertEquals(port, parsed.port, "port");
  }

  @org.junit.jupiter.api.Test
  void oracleDescriptor() {
    JdbcUrl parsed = JdbcUrl.parse("jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=ora3)(PORT=1600))"
        + "(CONNECT_DATA=(SERVICE_NAME=hr.example)))");
    assertEquals("ora3", parsed.host);
    assertEquals(1600, parsed.port);
    assertEquals("hr.example", parsed.database);
  }
}
