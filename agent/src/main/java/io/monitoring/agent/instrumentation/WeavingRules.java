package io.monitoring.agent.instrumentation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What every instrumentation's {@code install} adds to: for the types it matches, the advice it weaves. Every rule
 * whose types match a class is applied to it, in the order installed. {@link AdviceTransformer} applies them.
 */
public final class WeavingRules {
  static final class Rule {
    final Matcher<? super DeclaredType> types;
    final AdviceSet advice;

    Rule(Matcher<? super DeclaredType> types, AdviceSet advice) {
      this.types = types;
      this.advice = advice;
    }
  }

  private final List<Rule> rules;

  WeavingRules() {
    this(Collections.emptyList());
  }

  private WeavingRules(List<Rule> rules) {
    this.rules = rules;
  }

  /** The types the next advice is for. */
  public Types type(Matcher<? super DeclaredType> types) {
    return new Types(types);
  }

  List<Rule> rules() {
    return rules;
  }

  /** Types waiting for their advice. */
  public final class Types {
    private final Matcher<? super DeclaredType> types;

    private Types(Matcher<? super DeclaredType> types) {
      this.types = types;
    }

    public WeavingRules transform(AdviceSet advice) {
      List<Rule> more = new ArrayList<>(rules);
      more.add(new Rule(types, advice));
      return new WeavingRules(Collections.unmodifiableList(more));
    }
  }
}
