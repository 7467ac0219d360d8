package dev.detach.agent.carrier;

import dev.detach.agent.carrier.threadlocal.ThreadLocalCarrier;
import dev.detach.agent.runtime.AgentLog;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Internal: the context carriers, and what the hand-off runtime calls. Not an API.
 *
 * <p>A carrier is registered when its library's class is ready in some class loader (see {@link
 * CarrierInstrumentation}); a web application with its own copy of a library gets its own carrier. At a
 * scoped hand-off each registered carrier takes one snapshot ({@link #capture}); when nothing is there to
 * carry, nothing is allocated. The task's run attaches the snapshot ({@link #attach}) and the end of the
 * run restores what it replaced ({@link #restore}).
 *
 * <p>Carriers are held weakly: each is kept alive by its library's class only (through a {@link
 * ClassValue}), so an undeployed application's class loader can be collected. A carrier that fails is
 * reported once per place; the hand-off goes on without it.
 */
public final class Carriers {

  private static final Carrier[] NONE = new Carrier[0];

  private static volatile Set<CarriedLibrary> libraries = EnumSet.noneOf(CarriedLibrary.class);
  /** The configured thread-local fields by class name. */
  private static volatile Map<String, List<String>> threadLocalFields = Map.of();

  @SuppressWarnings("unchecked")
  private static volatile WeakReference<Carrier>[] registered = new WeakReference[0];

  /** The carriers of one ready class, built once per class; the class keeps them alive. */
  private static final ClassValue<Registration> OF_CLASS = new ClassValue<Registration>() {
    @Override
    protected Registration computeValue(Class<?> type) {
      return new Registration(carriersFor(type));
    }
  };

  private static final class Registration {
    final Carrier[] carriers;
    volatile boolean registered;

    Registration(Carrier[] carriers) {
      this.carriers = carriers;
    }
  }

  private Carriers() {}

  /**
   * Sets what to carry; called once by the agent at start-up, before any class is woven.
   *
   * @param carried the libraries ({@code carry.libraries})
   * @param threadLocals {@code CLASS#FIELD} entries ({@code carry.thread-locals})
   */
  public static void configure(Collection<CarriedLibrary> carried, List<String> threadLocals) {
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (String entry : threadLocals) {
      int hash = entry.indexOf('#');
      fields.computeIfAbsent(entry.substring(0, hash), k -> new ArrayList<>()).add(entry.substring(hash + 1));
    }
    libraries = carried.isEmpty() ? EnumSet.noneOf(CarriedLibrary.class) : EnumSet.copyOf(carried);
    threadLocalFields = fields;
  }

  /** The names of the classes whose readiness registers a carrier. */
  static Set<String> classNames() {
    Set<String> names = new java.util.LinkedHashSet<>();
    for (CarriedLibrary library : libraries) {
      names.add(library.className());
    }
    names.addAll(threadLocalFields.keySet());
    return names;
  }

  /** Whether anything is to be carried at all. */
  public static boolean anyConfigured() {
    return !libraries.isEmpty() || !threadLocalFields.isEmpty();
  }

  /** What the configuration asks to carry, for the start-up line. */
  public static String describe() {
    List<String> parts = new ArrayList<>();
    for (CarriedLibrary library : libraries) {
      parts.add(library.configName());
    }
    for (Map.Entry<String, List<String>> e : threadLocalFields.entrySet()) {
      for (String field : e.getValue()) {
        parts.add(e.getKey() + "#" + field);
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  // ---- registration -------------------------------------------------------------------------------

  /**
   * {@code type} (a library class or a class named in {@code carry.thread-locals}) is ready: its static
   * initializer ended, or its first use began. Cheap after the first call for a class.
   */
  public static void classReady(Class<?> type) {
    Registration r = OF_CLASS.get(type);
    if (!r.registered) {
      register(r);
    }
  }

  private static synchronized void register(Registration r) {
    if (r.registered) {
      return;
    }
    List<WeakReference<Carrier>> live = new ArrayList<>();
    for (WeakReference<Carrier> ref : registered) {
      if (ref.get() != null) {
        live.add(ref);
      }
    }
    for (Carrier c : r.carriers) {
      live.add(new WeakReference<>(c));
    }
    @SuppressWarnings("unchecked")
    WeakReference<Carrier>[] array = live.toArray(new WeakReference[0]);
    registered = array;
    r.registered = true;
  }

  private static Carrier[] carriersFor(Class<?> type) {
    List<Carrier> carriers = new ArrayList<>();
    for (CarriedLibrary library : libraries) {
      if (library.className().equals(type.getName())) {
        try {
          carriers.add(library.carrierFor(type));
        } catch (Throwable t) {
          AgentLog.fault("carrier " + library.configName() + " (" + type.getName() + " of "
              + type.getClassLoader() + ")", t);
        }
      }
    }
    List<String> fields = threadLocalFields.get(type.getName());
    if (fields != null) {
      for (String name : fields) {
        Carrier c = threadLocalCarrier(type, name);
        if (c != null) {
          carriers.add(c);
        }
      }
    }
    if (AgentLog.enabled(AgentLog.DEBUG)) {
      for (Carrier c : carriers) {
        AgentLog.debug("carrying " + c.name() + " of class loader " + type.getClassLoader());
      }
    }
    return carriers.isEmpty() ? NONE : carriers.toArray(NONE);
  }

  /** The carrier of the static ThreadLocal field {@code type.name}, or null (reported in one line). */
  private static Carrier threadLocalCarrier(Class<?> type, String name) {
    String entry = type.getName() + "#" + name;
    Field field;
    try {
      field = type.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      AgentLog.warn("carry.thread-locals: " + entry + ": " + type.getName() + " has no field " + name + "; ignored");
      return null;
    }
    if (!Modifier.isStatic(field.getModifiers()) || !ThreadLocal.class.isAssignableFrom(field.getType())) {
      AgentLog.warn("carry.thread-locals: " + entry + " is not a static ThreadLocal field (it is "
          + (Modifier.isStatic(field.getModifiers()) ? "a static " : "an instance ") + field.getType().getName()
          + "); ignored");
      return null;
    }
    try {
      field.setAccessible(true);
    } catch (RuntimeException e) {
      AgentLog.warn("carry.thread-locals: " + entry + " cannot be read by Detach (" + e
          + "); open its package to Detach's (unnamed) module; ignored");
      return null;
    }
    return new ThreadLocalCarrier(field);
  }

  // ---- hand-off -----------------------------------------------------------------------------------

  /**
   * At a scoped hand-off: each registered carrier's snapshot of this thread, as {@code [carrier, value,
   * ...]} (null-padded), or null when there is nothing to carry.
   */
  public static Object capture(boolean detached) {
    WeakReference<Carrier>[] refs = registered;
    if (refs.length == 0) {
      return null;
    }
    Object[] snapshot = null;
    int n = 0;
    for (WeakReference<Carrier> ref : refs) {
      Carrier c = ref.get();
      if (c == null) {
        continue;
      }
      Object value;
      try {
        value = c.capture(detached);
      } catch (Throwable t) {
        AgentLog.fault("carrier " + c.name() + " capture", t);
        continue;
      }
      if (value != null) {
        if (snapshot == null) {
          snapshot = new Object[2 * refs.length];
        }
        snapshot[n++] = c;
        snapshot[n++] = value;
      }
    }
    return snapshot;
  }

  /**
   * Before a run: makes what {@link #capture} took current on this thread. Returns what it replaced, for
   * {@link #restore}.
   */
  public static Object attach(Object snapshot) {
    Object[] s = (Object[]) snapshot;
    Object[] replaced = new Object[s.length];
    for (int i = 0; i < s.length && s[i] != null; i += 2) {
      Carrier c = (Carrier) s[i];
      try {
        replaced[i + 1] = c.attach(s[i + 1]);
        replaced[i] = c;
      } catch (Throwable t) {
        AgentLog.fault("carrier " + c.name() + " attach", t);
      }
    }
    return replaced;
  }

  /** After a run, however it ended: what {@link #attach} replaced is back, in reverse order. */
  public static void restore(Object attached) {
    if (attached == null) {
      return;
    }
    Object[] replaced = (Object[]) attached;
    for (int i = replaced.length - 2; i >= 0; i -= 2) {
      Carrier c = (Carrier) replaced[i];
      if (c != null) {
        try {
          c.restore(replaced[i + 1]);
        } catch (Throwable t) {
          AgentLog.fault("carrier " + c.name() + " restore", t);
        }
      }
    }
  }
}
