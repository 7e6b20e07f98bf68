package io.monitoring.agent.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.monitoring.agent.metrics.AgentMetrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A request's tally of statements: totals, repeats by SQL string, and the bound on statements followed. */
class RequestQueriesTest {
  private final DbMetrics metrics = new DbMetrics(new AgentMetrics("svc", "test", 100, "1"));
  private final SqlStatementCache sql = new SqlStatementCache(64, false);

  @Test
  void countsEveryExecutionAndTheStatementsRunAtLeastTheThreshold() {
    RequestQueries request = new RequestQueries();
    run(request, "SELECT * FROM owners", 1);
    run(request, "SELECT * FROM pets WHERE owner_id = ?", 10);
    run(request, "SELECT * FROM visits WHERE pet_id = ?", 9);
    run(request, "", 12); // text not known: counted, never a repeat

    assertEquals(32, request.count());
    assertEquals(32 * 1000L, request.nanos());
    assertEquals(List.of("SELECT * FROM pets WHERE owner_id = ? x10"), repeated(request, 10));
    assertEquals(List.of("SELECT * FROM pets WHERE owner_id = ? x10", "SELECT * FROM visits WHERE pet_id = ? x9"),
        sorted(repeated(request, 9)));
  }

  @Test
  void followsAtMost24DistinctStatementsAndStillCountsTheRest() {
    RequestQueries request = new RequestQueries();
    for (int table = 0; table < 40; table++) {
      run(request, "SELECT * FROM t" + table, 2);
    }
    assertEquals(80, request.count());
    assertEquals(24, repeated(request, 2).size());
    run(request, "SELECT * FROM t39", 20); // not followed: never reported, and the probe still ends
    assertTrue(repeated(request, 3).isEmpty());
  }

  @Test
  void aRequestWithoutStatementsHasNothingRepeated() {
    assertEquals(List.of(), repeated(new RequestQueries(), 1));
  }

  private void run(RequestQueries request, String text, int times) {
    SqlStatement statement = text.isEmpty() ? SqlStatement.parse("", false) : sql.get(text);
    DbMetrics.OperationSeries series = metrics.tables("h2", "db").get(statement.table).get(statement.operation);
    for (int i = 0; i < times; i++) {
      request.executed(statement, series, 1000L);
    }
  }

  private static List<String> repeated(RequestQueries request, int threshold) {
    List<String> found = new ArrayList<>();
    request.forEachRepeated(threshold, (statement, operation, executions) ->
        found.add(statement.queryText + " x" + executions));
    return found;
  }

  private static List<String> sorted(List<String> list) {
    list.sort(null);
    return list;
  }
}
