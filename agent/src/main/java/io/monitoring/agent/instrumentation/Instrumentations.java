package io.monitoring.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.monitoring.agent.AgentLog;
import io.monitoring.agent.bootstrap.AgentErrors;
import io.monitoring.agent.config.AgentSettings;
import io.monitoring.agent.instrumentation.cache.CaffeineInstrumentation;
import io.monitoring.agent.instrumentation.cache.JCacheInstrumentation;
import io.monitoring.agent.instrumentation.cache.JedisInstrumentation;
import io.monitoring.agent.instrumentation.cache.LettuceInstrumentation;
import io.monitoring.agent.instrumentation.cache.SpringCacheInstrumentation;
import io.monitoring.agent.instrumentation.httpclient.ApacheHttpClient4Instrumentation;
import io.monitoring.agent.instrumentation.httpclient.ApacheHttpClient5Instrumentation;
import io.monitoring.agent.instrumentation.httpclient.HttpUrlConnectionInstrumentation;
import io.monitoring.agent.instrumentation.httpclient.JavaHttpClientInstrumentation;
import io.monitoring.agent.instrumentation.httpclient.OkHttpInstrumentation;
import io.monitoring.agent.instrumentation.jdbc.HikariPoolInstrumentation;
import io.monitoring.agent.instrumentation.jdbc.JdbcConnectionInstrumentation;
import io.monitoring.agent.instrumentation.jdbc.JdbcStatementInstrumentation;
import io.monitoring.agent.instrumentation.jdbc.JdbcTypes;
import io.monitoring.agent.instrumentation.servlet.JakartaServletInstrumentation;
import io.monitoring.agent.instrumentation.servlet.JavaxServletInstrumentation;
import io.monitoring.agent.instrumentation.servlet.ServletEntryPoints;
import java.lang.instrument.ClassFileTransformer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.utility.JavaModule;

/** The class-file transformer: which types get which advice, and how cheaply they are matched. */
public final class Instrumentations {
  private Instrumentations() {}

  /** The exact names of every type the enabled instrumentations transform; loads no Byte Buddy class. */
  public static Set<String> typeNames(AgentSettings settings) {
    Set<String> names = new HashSet<>();
    if (settings.enabled("servlet")) {
      names.addAll(PrefilterTransformer.union(ServletEntryPoints.TYPE_NAMES));
    }
    if (settings.enabled("hikaricp")) {
      names.addAll(PrefilterTransformer.union(JdbcTypes.HIKARI_TYPE_NAMES));
    }
    if (settings.enabled("java-http-client")) {
      names.addAll(PrefilterTransformer.union(JavaHttpClientInstrumentation.TYPE_NAMES));
    }
    if (settings.enabled("okhttp")) {
      names.addAll(PrefilterTransformer.union(OkHttpInstrumentation.TYPE_NAMES));
    }
    if (settings.enabled("http-url-connection")) {
      names.addAll(PrefilterTransformer.union(HttpUrlConnectionInstrumentation.TYPE_NAMES));
    }
    if (settings.enabled("apache-httpclient")) {
      names.addAll(PrefilterTransformer.union(ApacheHttpClient5Instrumentation.TYPE_NAMES,
          ApacheHttpClient4Instrumentation.TYPE_NAMES));
    }
    if (settings.enabled("caffeine")) {
      names.addAll(PrefilterTransformer.union(CaffeineInstrumentation.TYPE_NAMES));
    }
    if (settings.enabled("jcache")) {
      names.addAll(PrefilterTransformer.union(JCacheInstrumentation.TYPE_NAMES));
    }
    if (settings.enabled("jedis")) {
      names.addAll(PrefilterTransformer.union(JedisInstrumentation.TYPE_NAMES));
    }
    if (settings.enabled("lettuce")) {
      names.addAll(PrefilterTransformer.union(LettuceInstrumentation.TYPE_NAMES));
    }
    if (settings.enabled("spring-cache")) {
      names.addAll(PrefilterTransformer.union(SpringCacheInstrumentation.TYPE_NAMES));
    }
    return names;
  }

  /** Families recognised by what their classes contain rather than by name; read in premain like {@link #typeNames}. */
  public static List<PrefilterTransformer.Implementations> implementations(AgentSettings settings) {
    List<PrefilterTransformer.Implementations> families = new ArrayList<>();
    if (settings.enabled("jdbc")) {
      families.add(JdbcTypes.IMPLEMENTATIONS);
    }
    return families;
  }

