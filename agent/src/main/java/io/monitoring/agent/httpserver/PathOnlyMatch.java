package io.monitoring.agent.httpserver;

import io.monitoring.agent.util.PublicMethods;
import java.lang.reflect.Method;
import java.util.Collection;

/**
 * The route of a request whose path a Spring MVC mapping matches but whose method none does (a 405): that
 * mapping's pattern, spelled as the handler's template ({@code /owners/{ownerId}}, where the path alone would
 * give {@code /owners/{id}}). Found with Spring's own matching, through public methods looked up once per class:
 * {@code RequestMappingInfo.getActivePatternsCondition().getMatchingCondition(request).getPatternValues()}, the
 * best pattern first. Only requests no handler matched come here, and Spring has just walked the same mappings.
 */
final class PathOnlyMatch {
  /** Spring MVC's best-matching pattern attribute, which the servlet instrumentation reads at the end. */
  static final String ROUTE_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private static final ClassValue<Method> PATTERNS_CONDITION = method("getActivePatternsCondition");
  private static final ClassValue<Method> MATCHING_CONDITION = method("getMatchingCondition");
  private static final ClassValue<Method> PATTERN_VALUES = method("getPatternValues");
  private static final ClassValue<Method> SET_ATTRIBUTE = method("setAttribute");

  private PathOnlyMatch() {}

  /** Gives {@code request} the pattern of the first mapping whose path matches it, if any. */
  static void nameRoute(Object request, Object candidates) throws ReflectiveOperationException {
    if (!(candidates instanceof Collection)) {
      return;
    }
    for (Object mapping : (Collection<?>) candidates) {
      Object condition = invoke(PATTERNS_CONDITION, mapping);
      Object matching = condition == null ? null : invoke(MATCHING_CONDITION, condition, request);
      Object patterns = matching == null ? null : invoke(PATTERN_VALUES, matching);
      if (patterns instanceof Collection && !((Collection<?>) patterns).isEmpty()) {
        invoke(SET_ATTRIBUTE, request, ROUTE_ATTRIBUTE, ((Collection<?>) patterns).iterator().next());
        return;
      }
    }
  }

  private static Object invoke(ClassValue<Method> method, Object target, Object... arguments)
      throws ReflectiveOperationException {
    Method m = method.get(target.getClass());
    return m == null ? null : m.invoke(target, arguments);
  }

  /** The public method of that name with the fewest parameters that still takes the call's arguments. */
  private static ClassValue<Method> method(String name) {
    return new ClassValue<Method>() {
      @Override
      protected Method computeValue(Class<?> type) {
        for (Method m : type.getMethods()) {
          if (m.getName().equals(name) && !m.isBridge() && (name.equals("setAttribute") ? m.getParameterCount() == 2
              : name.equals("getMatchingCondition") ? m.getParameterCount() == 1 : m.getParameterCount() == 0)) {
            return PublicMethods.declaredPublicly(m);
          }
        }
        return null;
      }
    };
  }
}
