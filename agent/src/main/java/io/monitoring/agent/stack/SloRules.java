package io.monitoring.agent.stack;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The burn-rate alerts of each objective of {@link Slo} (alerts.yml) and their promtool unit tests (slo_test.yml).
 * The alerts' texts are written once, here, so that the tests expect exactly what the rules say; the recording rules
 * they read are in the recording.yml template.
 */
final class SloRules {
  private static final String RUNBOOKS = "https://github.com/monitoring-agent/monitoring-agent/blob/main/stack/runbooks/";
  /** Requests per minute of every test service: with a budget of at most 5 decimals, every count below is whole. */
  private static final BigDecimal PER_MINUTE = new BigDecimal("200000");
  private static final int MINUTES = 80;

  /** A service of the alert tests: its bad ratio as a multiple of the budget, and which burns it sets off. */
  private static final class Case {
    final String service;
    final BigDecimal timesBudget;

    Case(String service, String timesBudget) {
      this.service = service;
      this.timesBudget = new BigDecimal(timesBudget);
    }

    boolean fires(Slo.Burn burn) {
      return timesBudget.compareTo(new BigDecimal(burn.factor)) > 0;
    }
  }

  /** One service per band between the burn factors (20 > 14.4 > 10 > 6 > 4 > 3 > 2 > 1 > 0.5). */
  private static final List<Case> CASES = List.of(new Case("fast-burn", "20"), new Case("slow-burn", "10"),
      new Case("steady-burn", "4"), new Case("chronic-burn", "2"), new Case("within-budget", "0.5"));

  private SloRules() {
  }

  static void values(Slo slo, Map<String, String> v) {
    StringBuilder alerts = new StringBuilder();
    StringBuilder tests = new StringBuilder();
    for (Slo.Objective o : slo.objectives()) {
      alerts.append(alerts.length() == 0 ? "" : "\n").append(alerts(o));
      tests.append(tests.length() == 0 ? "" : "\n").append(tests(o));
      String kind = o.availability ? "availability" : "latency";
      v.put(kind + "_budget", Slo.plain(o.budget));
      v.put(kind + "_budget_text", o.budgetText());
      v.put(kind + "_percent", Slo.plain(o.percent));
      v.put(kind + "_ratio", Slo.plain(o.percent.movePointLeft(2)));
      // the dashboard's stat turns orange 5 budgets below the objective, red below that
      v.put(kind + "_orange", Slo.plain(BigDecimal.ONE.subtract(o.budget.multiply(new BigDecimal("5")))));
      v.put(kind + "_fast_ratio", Slo.plain(o.budget.multiply(new BigDecimal("14.4"))));
      v.put(kind + "_slow_ratio", Slo.plain(o.budget.multiply(new BigDecimal("6"))));
      v.put(kind + "_fast_percent", Slo.plain(o.budget.multiply(new BigDecimal("14.4")).movePointRight(2)) + "%");
      v.put(kind + "_slow_percent", Slo.plain(o.budget.multiply(new BigDecimal("6")).movePointRight(2)) + "%");
      v.put(kind + "_outage", outage(o.budget));
      if (!o.availability) {
        v.put("latency_le", o.le());
        v.put("latency_threshold", Slo.duration(o.seconds));
      }
    }
    v.put("slo_alerts", alerts.toString().stripTrailing());
    v.put("slo_alert_tests", tests.toString().stripTrailing());
    v.put("slo_option", slo.option());
    List<String> titles = new ArrayList<>();
    slo.objectives().forEach(o -> titles.add(o.title()));
    v.put("slo_title", titles.size() == 1 && slo.availability != null ? "Availability SLO (" + Slo.plain(slo.availability) + "%)"
        : titles.size() == 1 ? "Latency SLO (" + titles.get(0) + ")" : "SLOs: " + String.join(", ", titles));
    v.put("slo_objectives", String.join(" and ", titles));
  }

