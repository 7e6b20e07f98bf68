package io.monitoring.agent.instrumentation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Which advice an instrumentation weaves into which methods of a type it matched. An advice class is located by name
 * in the agent's loader and read as bytes, never loaded (it references library types the agent's loader cannot
 * see); it is resolved once per class loader whose types it is woven into, because resolving it checks its
 * parameter types against the library's, and reused for every type of that loader (Byte Buddy's
 * {@code AgentBuilder.Transformer.ForAdvice} resolves it again for each woven type: 20 to 40 ms of the Spring Boot
 * test app's start-up). Failures inside advice go to the exception handler, never to the application.
 */
public final class AdviceSet {
  private final List<Entry> entries;
  private final ClassFileLocator agentClasses;
  private final Advice.ExceptionHandler exceptionHandler;
  private final TypeDescriptionCache types;
  private final Map<ClassLoader, Advice[]> byLoader = Collections.synchronizedMap(new WeakHashMap<>());
  private volatile Advice[] forBootstrap;

  private static final class Entry {
    final ElementMatcher<? super MethodDescription> methods;
    final String enter;
    final String exit;

    Entry(ElementMatcher<? super MethodDescription> methods, String enter, String exit) {
      this.methods = methods;
      this.enter = enter;
      this.exit = exit;
    }
  }

  AdviceSet(ClassFileLocator agentClasses, Advice.ExceptionHandler exceptionHandler, TypeDescriptionCache types) {
    this(Collections.emptyList(), agentClasses, exceptionHandler, types);
  }

  private AdviceSet(List<Entry> entries, ClassFileLocator agentClasses, Advice.ExceptionHandler exceptionHandler,
      TypeDescriptionCache types) {
    this.entries = entries;
    this.agentClasses = agentClasses;
    this.exceptionHandler = exceptionHandler;
    this.types = types;
  }

  /** {@code adviceClass}'s enter and exit advice on the methods matched. */
  public AdviceSet advice(ElementMatcher<? super MethodDescription> methods, String adviceClass) {
    return with(new Entry(methods, adviceClass, null));
  }

  /** Enter advice from one class and exit advice from another on the methods matched. */
  public AdviceSet advice(ElementMatcher<? super MethodDescription> methods, String enterClass, String exitClass) {
    return with(new Entry(methods, enterClass, exitClass));
  }

  private AdviceSet with(Entry entry) {
    List<Entry> more = new ArrayList<>(entries);
    more.add(entry);
    return new AdviceSet(Collections.unmodifiableList(more), agentClasses, exceptionHandler, types);
  }

  /** What weaves this set into a type of {@code loader}. */
  AsmVisitorWrapper wrapper(ClassLoader loader) {
    Advice[] advice = resolved(loader);
    AsmVisitorWrapper.ForDeclaredMethods wrapper = new AsmVisitorWrapper.ForDeclaredMethods();
    for (int i = 0; i < advice.length; i++) {
      wrapper = wrapper.invokable(entries.get(i).methods, advice[i]);
    }
    return wrapper;
  }

  private Advice[] resolved(ClassLoader loader) {
    if (loader == null) {
      Advice[] advice = forBootstrap;
      return advice != null ? advice : (forBootstrap = resolve(null));
    }
    Advice[] advice = byLoader.get(loader);
    if (advice == null) {
      advice = resolve(loader);
      byLoader.put(loader, advice);
    }
    return advice;
  }

  private Advice[] resolve(ClassLoader loader) {
    // the loader only through a weak reference: the resolved advice is cached under it, weakly keyed
    ClassFileLocator classes = new ClassFileLocator.Compound(agentClasses, ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader));
    TypePool pool = types.pool(classes, loader);
    Advice[] advice = new Advice[entries.size()];
    for (int i = 0; i < advice.length; i++) {
      Entry entry = entries.get(i);
      Advice.WithCustomMapping mapping = Advice.withCustomMapping();
      advice[i] = (entry.exit == null
          ? mapping.to(pool.describe(entry.enter).resolve(), classes)
          : mapping.to(pool.describe(entry.enter).resolve(), pool.describe(entry.exit).resolve(), classes))
          .withExceptionHandler(exceptionHandler);
    }
    return advice;
  }
}
