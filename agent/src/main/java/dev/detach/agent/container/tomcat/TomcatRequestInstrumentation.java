package dev.detach.agent.container.tomcat;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.TypeInstrumentation;
import dev.detach.agent.Weaving;
import dev.detach.agent.container.ContainerRequests;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Tomcat's connector {@code Request.recycle()}: the request completed; its values are still there. */
public final class TomcatRequestInstrumentation implements TypeInstrumentation {

  @Override
  public String name() {
    return "Tomcat Request.recycle";
  }

  @Override
  public ElementMatcher<TypeDescription> types() {
    return named("org.apache.catalina.connector.Request");
  }

  @Override
  public AgentBuilder.Transformer transformer(Weaving weaving) {
    return Weaving.visiting(weaving.advice(RecycleAdvice.class, named("recycle").and(takesArguments(0))));
  }

  public static final class RecycleAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.This Object request) {
      ContainerRequests.completed(request);
    }
  }
}
