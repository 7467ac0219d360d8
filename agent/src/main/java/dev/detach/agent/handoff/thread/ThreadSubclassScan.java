package dev.detach.agent.handoff.thread;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Notes which classes being loaded extend {@code Thread} directly, from the superclass name in their class
 * file, so that {@link ThreadStartInstrumentation} can match them by name.
 *
 * <p>Why: a matcher that asks Byte Buddy for a loading class's superclass makes it parse the whole class
 * file of every class the application loads, which was about half of Detach's start-up cost. Reading one
 * constant-pool entry costs a fraction of that. This transformer changes nothing; it is registered without
 * retransformation, so the JVM calls it before Byte Buddy's transformer for the same class.
 */
final class ThreadSubclassScan implements ClassFileTransformer {

  private static final String THREAD = "java/lang/Thread";

  /** Binary names of loading classes that extend Thread, until the matcher takes them. */
  private static final Set<String> PENDING = ConcurrentHashMap.newKeySet();

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain, byte[] classfileBuffer) {
    if (classBeingRedefined == null && className != null && ThreadStartInstrumentation.mayBeApplication(className)) {
      try {
        if (THREAD.equals(new ClassReader(classfileBuffer).getSuperName())) {
          PENDING.add(className.replace('/', '.'));
        }
      } catch (Throwable t) {
        // a class file ASM cannot read: Byte Buddy will not weave it either
      }
    }
    return null;
  }

  /** Whether the class of this name, being loaded, extends Thread (answers once per load). */
  static boolean takeLoading(String binaryName) {
    return !PENDING.isEmpty() && PENDING.remove(binaryName);
  }
}
