package dev.detach.agent.container;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.detach.agent.runtime.AgentLog;
import java.io.File;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Whether a container's classes have what Detach weaves into them, checked as each is woven (the way
 * OpenTelemetry's muzzle checks an instrumentation against the library in hand). A container version that
 * lacks a method Detach hooks (a release that renamed it, a repackaged build) gets one WARN line naming the
 * container, its version and what is missing, and Detach stays off for that container from then on: its
 * dispatches open no scope, so no request is left with a start and no end. The other containers and every
 * hand-off point are unaffected.
 */
public final class ContainerFit {

  public static final ContainerFit TOMCAT = new ContainerFit("Tomcat");
  public static final ContainerFit JETTY = new ContainerFit("Jetty");
  public static final ContainerFit UNDERTOW = new ContainerFit("Undertow");

  private final String container;
  /** What was missing, once a class of this container lacked it; null while everything fits. */
  private volatile String misfit;

  private ContainerFit(String container) {
    this.container = container;
  }

  /** A method Detach hooks in a container class: how the WARN line names it, and how it is found. */
  public static final class Need {
    final String description;
    final ElementMatcher<? super MethodDescription> matcher;

    Need(String description, ElementMatcher<? super MethodDescription> matcher) {
      this.description = description;
      this.matcher = matcher;
    }

    /** The methods this need finds, for the advice that hooks them. */
    public ElementMatcher<? super MethodDescription> matcher() {
      return matcher;
    }
  }

  /** A method named {@code name} with {@code arguments} parameters. */
  public static Need method(String name, int arguments) {
    return new Need(name + "(" + arguments + (arguments == 1 ? " parameter)" : " parameters)"),
        named(name).and(takesArguments(arguments)));
  }

  /** A method found by {@code matcher}, named {@code description} in the WARN line. */
  public static Need method(String description, ElementMatcher<? super MethodDescription> matcher) {
    return new Need(description, matcher);
  }

  /** Whether this container's hooks act: false once one of its classes lacked what Detach hooks. */
  public boolean fits() {
    return misfit == null;
  }

  /**
   * Whether {@code type} declares a method for each of {@code needs}, and this container still fits. When a
   * need is missing, logs one WARN line and turns this container off; the type is then left as it is.
   *
   * @param domain where {@code type} comes from, for the version in the WARN line (may be null)
   */
  public boolean check(TypeDescription type, ProtectionDomain domain, Need... needs) {
    List<String> missing = new ArrayList<>();
    for (Need need : needs) {
      if (type.getDeclaredMethods().filter(need.matcher).isEmpty()) {
        missing.add(need.description);
      }
    }
    if (missing.isEmpty()) {
      return fits();
    }
    turnOff(type.getName() + " has no " + String.join(", no ", missing), domain);
    return false;
  }

  /**
   * A class of this container lacks what Detach reads or hooks ({@code what}): logs one WARN line (the first
   * time only) and turns this container off.
   */
  void turnOff(String what, ProtectionDomain domain) {
    boolean first;
    synchronized (this) {
      first = misfit == null;
      if (first) {
        misfit = what;
      }
    }
    if (first) {
      AgentLog.warn(container + " " + versionOf(domain) + " does not fit this Detach: " + what
          + ". Detach is off for " + container + " (its requests get no scope); other containers and hand-offs"
          + " are unaffected");
    }
  }

  /**
   * The container's version from the manifest of the jar {@code domain} names (Implementation-Version, else
   * Bundle-Version) and the jar's name; "(version unknown)" when there is no readable jar.
   */
  static String versionOf(ProtectionDomain domain) {
    try {
      CodeSource source = domain == null ? null : domain.getCodeSource();
      URL location = source == null ? null : source.getLocation();
      if (location == null || !"file".equals(location.getProtocol())) {
        return "(version unknown" + (location == null ? "" : ", from " + location) + ")";
      }
      File file = new File(location.toURI());
      String version = null;
      if (file.isFile()) {
        try (JarFile jar = new JarFile(file)) {
          Manifest manifest = jar.getManifest();
          if (manifest != null) {
            Attributes main = manifest.getMainAttributes();
            version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
            if (version == null) {
              version = main.getValue("Bundle-Version");
            }
          }
        }
      }
      return (version == null ? "(version unknown)" : version) + " (" + file.getName() + ")";
    } catch (Exception | LinkageError e) {
      return "(version unknown)";
    }
  }
}
