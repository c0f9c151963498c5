package io.sockscope.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Decides whether a {@link KernelTest} can run here: root, BTF, libbpf, and the tools it drives. */
public final class KernelTestCondition implements ExecutionCondition {
  private static final List<String> TOOLS = List.of("nginx", "curl", "python3", "clang", "gcc", "setpriv");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<String> missing = missingPrerequisites();
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("root, BTF and libbpf present");
    }
    String reason = "kernel test needs " + String.join(", ", missing)
        + " (run the README's test command as root)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("CI=true, so a kernel test may not be skipped: " + reason);
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  static List<String> missingPrerequisites() {
    List<String> missing = new ArrayList<>();
    if (!"root".equals(System.getProperty("user.name")) && !isEffectiveRoot()) {
      missing.add("root");
    }
    if (!Files.isReadable(Path.of("/sys/kernel/btf/vmlinux"))) {
      missing.add("a kernel with BTF (/sys/kernel/btf/vmlinux)");
    }
    if (!Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libbpf.so.1")) && !Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libbpf.so.1"))
        && !Files.exists(Path.of("/usr/lib64/libbpf.so.1"))) {
      missing.add("libbpf1");
    }
    for (String tool : TOOLS) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    return missing;
  }

  private static boolean isEffectiveRoot() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("Uid:"))
          .anyMatch(l -> l.split("\\s+")[2].equals("0"));
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin:/usr/sbin:/sbin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool));
  }
}
