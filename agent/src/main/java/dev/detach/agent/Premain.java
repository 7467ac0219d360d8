package dev.detach.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * The {@code -javaagent} entry point ({@code Premain-Class} and {@code Agent-Class}).
 *
 * <p>This class is loaded by the application class loader, so it only puts the agent jar on the
 * bootstrap class path and hands over to {@link AgentInstaller} loaded from there: advice woven into
 * {@code java.util.concurrent} can only call classes the bootstrap loader sees, and application code
 * compiled against {@code dev.detach.RequestScope} must find the very same class in every loader.
 *
 * <p>Nothing escapes from here: whatever goes wrong is logged in one line and the application starts
 * without Detach.
 */
public final class Premain {

  private Premain() {}

  public static void premain(String agentArgs, Instrumentation inst) {
    start(agentArgs, inst, false);
  }

  /** Attaching to a running JVM (the Attach API) takes the same path. */
  public static void agentmain(String agentArgs, Instrumentation inst) {
    start(agentArgs, inst, true);
  }

  private static void start(String agentArgs, Instrumentation inst, boolean attached) {
    try {
      File jar = new File(Premain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      JarFile agentJar = new JarFile(jar);
      if (attached) {
        Class<?> early = apiLoadedByTheApplication(inst, agentJar);
        if (early != null) {
          System.err.println("[detach] ERROR Detach cannot attach: the application already loaded " + early.getName()
              + " from its own class path (" + early.getClassLoader() + "), and a second copy would split the API;"
              + " start the JVM with -javaagent instead. The application runs without Detach");
          return;
        }
      }
      if (!isOnBootClassPath()) {
        inst.appendToBootstrapClassLoaderSearch(agentJar);
      }
      Class<?> installer = Class.forName("dev.detach.agent.AgentInstaller", true, null);
      installer.getMethod("install", String.class, Instrumentation.class, boolean.class, File.class)
          .invoke(null, agentArgs, inst, attached, jar);
    } catch (Throwable t) {
      Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
      System.err.println("[detach] ERROR Detach could not start (" + cause
          + "); the application runs without it");
    }
  }

  /**
   * When attaching late, application code compiled against the API may already have loaded some of its
   * classes from the application's class path; classes loaded after this point would come from the boot
   * class path, and the two halves cannot see each other's package-private members.
   */
  private static Class<?> apiLoadedByTheApplication(Instrumentation inst, JarFile agentJar) {
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.getName().startsWith("dev.detach.") && c.getClassLoader() != null && c != Premain.class
          && agentJar.getEntry(c.getName().replace('.', '/') + ".class") != null) {
        return c;
      }
    }
    return null;
  }

  private static boolean isOnBootClassPath() {
    try {
      Class.forName("dev.detach.agent.AgentInstaller", false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
