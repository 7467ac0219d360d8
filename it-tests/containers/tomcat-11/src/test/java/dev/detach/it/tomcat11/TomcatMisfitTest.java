package dev.detach.it.tomcat11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.detach.it.support.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * A Tomcat that lacks a method Detach hooks: a copy of this line's {@code tomcat-embed-core} jar whose
 * {@code AsyncContextImpl} has no {@code timeout()} (Tomcat calls it only when an async request times out, so
 * this Tomcat still serves). Detach must say so in one WARN line, with Tomcat's version and what is missing,
 * and stay off for Tomcat from then on, while the server keeps serving. The same program on the real jar is the
 * control: no WARN, and every request has its scope.
 */
class TomcatMisfitTest {

  private static final String STRIPPED_CLASS = "org/apache/catalina/core/AsyncContextImpl.class";
  private static final String STRIPPED_METHOD = "timeout";

  @Test
  void aTomcatLackingAHookedMethodGetsOneWarningAndNoScopes() throws Exception {
    Path original = tomcatJar();
    Path stripped = Paths.get("target", "misfit", "stripped-" + original.getFileName());
    strip(original, stripped);

    List<String> lines = runServer(classPathWith(original, stripped));
    List<String> warnings = lines.stream().filter(l -> l.contains("does not fit")).collect(Collectors.toList());
    assertThat(warnings).as(String.join("\n", lines)).hasSize(1);
    assertThat(warnings.get(0)).as("the WARN line")
        .contains("WARN", "Tomcat 11.0.", original.getFileName().toString(),
            "org.apache.catalina.core.AsyncContextImpl has no timeout(0 parameters)", "Detach is off for Tomcat");
    // The first request was dispatched before Tomcat loaded AsyncContextImpl (while serving it, after its
    // dispatch began) and Detach checked it. From the check on, Tomcat's requests get no scope, and the server
    // still serves them.
    assertThat(lines).as(String.join("\n", lines)).contains("first scope", "after no scope", "DONE");
    assertThat(lines.indexOf(warnings.get(0))).as(String.join("\n", lines)).isLessThan(lines.indexOf("after no scope"));
  }

  @Test
  void theSameProgramOnTheRealTomcatHasNoWarningAndEveryScope() throws Exception {
    List<String> lines = runServer(ChildJvm.classPath());
    assertThat(lines).as(String.join("\n", lines)).noneMatch(l -> l.contains("does not fit"))
        .contains("first scope", "async scope", "after scope", "DONE");
  }

  private static Path tomcatJar() throws Exception {
    return Paths.get(org.apache.catalina.startup.Tomcat.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static String classPathWith(Path original, Path replacement) {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    boolean replaced = false;
    for (String entry : cp.split(File.pathSeparator)) {
      if (!entry.isEmpty() && Paths.get(entry).toAbsolutePath().equals(original.toAbsolutePath())) {
        entries.add(replacement.toAbsolutePath().toString());
        replaced = true;
      } else {
        entries.add(entry);
      }
    }
    assertThat(replaced).as("%s is on the test class path %s", original, cp).isTrue();
    return String.join(File.pathSeparator, entries);
  }

  /** Copies {@code from} to {@code to}, every entry as it is but the one class, which loses one method. */
  private static void strip(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    boolean found = false;
    try (JarFile in = new JarFile(from.toFile());
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(to))) {
      Enumeration<JarEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        byte[] bytes;
        try (InputStream data = in.getInputStream(entry)) {
          bytes = data.readAllBytes();
        }
        if (entry.getName().equals(STRIPPED_CLASS)) {
          bytes = withoutMethod(bytes, STRIPPED_METHOD);
          found = true;
        }
        out.putNextEntry(new JarEntry(entry.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
    assertThat(found).as("%s in %s", STRIPPED_CLASS, from).isTrue();
  }

  private static byte[] withoutMethod(byte[] classFile, String method) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        return name.equals(method) && descriptor.startsWith("()")
            ? null : super.visitMethod(access, name, descriptor, signature, exceptions);
      }
    }, 0);
    return writer.toByteArray();
  }

  /** Runs {@link MisfitTomcatMain} with the agent and {@code classPath}; returns its output's lines. */
  private static List<String> runServer(String classPath) throws Exception {
    ChildJvm.Result result = ChildJvm.launch(Duration.ofSeconds(120),
        List.of("-javaagent:" + ChildJvm.agentJar(), "-Ddetach.log.level=info"), Map.of(), classPath,
        MisfitTomcatMain.class);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.lines();
  }
}
