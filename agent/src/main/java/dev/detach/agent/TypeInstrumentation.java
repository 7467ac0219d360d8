package dev.detach.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One class (or family of classes) Detach rewrites: a cheap matcher on the type's name and the advice
 * to weave into it.
 */
public interface TypeInstrumentation {

  /** A short name for the start-up line, e.g. {@code ThreadPoolExecutor}. */
  String name();

  /** Which types to rewrite; match names first, hierarchies never. */
  ElementMatcher<TypeDescription> types();

  /** The rewriting of one matched type. */
  AgentBuilder.Transformer transformer(Weaving weaving);
}
