package dev.detach.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Byte Buddy's default type pool (lazy, fast reading), plus one fallback: a type whose class file cannot be
 * found is described from its loaded class.
 *
 * <p>Why: another agent that rewrote a class before Detach sees it may have made it implement an interface of
 * its own that it generated at run time and defined without a class file: the OpenTelemetry agent adds
 * {@code io.opentelemetry.javaagent.bootstrap.field.VirtualFieldAccessor$...} interfaces to executors' tasks,
 * Tomcat's {@code TaskThread}, {@code CoyoteOutputStream} and many more. Detach's matchers walk a class's
 * interfaces ({@code isOverriddenFrom}), and the default pool then fails with "Cannot resolve type
 * description", which left those classes unwoven. Such an interface is already defined when a class that
 * names it is being loaded, so looking it up by name loads nothing new; a type that is neither found as a class
 * file nor loaded stays unresolved, as before.
 */
final class ForeignTypesPool implements AgentBuilder.PoolStrategy {

  @Override
  public TypePool typePool(ClassFileLocator locator, ClassLoader loader) {
    return new TypePool.LazyFacade(new TypePool.Default.WithLazyResolution(new LoadedFallbackCache(loader), locator,
        TypePool.Default.ReaderMode.FAST));
  }

  @Override
  public TypePool typePool(ClassFileLocator locator, ClassLoader loader, String name) {
    return typePool(locator, loader);
  }

  /**
   * The pool's cache, where every lookup's outcome is registered: a type not found as a class file is
   * registered as its loaded class instead, when there is one.
   */
  private static final class LoadedFallbackCache implements TypePool.CacheProvider {
    private final TypePool.CacheProvider cache = TypePool.CacheProvider.Simple.withObjectType();
    private final ClassLoader loader;

    LoadedFallbackCache(ClassLoader loader) {
      this.loader = loader;
    }

    @Override
    public TypePool.Resolution find(String name) {
      return cache.find(name);
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (resolution instanceof TypePool.Resolution.Illegal) {
        try {
          resolution = new TypePool.Resolution.Simple(
              TypeDescription.ForLoadedType.of(Class.forName(name, false, loader)));
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
          // neither a class file nor a loaded class: unresolved, as before
        }
      }
      return cache.register(name, resolution);
    }

    @Override
    public void clear() {
      cache.clear();
    }
  }
}