  /**
   * Byte Buddy's transformer for those types. Not installed itself: {@link PrefilterTransformer} filters
   * by name and delegates. On attach, classes already loaded are retransformed through it.
   */
  public static ClassFileTransformer transformer(AgentSettings settings, boolean attached) {
    // The nexus serves LoadedTypeInitializers, which disableClassFormatChanges never produces; creating it
    // reaches for sun.misc.Unsafe, which JDK 24+ warns about on stderr. The name is relocated with Byte
    // Buddy, so this switches off only the agent's own copy, never an application's Byte Buddy.
    System.setProperty("net.bytebuddy.nexus.disabled", "true");
    AgentBuilder agent = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        // on attach the init thread retransforms the already loaded targets through this transformer
        .with(attached ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION : AgentBuilder.RedefinitionStrategy.DISABLED)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        .with(AgentBuilder.PoolStrategy.Default.FAST)
        .with(AgentBuilder.TypeStrategy.Default.REDEFINE_FROZEN)
        .with(new FailureListener())
        // instrumentations match exact type names; this only spares the matcher the JDK's and our own classes
        .ignore(nameStartsWith("io.monitoring.agent.")
            .or(nameStartsWith("java."))
            .or(nameStartsWith("jdk.internal.reflect."))
            .or(nameStartsWith("sun.reflect."))
            .or(nameStartsWith("com.sun.proxy."))
            .or(nameStartsWith("jdk.proxy")));

    if (settings.enabled("servlet")) {
      agent = JavaxServletInstrumentation.install(agent, advice("servlet"));
      agent = JakartaServletInstrumentation.install(agent, advice("servlet"));
    }
    if (settings.enabled("jdbc")) {
      agent = JdbcConnectionInstrumentation.install(agent, advice("jdbc"));
      agent = JdbcStatementInstrumentation.install(agent, advice("jdbc"));
    }
    if (settings.enabled("hikaricp")) {
      agent = HikariPoolInstrumentation.install(agent, advice("hikaricp"));
    }
    if (settings.enabled("java-http-client")) {
      agent = JavaHttpClientInstrumentation.install(agent, advice("java-http-client"));
    }
    if (settings.enabled("okhttp")) {
      agent = OkHttpInstrumentation.install(agent, advice("okhttp"));
    }
    if (settings.enabled("http-url-connection")) {
      agent = HttpUrlConnectionInstrumentation.install(agent, advice("http-url-connection"));
    }
    if (settings.enabled("apache-httpclient")) {
      agent = ApacheHttpClient5Instrumentation.install(agent, advice("apache-httpclient"));
      agent = ApacheHttpClient4Instrumentation.install(agent, advice("apache-httpclient"));
    }
    if (settings.enabled("caffeine")) {
      agent = CaffeineInstrumentation.install(agent, advice("caffeine"));
    }
    if (settings.enabled("jcache")) {
      agent = JCacheInstrumentation.install(agent, advice("jcache"));
    }
    if (settings.enabled("jedis")) {
      agent = JedisInstrumentation.install(agent, advice("jedis"));
    }
    if (settings.enabled("lettuce")) {
      agent = LettuceInstrumentation.install(agent, advice("lettuce"));
    }
    if (settings.enabled("spring-cache")) {
      agent = SpringCacheInstrumentation.install(agent, advice("spring-cache"));
    }
    ClassFileTransformer transformer = agent.makeRaw();
    WarmUp.run();
    return transformer;
  }

  /**
   * Advice woven into the JDK's own named modules calls the bootstrap hooks, which live in the boot
   * loader's unnamed module; a named module reads an unnamed one only when told to.
   */
  public static void letJdkModulesReadHooks(java.lang.instrument.Instrumentation inst, AgentSettings settings) {
    Module hooks = AgentErrors.class.getModule();
    if (settings.enabled("java-http-client")) {
      ModuleLayer.boot().findModule("java.net.http").ifPresent(m -> inst.redefineModule(m,
          java.util.Set.of(hooks), java.util.Map.of(), java.util.Map.of(), java.util.Set.of(), java.util.Map.of()));
    }
    if (settings.enabled("http-url-connection")) {
      inst.redefineModule(Object.class.getModule(), java.util.Set.of(hooks), java.util.Map.of(), java.util.Map.of(),
          java.util.Set.of(), java.util.Map.of());
    }
  }

  /**
   * Advice located by name in the agent's class loader (it references library types the agent's
   * loader cannot see, so it is read as bytes, never loaded), with failures counted, not thrown.
   */
  static AgentBuilder.Transformer.ForAdvice advice(String instrumentation) {
    MethodDescription record = TypeDescription.ForLoadedType.of(AgentErrors.class).getDeclaredMethods()
        .filter(named("record")).getOnly();
    StackManipulation reportToAgentErrors = new StackManipulation.Compound(
        new TextConstant(instrumentation), MethodInvocation.invoke(record));
    return new AgentBuilder.Transformer.ForAdvice(Advice.withCustomMapping())
        .include(Instrumentations.class.getClassLoader())
        .withExceptionHandler(new Advice.ExceptionHandler.Simple(reportToAgentErrors));
  }

  /** Transformation failures are counted and, at debug level, printed; they never reach the application. */
  private static final class FailureListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable throwable) {
      AgentErrors.record(throwable, "transformer");
      AgentLog.debug("could not instrument " + typeName + ": " + throwable);
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader classLoader, JavaModule module, boolean loaded,
        DynamicType dynamicType) {
      AgentLog.debug("instrumented " + type.getName());
    }
  }
}
