package dev.detach.agent;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The classes already loaded when Detach starts that Byte Buddy is given to retransform: only those an
 * integration's matcher takes, tried on each loaded class by name (every matcher here looks at names).
 * Byte Buddy's own discovery describes and matches every loaded class, several hundred at start-up and
 * thousands when attached late, which was most of the time Detach added to start-up.
 *
 * <p>Looked for again after each batch until nothing new turns up: retransforming a class can load others
 * that need weaving too (JDK 25 loads {@code ForkJoinPool} while {@code Thread} is retransformed).
 */
final class MatchedLoadedClasses implements AgentBuilder.RedefinitionStrategy.DiscoveryStrategy {

  private final ElementMatcher<? super TypeDescription> matcher;

  MatchedLoadedClasses(ElementMatcher<? super TypeDescription> matcher) {
    this.matcher = matcher;
  }

  @Override
  public Iterable<Iterable<Class<?>>> resolve(Instrumentation inst) {
    return () -> new Iterator<Iterable<Class<?>>>() {
      private final Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      private List<Class<?>> next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = scan(inst, seen);
        }
        return !next.isEmpty();
      }

      @Override
      public Iterable<Class<?>> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        List<Class<?>> batch = next;
        next = null;
        return batch;
      }
    };
  }

  private List<Class<?>> scan(Instrumentation inst, Set<Class<?>> seen) {
    List<Class<?>> found = new ArrayList<>();
    for (Class<?> type : inst.getAllLoadedClasses()) {
      if (type.isArray() || type.isPrimitive() || seen.contains(type)) {
        continue;
      }
      seen.add(type);
      try {
        if (inst.isModifiableClass(type) && matcher.matches(TypeDescription.ForLoadedType.of(type))) {
          found.add(type);
        }
      } catch (RuntimeException | LinkageError e) {
        // A class that cannot even be named here is none of ours.
      }
    }
    return found;
  }
}
