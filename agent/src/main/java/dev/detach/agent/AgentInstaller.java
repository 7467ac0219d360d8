package dev.detach.agent;


import dev.detach.agent.carrier.CarrierInstrumentation;
import dev.detach.agent.carrier.Carriers;
import dev.detach.agent.config.AgentConfig;
import dev.detach.agent.config.ConfigException;
import dev.detach.agent.config.PolicyRules;
import dev.detach.agent.container.ContainerRequests;
import dev.detach.agent.container.jetty.JettyChannelInstrumentation;
import dev.detach.agent.container.jetty.JettyCoreRequestInstrumentation;
import dev.detach.agent.container.jetty.JettyServerInstrumentation;
import dev.detach.agent.container.servlet.AsyncContextInstrumentation;
import dev.detach.agent.container.servlet.ServletObjectInstrumentation;
import dev.detach.agent.container.tomcat.TomcatAsyncInstrumentation;
import dev.detach.agent.container.tomcat.TomcatInstrumentation;
import dev.detach.agent.container.tomcat.TomcatRequestInstrumentation;
import dev.detach.agent.container.undertow.UndertowInstrumentation;
import dev.detach.agent.handoff.custom.CustomExecutorInstrumentation;
import dev.detach.agent.handoff.executor.AbstractExecutorServiceInstrumentation;
import dev.detach.agent.handoff.executor.ThreadPoolExecutorInstrumentation;
import dev.detach.agent.handoff.forkjoin.ForkJoinPoolInstrumentation;
import dev.detach.agent.handoff.forkjoin.ForkJoinTaskInstrumentation;
import dev.detach.agent.handoff.future.CompletableFutureInstrumentation;
import dev.detach.agent.handoff.future.CompletionInstrumentation;
import dev.detach.agent.handoff.future.DelayedExecutorInstrumentation;
import dev.detach.agent.handoff.scheduled.ScheduledThreadPoolExecutorInstrumentation;
import dev.detach.agent.handoff.thread.ThreadStartInstrumentation;
import dev.detach.agent.handoff.timer.TimerInstrumentation;
import dev.detach.agent.handoff.timer.TimerThreadInstrumentation;
import dev.detach.agent.runtime.AgentLog;
import dev.detach.agent.runtime.ForeignWrappers;
import dev.detach.agent.runtime.Handoffs;
import dev.detach.agent.testhook.PausePoints;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

/**
 * Reads the configuration and weaves the hand-off points. Runs from the bootstrap class path (see
 * {@link Premain}). Any problem leaves the application running: a configuration error turns Detach off
 * with one line saying why; a class that cannot be woven is reported and stays as it was.
 */
public final class AgentInstaller {

  private static volatile boolean installed;

  private AgentInstaller() {}

  /** The hand-off points, in the order the start-up line names them. */
  static List<TypeInstrumentation> handoffInstrumentations(AgentConfig config) {
    List<TypeInstrumentation> list = new ArrayList<>();
    list.add(new ThreadPoolExecutorInstrumentation());
    list.add(new AbstractExecutorServiceInstrumentation());
    list.add(new ScheduledThreadPoolExecutorInstrumentation());
    list.add(new ForkJoinPoolInstrumentation());
    list.add(new ForkJoinTaskInstrumentation());
    list.add(new CompletableFutureInstrumentation());
    list.add(new CompletionInstrumentation());
    list.add(new DelayedExecutorInstrumentation());
    list.add(new ThreadStartInstrumentation());
    list.add(new TimerInstrumentation());
    list.add(new TimerThreadInstrumentation());
    list.add(new TomcatInstrumentation());
    list.add(new TomcatRequestInstrumentation());
    list.add(new TomcatAsyncInstrumentation());
    list.add(new JettyServerInstrumentation());
    list.add(new JettyChannelInstrumentation());
    list.add(new JettyCoreRequestInstrumentation());
    list.add(new UndertowInstrumentation());
    list.add(new ServletObjectInstrumentation());
    list.add(new AsyncContextInstrumentation());
    if (!config.executorsInclude().isEmpty()) {
      list.add(new CustomExecutorInstrumentation(config.executorsInclude()));
    }
    PausePoints testPauses = PausePoints.fromSystemProperties();
    if (testPauses != null) {
      list.add(testPauses);
    }
    return list;
  }

