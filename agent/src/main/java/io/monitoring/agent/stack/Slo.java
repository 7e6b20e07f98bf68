package io.monitoring.agent.stack;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The service level objectives of {@code --slo availability=99.9,latency=0.25s@99}: for each, recording rules of
 * the bad-request ratio over every window of the burn-rate alerts, the alerts themselves (Google SRE workbook,
 * "Alerting on SLOs", multi-window multi-burn-rate over a 30-day budget) and their promtool unit tests, with the
 * thresholds and the test data derived from the objective.
 *
 * <p>Availability: the share of requests answered 5xx ({@code http_requests_total{status_code=~"5.."}}). Latency: the
 * share of requests slower than the threshold, {@code _count - _bucket{le=THRESHOLD}} of
 * {@code http_request_duration_seconds}; a classic bucket counts the requests at or below its bound, so the
 * threshold must be one of the agent's HTTP bucket bounds, anything between two bounds would be a guess.
 */
final class Slo {
  /** The agent's http_request_duration_seconds buckets (design.md "Metrics"). */
  static final List<String> HTTP_BUCKETS = List.of("0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10");
  /** The windows of the recording rules: every window of a burn-rate alert below. */
  static final List<String> WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");
  /** An objective below this leaves no room for the 14.4x burn: 14.4 x 5% = 72% of requests bad (and the tests' 20x = 100%). */
  private static final BigDecimal LOWEST = new BigDecimal("95");
  private static final BigDecimal HUNDRED = new BigDecimal("100");

  /** A pair of windows, how many times faster than sustainable the budget burns in both, and what that is worth. */
  static final class Burn {
    final String name;
    final String longWindow;
    final String shortWindow;
    final String factor;
    final String severity;
    final String forDuration;
    final String longWindowText;
    /** What this burn rate does to a 30-day budget (workbook table 6-3). */
    final String consequence;

    Burn(String name, String longWindow, String shortWindow, String factor, String severity, String forDuration,
        String longWindowText, String consequence) {
      this.name = name;
      this.longWindow = longWindow;
      this.shortWindow = shortWindow;
      this.factor = factor;
      this.severity = severity;
      this.forDuration = forDuration;
      this.longWindowText = longWindowText;
      this.consequence = consequence;
    }
  }

  /**
   * The workbook's four: the two fastest page (critical), the two slower open a ticket (warning). 1d/2h and 3d/6h
   * are warnings rather than pages because at 3x and 1x the budget lasts 10 and 30 days: there is a working day to
   * act, and a night-time page for them would teach people to ignore pages.
   */
  static final List<Burn> BURNS = List.of(
      new Burn("Fast", "1h", "5m", "14.4", "critical", "2m", "hour", "at 14.4x a 30-day budget lasts 2 days"),
      new Burn("Slow", "6h", "30m", "6", "critical", "15m", "6 hours", "at 6x a 30-day budget lasts 5 days"),
      new Burn("Steady", "1d", "2h", "3", "warning", "1h", "day", "at 3x a 30-day budget lasts 10 days"),
      new Burn("Chronic", "3d", "6h", "1", "warning", "1h", "3 days", "at 1x the 30-day budget is used up by the end of the 30 days"));

  /** Percent of requests without a 5xx, or null when there is no availability objective. */
  final BigDecimal availability;
  /** Latency threshold in seconds (one of {@link #HTTP_BUCKETS}) and percent of requests within it; null when none. */
  final BigDecimal latencySeconds;
  final BigDecimal latencyPercent;

  private Slo(BigDecimal availability, BigDecimal latencySeconds, BigDecimal latencyPercent) {
    this.availability = availability;
    this.latencySeconds = latencySeconds;
    this.latencyPercent = latencyPercent;
  }

  /** Without --slo: 99.9% of requests without a 5xx, no latency objective. */
  static Slo byDefault() {
    return new Slo(new BigDecimal("99.9"), null, null);
  }

  static Slo parse(String value) throws StackOptions.BadOption {
    BigDecimal availability = null;
    BigDecimal seconds = null;
    BigDecimal within = null;
    for (String item : value.split(",", -1)) {
      int eq = item.indexOf('=');
      String key = eq < 0 ? item : item.substring(0, eq);
      String objective = eq < 0 ? "" : item.substring(eq + 1);
      if (key.equals("availability") && availability == null) {
        availability = percent("availability", objective, item);
      } else if (key.equals("latency") && seconds == null) {
        int at = objective.indexOf('@');
        if (at < 0) {
          throw new StackOptions.BadOption("--slo: '" + item + "' is not latency=DURATION@PERCENT, like latency=250ms@99");
        }
        seconds = threshold(objective.substring(0, at), item);
        within = percent("latency", objective.substring(at + 1), item);
      } else if (key.equals("availability") || key.equals("latency")) {
        throw new StackOptions.BadOption("--slo: " + key + " is given twice");
      } else {
        throw new StackOptions.BadOption("--slo: '" + item + "' is not availability=PERCENT or latency=DURATION@PERCENT");
      }
    }
    return new Slo(availability, seconds, within);
  }

  private static BigDecimal percent(String key, String text, String item) throws StackOptions.BadOption {
    String number = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
    if (!number.matches("\\d{1,3}(\\.\\d{1,3})?")) {
      throw new StackOptions.BadOption("--slo: '" + text + "' in '" + item + "' is not a percentage like 99.9 (at most 3 decimals)");
    }
    BigDecimal percent = new BigDecimal(number);
    if (percent.compareTo(LOWEST) < 0 || percent.compareTo(HUNDRED) >= 0) {
      throw new StackOptions.BadOption("--slo: " + key + " '" + text + "' is outside 95..99.999: below 95% the fast-burn"
          + " threshold (14.4x the budget) nears every request failing, and 100% leaves no budget to burn");
    }
    return percent;
  }

