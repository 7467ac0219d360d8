package dev.detach.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.RequestScope;
import dev.detach.it.support.ChildJvm;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Application code compiled against the API resolves to the agent's classes whatever loader loads it:
 * the agent jar is on the boot class path, which every conventional loader consults first (a webapp
 * loader checks the platform loader, and so the boot path, before its own WEB-INF/lib).
 */
class ApiClassLoadingTest {

  private static final RequestScope.Key<String> ID = RequestScope.key("id");

  @Test
  void theApiIsTheAgentsOwnOnTheApplicationClassPath() {
    assertThat(RequestScope.class.getClassLoader()).as("loaded from the boot class path").isNull();
  }

  @Test
  void aWebappStyleLoaderThatBundlesTheApiStillGetsTheAgentsClasses() throws Exception {
    URL agentJar = Path.of(ChildJvm.agentJar()).toUri().toURL();
    URL testClasses = ApiClassLoadingTest.class.getProtectionDomain().getCodeSource().getLocation();
    // Parent is the platform loader, like Tomcat's WebappClassLoader; the API jar is in the "webapp".
    try (URLClassLoader webapp = new URLClassLoader(new URL[] {testClasses, agentJar},
        ClassLoader.getPlatformClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        // Child-first for the application's own classes, as a webapp loader does.
        if (name.startsWith("dev.detach.it.")) {
          synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            return c != null ? c : findClass(name);
          }
        }
        return super.loadClass(name, resolve);
      }
    }) {
      Class<?> inWebapp = webapp.loadClass(WebappCode.class.getName());
      assertThat(inWebapp.getClassLoader()).isSameAs(webapp);
      assertThat(webapp.loadClass("dev.detach.RequestScope")).isSameAs(RequestScope.class);

      RequestScope request = RequestScope.ROOT.withValue(ID, "r-7");
      try (RequestScope.Attachment ignored = request.attach()) {
        @SuppressWarnings("unchecked")
        Callable<Object> code = (Callable<Object>) inWebapp.getConstructor().newInstance();
        assertThat(code.call()).as("the webapp sees the scope the test attached").isSameAs(request);
      }
    }
  }

  /** Loaded again by the webapp-style loader: its reference to RequestScope must bind to the boot copy. */
  public static final class WebappCode implements Callable<Object> {
    @Override
    public Object call() {
      return RequestScope.current();
    }
  }
}
