package dev.detach.agent.container;

import dev.detach.agent.runtime.ScopeStorage;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A detached task's own changes to the attributes of completed requests: {@code setAttribute} and
 * {@code removeAttribute} on a completed request change only the calling task's view, never the copy
 * other tasks of the request read. Kept with the running task (the thread's state) and dropped when
 * the task's run ends.
 */
final class Overlay {

  private static final Object REMOVED = new Object();

  private Overlay() {}

  static Object attribute(Object overlay, RequestCopy copy, String name, RequestCopy.Pairs copied) {
    Map<String, Object> own = own(overlay, copy);
    if (own != null && own.containsKey(name)) {
      Object v = own.get(name);
      return v == REMOVED ? null : v;
    }
    return copied.value(name);
  }

  static Collection<String> attributeNames(Object overlay, RequestCopy copy, RequestCopy.Pairs copied) {
    Map<String, Object> own = own(overlay, copy);
    if (own == null) {
      return copied.names();
    }
    Set<String> names = new LinkedHashSet<>(copied.names());
    for (Map.Entry<String, Object> e : own.entrySet()) {
      if (e.getValue() == REMOVED) {
        names.remove(e.getKey());
      } else {
        names.add(e.getKey());
      }
    }
    return names;
  }

  static Object set(Object overlay, RequestCopy copy, String name, Object value) {
    forWrite(overlay, copy).put(name, value);
    return null;
  }

  static Object removed(Object overlay, RequestCopy copy, String name) {
    forWrite(overlay, copy).put(name, REMOVED);
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> own(Object overlay, RequestCopy copy) {
    return overlay == null ? null : ((Map<RequestCopy, Map<String, Object>>) overlay).get(copy);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> forWrite(Object overlay, RequestCopy copy) {
    Map<RequestCopy, Map<String, Object>> all = (Map<RequestCopy, Map<String, Object>>) overlay;
    if (all == null) {
      all = new IdentityHashMap<>();
      ScopeStorage.setOverlay(all);
    }
    return all.computeIfAbsent(copy, c -> new LinkedHashMap<>());
  }
}
