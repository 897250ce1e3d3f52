import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Layer, projectName, pulumiWorkDir, stackFile } from "@lakehouse/contracts";
import { projectConfigDeclarations } from "@lakehouse/testing";
import { parse } from "yaml";
import { UsageError } from "../args";

/**
 * Config the Pulumi CLI would refuse to run without, found before Pulumi runs: every key the
 * project's Pulumi.yaml declares without a default must be in the stack file ([R]
 * pkg/workspace/config.go:295-366), and a key declared `secret: true` must hold ciphertext. Pulumi
 * ciphertext is `v1:<nonce>:<data>`; anything else fails to decrypt with "bad value" before the
 * program starts ([R] sdk/go/common/resource/config/crypt.go, symmetricCrypter.DecryptValue); the
 * Pulumi Cloud backend keeps its own base64 ciphertext instead.
 * One line per key: the stack file, the key and the command that sets it.
 */
export function missingRequiredConfig(repoRoot: string, layer: Layer, stack: string): string[] {
  const declarations = projectConfigDeclarations(repoRoot, layer);
  const file = stackFile(layer, stack);
  const path = join(repoRoot, file);
  if (Object.keys(declarations).length === 0 || !existsSync(path)) return [];
  const values =
    ((parse(readFileSync(path, "utf8")) ?? {}) as { config?: Record<string, unknown> }).config ?? {};
  const problems: string[] = [];
  for (const [name, declaration] of Object.entries(declarations)) {
    if ("default" in declaration && declaration.default !== null) continue;
    const value = values[name];
    const key = name.slice(projectName(layer).length + 1);
    const set = (flag: string) =>
      `(cd ${pulumiWorkDir(layer)} && pulumi config set ${flag}--stack ${stack} ${key} '<value>')`;
    if (declaration.secret) {
      if (!isCiphertext(value))
        problems.push(
          `${file}: secret ${name} is not set (${declaration.description ?? "required"}); set it: ${set("--secret ")}`,
        );
    } else if (value === undefined) {
      problems.push(
        `${file}: ${name} is not set (${declaration.description ?? "required"}); set it: ${set("")}`,
      );
    }
  }
  return problems;
}

function isCiphertext(value: unknown): boolean {
  const secure = value && typeof value === "object" ? (value as { secure?: unknown }).secure : undefined;
  if (typeof secure !== "string") return false;
  return /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.test(secure) || /^[A-Za-z0-9+/]{16,}={0,2}$/.test(secure);
}

/** A usage error listing every missing key of the layers about to run a program (preview, up). */
export function requireConfig(repoRoot: string, layers: Layer[], stack: string): void {
  const problems = layers.flatMap((layer) => missingRequiredConfig(repoRoot, layer, stack));
  if (problems.length > 0) throw new UsageError(problems.join("\nlakehouse: "));
}