  public static synchronized void install(String agentArgs, Instrumentation inst, boolean attached, File agentJar) {
    if (installed) {
      AgentLog.warn("Detach is already installed in this JVM; ignoring the second -javaagent");
      return;
    }
    AgentConfig config;
    try {
      config = AgentConfig.load(agentArgs, systemProperties(), System.getenv());
    } catch (ConfigException e) {
      AgentLog.error("configuration: " + e.getMessage() + ". Detach is OFF; the application runs without it.");
      return;
    } catch (Throwable t) {
      AgentLog.error("configuration could not be read (" + t + "). Detach is OFF; the application runs without it.");
      return;
    }
    AgentLog.setLevel(config.logLevel().ordinal());
    if (!config.enabled()) {
      AgentLog.info("Detach " + version() + " is disabled by configuration (" + config.describeSources() + ")");
      return;
    }
    installed = true;
    PolicyRules rules = config.rules();
    Handoffs.configure(rules, config.detachTimeout().toNanos());
    Carriers.configure(config.carryLibraries(), config.carryThreadLocals());
    ContainerRequests.configure(config.requestIdHeaders(), config.requestHeaders(), config.requestDeadline(),
        config.requestCopy(), config.requestCopyMaxBytes());

    // Woven JDK code calls our classes, which live in the boot loader's unnamed module.
    Module ours = AgentInstaller.class.getModule();
    for (Class<?> anchor : new Class<?>[] {Object.class}) {
      inst.redefineModule(anchor.getModule(), Set.of(ours), Map.of(), Map.of(), Set.of(), Map.of());
    }

    List<TypeInstrumentation> instrumentations = handoffInstrumentations(config);
    CarrierInstrumentation carriers = Carriers.anyConfigured() ? new CarrierInstrumentation() : null;
    Report report = new Report();
    try (ClassFileLocator agentClasses = new ClassFileLocator.ForJarFile(new java.util.jar.JarFile(agentJar))) {
      Weaving weaving = new Weaving(new ClassFileLocator.Compound(agentClasses, ClassFileLocator.ForClassLoader.ofBootLoader()));
      // Detach weaves advice inline and never injects classes: without this, Byte Buddy's class-injection
      // support initialises on start-up and JDK 24+ warns that sun.misc.Unsafe was used.
      System.setProperty("net.bytebuddy.nexus.disabled", "true");
      AgentBuilder builder = new AgentBuilder.Default()
          .disableClassFormatChanges()
          .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
          // Only the loaded classes an integration names, looked for again until nothing new turns up.
          .with(new MatchedLoadedClasses(anyOf(instrumentations, carriers)))
          .with(AgentBuilder.RedefinitionStrategy.Listener.ErrorEscalating.FAIL_LAST)
          .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
          .with(AgentBuilder.TypeStrategy.Default.DECORATE)
          .with(new ForeignTypesPool())
          // Classes already loaded are described from their class files too, not by reflection: reflecting on
          // Thread and VirtualThread loaded ForkJoinPool and ForkJoinTask on JDK 25 during premain, and an agent
          // attached after Detach that adds a field to ForkJoinTask (TTL) then could not.
          .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
          .with(report)
          // By name only: a matcher that needs more than the name makes Byte Buddy parse every loading class.
          .ignore(ownClasses());
      for (TypeInstrumentation ti : instrumentations) {
        // Not terminal: one class may need several integrations (CompletableFuture$DelayedExecutor is
        // also a CompletableFuture$ class).
        builder = builder.type(ti.types()).transform(ti.transformer(weaving));
      }
      if (carriers != null) {
        builder = builder.type(carriers.types()).transform(carriers.transformer(weaving));
      }
      // Before Byte Buddy's transformer (the JVM calls transformers without retransformation first).
      inst.addTransformer(ThreadStartInstrumentation.subclassScan());
      // Tasks another agent wraps (ForeignWrappers): its wrapper classes may be loaded already (attached first).
      inst.addTransformer(ForeignWrappers.watch());
      for (Class<?> loaded : inst.getAllLoadedClasses()) {
        ForeignWrappers.classLoaded(loaded.getName());
      }
      builder.installOn(inst);
      if (carriers != null) {
        carriers.registerLoaded(inst);
      }
    } catch (Throwable t) {
      AgentLog.fault("installing the hand-off instrumentation", t);
    }
    AgentLog.info("Detach " + version() + " on Java " + System.getProperty("java.version")
        + (attached ? " (attached to a running JVM)" : "")
        + ": hand-offs " + names(instrumentations) + " (" + report.describe() + ")"
        + "; policy " + config.defaultPolicy().configName()
        + (config.detachTimeout().isZero() ? "" : ", detach.timeout " + config.detachTimeout())
        + "; carrying " + Carriers.describe()
        + "; configuration from " + config.describeSources());
  }

  /** What any of the integrations weaves (by name), but never Detach's own classes. */
  private static ElementMatcher<TypeDescription> anyOf(List<TypeInstrumentation> instrumentations,
      CarrierInstrumentation carriers) {
    ElementMatcher.Junction<TypeDescription> any = ElementMatchers.none();
    for (TypeInstrumentation ti : instrumentations) {
      any = any.or(ti.types());
    }
    if (carriers != null) {
      any = any.or(carriers.types());
    }
    return ElementMatchers.not(ownClasses()).and(any);
  }

  /** Detach's own classes ({@link OwnClasses}), by name only. */
  private static ElementMatcher<TypeDescription> ownClasses() {
    return type -> OwnClasses.contains(type.getName());
  }

  private static String names(List<TypeInstrumentation> instrumentations) {
    StringBuilder b = new StringBuilder();
    for (TypeInstrumentation ti : instrumentations) {
      b.append(b.length() == 0 ? "" : ", ").append(ti.name());
    }
    return b.toString();
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> map = new HashMap<>();
    Properties p = System.getProperties();
    for (String name : p.stringPropertyNames()) {
      map.put(name, p.getProperty(name));
    }
    return map;
  }

  static String version() {
    try (InputStream in = AgentInstaller.class.getResourceAsStream("/META-INF/detach/version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException ignored) {
      // The version is only for the start-up line.
    }
    return "unknown";
  }

  /** Collects what was woven and reports what could not be. */
  private static final class Report extends AgentBuilder.Listener.Adapter {
    private final Set<String> woven = Collections.newSetFromMap(new ConcurrentHashMap<>());

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
        DynamicType dynamicType) {
      woven.add(type.getName());
      if (AgentLog.enabled(AgentLog.DEBUG)) {
        AgentLog.debug("woven " + type.getName() + (loaded ? " (retransformed)" : ""));
      }
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
      AgentLog.fault("weaving " + typeName, throwable);
    }

    String describe() {
      return woven.size() + " already loaded classes woven now, the rest as they load";
    }
  }
}
