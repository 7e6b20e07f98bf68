package io.monitoring.agent.db;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Each distinct SQL string is lexed once. Bounded in two generations: lookups hit the young map, then
 * the old one (promoting what they find); when the young map is full it becomes the old one and the
 * previous old one is dropped. An application that builds SQL with inline literals churns through it
 * without growing the heap; one that prepares the same statements keeps them.
 */
final class SqlStatementCache {
  private final int generationSize;
  private final boolean mysql;
  private volatile ConcurrentHashMap<String, SqlStatement> young = new ConcurrentHashMap<>();
  private volatile ConcurrentHashMap<String, SqlStatement> old = new ConcurrentHashMap<>();

  SqlStatementCache(int generationSize, boolean mysql) {
    this.generationSize = generationSize;
    this.mysql = mysql;
  }

  SqlStatement get(String sql) {
    SqlStatement parsed = young.get(sql);
    if (parsed != null) {
      return parsed;
    }
    parsed = old.get(sql);
    if (parsed == null) {
      parsed = SqlStatement.parse(sql, mysql);
    }
    ConcurrentHashMap<String, SqlStatement> y = young;
    if (y.size() >= generationSize) {
      synchronized (this) {
        if (young == y) {
          old = y;
          young = new ConcurrentHashMap<>();
        }
      }
    }
    young.put(sql, parsed);
    return parsed;
  }
}
