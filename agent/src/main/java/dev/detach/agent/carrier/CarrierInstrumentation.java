package dev.detach.agent.carrier;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import java.lang.instrument.Instrumentation;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Learns about the carried libraries' classes, and the classes named in {@code carry.thread-locals}, in
 * whatever class loader loads them: at the end of their static initializer, or (a class without one, SLF4J
 * 2's MDC) at the first call of a method that puts context on a thread.
 */
public final class CarrierInstrumentation implements TypeInstrumentation {

  private final Set<String> classNames = Carriers.classNames();

  @Override
  public String name() {
    return "carriers";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return namedOneOf(classNames.toArray(new String[0]));
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return (builder, type, loader, module, domain) -> {
      builder = builder.visit(weaving.advice(InitializedAdvice.class, isTypeInitializer()));
      for (CarriedLibrary library : CarriedLibrary.values()) {
        String[] firstUse = library.firstUseMethods();
        if (library.className().equals(type.getName()) && firstUse.length > 0) {
          builder = builder.visit(weaving.advice(FirstUseAdvice.class, namedOneOf(firstUse).and(isStatic())));
        }
      }
      return builder;
    };
  }

  /**
   * Classes that were loaded before Detach started (it was attached to a running JVM): ready now.
   * Nothing of theirs is read before a hand-off needs it, so this initialises none of them.
   */
  public void registerLoaded(Instrumentation inst) {
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (classNames.contains(type.getName())) {
        Carriers.classReady(type);
      }
    }
  }

  public static final class InitializedAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Origin Class<?> type) {
      Carriers.classReady(type);
    }
  }

  public static final class FirstUseAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Origin Class<?> type) {
      Carriers.classReady(type);
    }
  }
}