  /** The budget as the time of a full outage it allows in 30 days: 0.001 is "43 minutes". */
  private static String outage(BigDecimal budget) {
    BigDecimal minutes = budget.multiply(new BigDecimal(30 * 24 * 60));
    return minutes.compareTo(new BigDecimal(120)) < 0
        ? minutes.setScale(minutes.compareTo(BigDecimal.TEN) < 0 ? 1 : 0, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " minutes"
        : minutes.divide(new BigDecimal(60), 1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + " hours";
  }

  private static String alerts(Slo.Objective o) {
    StringBuilder y = new StringBuilder();
    y.append("  - name: monitoring-agent.slo.").append(o.availability ? "" : "latency.").append("alerts\n")
        .append("    rules:\n");
    if (o.availability) {
      y.append("      # Multi-window burn rates (Google SRE workbook): 14.4x the budget rate spends 2% of a 30-day\n")
          .append("      # budget in 1h; 6x spends 5% in 6h (both page); 3x spends 10% in 1d and 1x 10% in 3d (tickets).\n")
          .append("      # The short window makes the alert stop soon after recovery.\n");
    } else {
      y.append("      # The same four burn rates for the latency objective: ").append(o.sloText()).append(" (")
          .append(o.budgetText()).append(" of the\n      # requests may be slower than ").append(Slo.duration(o.seconds))
          .append(").\n");
    }
    for (Slo.Burn burn : Slo.BURNS) {
      y.append("      - alert: ").append(o.alert(burn)).append('\n')
          .append("        expr: |\n")
          .append("          ").append(o.rule(burn.longWindow)).append(" > ").append(o.threshold(burn)).append('\n')
          .append("            and\n")
          .append("          ").append(o.rule(burn.shortWindow)).append(" > ").append(o.threshold(burn)).append('\n')
          .append("        for: ").append(burn.forDuration).append('\n')
          .append("        labels:\n")
          .append("          severity: ").append(burn.severity).append('\n')
          .append("          alert_group: ").append(o.group()).append('\n')
          .append("        annotations:\n")
          .append("          summary: \"").append(summary(o, burn, "{{ $labels.service }}")).append("\"\n")
          .append("          description: \"").append(description(o, burn, "{{ $value | humanizePercentage }}",
              "{{ $labels.service }}", "{{ $labels.environment }}")).append("\"\n")
          .append("          runbook_url: \"").append(RUNBOOKS).append(o.runbook(burn)).append("\"\n\n");
    }
    return y.toString();
  }

  private static String summary(Slo.Objective o, Slo.Burn burn, String service) {
    String budget = o.availability ? "error budget" : "latency budget";
    switch (burn.name) {
      case "Fast":
        return service + " is burning its " + budget + " fast";
      case "Slow":
        return service + " is burning its " + budget;
      case "Steady":
        return service + " is steadily spending its " + budget;
      default:
        return service + " is spending its " + budget + " faster than it accrues";
    }
  }

  private static String description(Slo.Objective o, Slo.Burn burn, String value, String service, String environment) {
    return value + " of the requests to " + service + " (" + environment + ") "
        + (o.availability ? "failed" : "took longer than " + Slo.duration(o.seconds)) + " over the last "
        + burn.longWindowText + ", above " + burn.factor + "x the " + o.budgetText() + " budget of " + o.sloText()
        + " in both the " + burn.longWindow + " and the " + burn.shortWindow + " window (" + burn.consequence + ").";
  }

  /**
   * Services whose bad ratio sits steadily in each band between the burn factors, plus one short spike: each alert
   * fires for exactly the services above its factor once its `for` has passed, and the spike pages nobody.
   */
  private static String tests(Slo.Objective o) {
    String name = o.availability ? "availability" : "latency";
    StringBuilder y = new StringBuilder();
    y.append("  # The ").append(name).append(" objective, ").append(o.sloText()).append(" (budget ").append(o.budgetText())
        .append(" of the requests): services at\n")
        .append("  # ").append(PER_MINUTE.toPlainString()).append(" requests a minute whose bad share is a steady multiple of the budget:\n");
    for (Case c : CASES) {
      y.append("  #   ").append(c.service).append(' ').append(Slo.plain(c.timesBudget)).append("x\n");
    }
    BigDecimal spikeBad = bad(new BigDecimal("20"), o);
    y.append("  # and spike: clean for an hour, 20x for 5 minutes (60m to 65m), clean again: its 5m window crosses\n")
        .append("  # 14.4x, its 1h window (5 bad minutes of 60, 1.67x) does not, so it pages nobody.\n")
        .append("  - interval: 1m\n    input_series:\n");
    for (Case c : CASES) {
      BigDecimal bad = bad(c.timesBudget, o);
      series(y, o, c.service, "0+" + plain(PER_MINUTE.subtract(bad)) + "x" + MINUTES, "0+" + plain(bad) + "x" + MINUTES);
    }
    BigDecimal good = PER_MINUTE.subtract(spikeBad);
    BigDecimal at60 = PER_MINUTE.multiply(new BigDecimal(60));
    BigDecimal at65 = at60.add(good.multiply(new BigDecimal(5)));
    series(y, o, "spike",
        "0+" + plain(PER_MINUTE) + "x60 " + plain(at60.add(good)) + "+" + plain(good) + "x4 " + plain(at65.add(PER_MINUTE))
            + "+" + plain(PER_MINUTE) + "x" + (MINUTES - 66),
        "0x60 " + plain(spikeBad) + "+" + plain(spikeBad) + "x4 " + plain(spikeBad.multiply(new BigDecimal(5))) + "x" + (MINUTES - 66));
    Slo.Burn fast = Slo.BURNS.get(0);
    y.append("    promql_expr_test:\n")
        .append("      # during the spike the short window is above ").append(fast.factor).append("x the budget, the long one below\n");
    for (String[] check : new String[][] {{fast.shortWindow, ">"}, {fast.longWindow, "<"}}) {
      y.append("      - expr: ").append(o.rule(check[0])).append("{service=\"spike\"} ").append(check[1]).append(" bool ")
          .append(o.threshold(fast)).append('\n')
          .append("        eval_time: 65m\n")
          .append("        exp_samples:\n")
          .append("          - labels: '{service=\"spike\",environment=\"production\"}'\n")
          .append("            value: 1\n");
    }
    y.append("    alert_rule_test:\n");
    for (Slo.Burn burn : Slo.BURNS) {
      // pending for its `for`, then firing; evaluated again after the spike
      int forMinutes = (int) (StackOptions.millis(burn.forDuration) / 60_000);
      int firing = Math.max(20, forMinutes + 15);
      y.append("      # for: ").append(burn.forDuration).append(": nothing yet at ").append(forMinutes / 2).append("m\n");
      y.append("      - alertname: ").append(o.alert(burn)).append('\n')
          .append("        eval_time: ").append(forMinutes / 2).append("m\n")
          .append("        exp_alerts: []\n");
      for (int evalTime : firing == 20 && burn.name.equals("Fast") ? new int[] {20, 68} : new int[] {firing}) {
        y.append("      - alertname: ").append(o.alert(burn)).append('\n')
            .append("        eval_time: ").append(evalTime).append("m\n")
            .append("        exp_alerts:\n");
        for (Case c : CASES) {
          if (!c.fires(burn)) {
            continue;
          }
          y.append("          - exp_labels:\n")
              .append("              severity: ").append(burn.severity).append('\n')
              .append("              alert_group: ").append(o.group()).append('\n')
              .append("              service: ").append(c.service).append('\n')
              .append("              environment: production\n")
              .append("            exp_annotations:\n")
              .append("              summary: \"").append(summary(o, burn, c.service)).append("\"\n")
              .append("              description: \"").append(description(o, burn,
                  Slo.humanizePercentage(c.timesBudget.multiply(o.budget)), c.service, "production")).append("\"\n")
              .append("              runbook_url: \"").append(RUNBOOKS).append(o.runbook(burn)).append("\"\n");
        }
      }
    }
    return y.toString();
  }

  private static BigDecimal bad(BigDecimal timesBudget, Slo.Objective o) {
    return PER_MINUTE.multiply(timesBudget).multiply(o.budget).stripTrailingZeros();
  }

  /** The counters of one test service: 5xx and the rest, or the threshold's bucket and the count. */
  private static void series(StringBuilder y, Slo.Objective o, String service, String good, String bad) {
    String labels = "service=\"" + service + "\",environment=\"production\",job=\"services\",instance=\"" + service
        + ":9464\",method=\"GET\",route=\"/\"";
    if (o.availability) {
      y.append("      - series: 'http_requests_total{").append(labels).append(",status_code=\"200\"}'\n")
          .append("        values: '").append(good).append("'\n")
          .append("      - series: 'http_requests_total{").append(labels).append(",status_code=\"500\"}'\n")
          .append("        values: '").append(bad).append("'\n");
    } else {
      // the bucket of the threshold counts the fast requests; _count all of them, the same every minute
      y.append("      - series: 'http_request_duration_seconds_bucket{").append(labels).append(",status_code=\"200\",le=\"")
          .append(o.le()).append("\"}'\n")
          .append("        values: '").append(good).append("'\n")
          .append("      - series: 'http_request_duration_seconds_count{").append(labels).append(",status_code=\"200\"}'\n")
          .append("        values: '0+").append(plain(PER_MINUTE)).append("x").append(MINUTES).append("'\n");
    }
  }

  private static String plain(BigDecimal d) {
    return Slo.plain(d);
  }
}