  /** A duration that is one of the agent's HTTP bucket bounds; otherwise one line naming the bounds around it. */
  private static BigDecimal threshold(String text, String item) throws StackOptions.BadOption {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)").matcher(text);
    if (!m.matches()) {
      throw new StackOptions.BadOption("--slo: '" + text + "' in '" + item + "' is not a duration like 250ms or 0.25s");
    }
    BigDecimal seconds = new BigDecimal(m.group(1));
    if (m.group(2).equals("ms")) {
      seconds = seconds.movePointLeft(3);
    }
    BigDecimal below = null;
    BigDecimal above = null;
    for (String bucket : HTTP_BUCKETS) {
      BigDecimal bound = new BigDecimal(bucket);
      int c = bound.compareTo(seconds);
      if (c == 0) {
        return bound;
      }
      if (c < 0) {
        below = bound;
      } else if (above == null) {
        above = bound;
      }
    }
    List<String> nearest = new ArrayList<>();
    for (BigDecimal bound : new BigDecimal[] {below, above}) {
      if (bound != null) {
        nearest.add(duration(bound));
      }
    }
    List<String> all = new ArrayList<>();
    for (String bucket : HTTP_BUCKETS) {
      all.add(duration(new BigDecimal(bucket)));
    }
    throw new StackOptions.BadOption("--slo: latency threshold '" + text + "' is not a bucket bound of the agent's"
        + " http_request_duration_seconds, so the share of slower requests cannot be counted; the nearest "
        + (nearest.size() == 1 ? "is " : "are ") + String.join(" and ", nearest) + " (bounds: " + String.join(" ", all) + ")");
  }

  /** 0.25 -> "250ms", 2.5 -> "2.5s". */
  static String duration(BigDecimal seconds) {
    return seconds.compareTo(BigDecimal.ONE) < 0
        ? seconds.movePointRight(3).stripTrailingZeros().toPlainString() + "ms"
        : seconds.stripTrailingZeros().toPlainString() + "s";
  }

  /** The option's canonical text for the README and the generated files. */
  String option() {
    List<String> items = new ArrayList<>();
    if (availability != null) {
      items.add("availability=" + availability.toPlainString());
    }
    if (latencySeconds != null) {
      items.add("latency=" + duration(latencySeconds) + "@" + latencyPercent.toPlainString());
    }
    return String.join(",", items);
  }

  /** The objectives, each with the names and texts of its rules, alerts and dashboard panels. */
  List<Objective> objectives() {
    List<Objective> objectives = new ArrayList<>();
    if (availability != null) {
      objectives.add(new Objective(true, availability, null));
    }
    if (latencySeconds != null) {
      objectives.add(new Objective(false, latencyPercent, latencySeconds));
    }
    return objectives;
  }

  /** One objective: availability (5xx are bad) or latency (slower than the threshold is bad). */
  static final class Objective {
    final boolean availability;
    final BigDecimal percent;
    final BigDecimal seconds;
    /** The share of requests allowed to be bad: 1 - percent/100. */
    final BigDecimal budget;

    Objective(boolean availability, BigDecimal percent, BigDecimal seconds) {
      this.availability = availability;
      this.percent = percent;
      this.seconds = seconds;
      this.budget = HUNDRED.subtract(percent).movePointLeft(2).stripTrailingZeros();
    }

    /** The recording rule of the bad ratio over a window, e.g. service:slo_errors:ratio_rate1h. */
    String rule(String window) {
      return (availability ? "service:slo_errors:ratio_rate" : "service:slo_slow_requests:ratio_rate") + window;
    }

    String alert(Burn burn) {
      return (availability ? "ErrorBudgetBurn" : "LatencyBudgetBurn") + burn.name;
    }

    String group() {
      return availability ? "error-budget" : "latency-budget";
    }

    String runbook(Burn burn) {
      if (!availability) {
        return "latency-budget-burn.md";
      }
      return burn.severity.equals("critical") ? "error-budget-burn-" + burn.name.toLowerCase(Locale.ROOT) + ".md" : "error-budget-burn-ticket.md";
    }

    /** The `le` label of the threshold's bucket as the agent (Prometheus Java client, Double.toString) writes it. */
    String le() {
      return Double.toString(seconds.doubleValue());
    }

    String budgetText() {
      return plain(budget.movePointRight(2)) + "%";
    }

    /** "the 99.9% SLO" or "the SLO of 99% within 250ms". */
    String sloText() {
      return availability ? "the " + plain(percent) + "% SLO" : "the SLO of " + plain(percent) + "% within " + duration(seconds);
    }

    String title() {
      return availability ? "availability " + plain(percent) + "%" : plain(percent) + "% within " + duration(seconds);
    }

    String threshold(Burn burn) {
      return "(" + burn.factor + " * " + plain(budget) + ")";
    }
  }

  static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString();
  }

  /**
   * Prometheus' template function {@code humanizePercentage}: Go's {@code %.4g} of the value times 100 (4 significant
   * digits, no trailing zeros), so that the generated unit tests expect what Prometheus writes. The ratios passed here
   * are at least 0.002%, where %g would switch to an exponent only below 0.0001.
   */
  static String humanizePercentage(BigDecimal ratio) {
    return ratio.movePointRight(2).round(new MathContext(4, RoundingMode.HALF_EVEN)).stripTrailingZeros().toPlainString() + "%";
  }
}
