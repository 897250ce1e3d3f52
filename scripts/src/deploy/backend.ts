import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../args";

/** Where state lives and how secrets are encrypted, resolved from the environment before anything runs. */
export interface Backend {
  url: string;
  /** `awskms://...` (the bootstrap's `secretsProvider` output), or undefined for the passphrase/service provider. */
  secretsProvider?: string;
  /** Environment handed to every Pulumi workspace. */
  envVars: Record<string, string>;
}

/** Backends that keep secrets themselves need no passphrase or KMS key. */
const SERVICE_BACKEND = /^https?:\/\//;

/**
 * The folder of a `file://` backend. `file://~` (what `pulumi login --local` logs in to,
 * pulumi/pulumi pkg/cmd/pulumi/login.go) and `file://~/x` are under the home directory.
 */
export function fileBackendDir(url: string, home = homedir()): string {
  const path = url.slice("file://".length);
  if (path === "~" || path.startsWith("~/")) return join(home, path.slice(1));
  return fileURLToPath(url.replace(/^file:\/\/(?!\/)/, "file:///"));
}

/**
 * `PULUMI_BACKEND_URL`, default `file://<repo>/.pulumi-state` (created, gitignored). Secrets: a KMS
 * provider from `LAKEHOUSE_SECRETS_PROVIDER`, else `PULUMI_CONFIG_PASSPHRASE` or
 * `PULUMI_CONFIG_PASSPHRASE_FILE`; a self-managed backend with neither is a usage error.
 */
export function resolveBackend(repoRoot: string, env: NodeJS.ProcessEnv = process.env): Backend {
  const url = env.PULUMI_BACKEND_URL || `file://${join(repoRoot, ".pulumi-state")}`;
  if (url.startsWith("file://")) {
    const dir = fileBackendDir(url);
    if (env.PULUMI_BACKEND_URL) {
      if (!existsSync(dir))
        throw new UsageError(
          `PULUMI_BACKEND_URL=${url}: the folder ${dir} does not exist (create it, or unset PULUMI_BACKEND_URL for the repository's .pulumi-state)`,
        );
    } else mkdirSync(dir, { recursive: true });
  }
  const envVars: Record<string, string> = { PULUMI_BACKEND_URL: url };
  const secretsProvider = env.LAKEHOUSE_SECRETS_PROVIDER || undefined;
  if (secretsProvider && !secretsProvider.startsWith("awskms://")) {
    throw new UsageError(
      `LAKEHOUSE_SECRETS_PROVIDER=${secretsProvider}: expected an awskms:// URL (the bootstrap output secretsProvider)`,
    );
  }
  const passphraseFile = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  if (passphraseFile) {
    if (!existsSync(passphraseFile))
      throw new UsageError(`PULUMI_CONFIG_PASSPHRASE_FILE=${passphraseFile}: no such file`);
    readFileSync(passphraseFile); // unreadable -> fails here, not halfway through a deployment
    envVars.PULUMI_CONFIG_PASSPHRASE_FILE = passphraseFile;
  }
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined)
    envVars.PULUMI_CONFIG_PASSPHRASE = env.PULUMI_CONFIG_PASSPHRASE;
  const hasPassphrase = "PULUMI_CONFIG_PASSPHRASE" in envVars || "PULUMI_CONFIG_PASSPHRASE_FILE" in envVars;
  if (!secretsProvider && !hasPassphrase && !SERVICE_BACKEND.test(url)) {
    throw new UsageError(
      `backend ${url} needs a secrets provider: set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE), or LAKEHOUSE_SECRETS_PROVIDER=awskms://<key id>?region=<region> from the bootstrap output secretsProvider`,
    );
  }
  return { url, secretsProvider, envVars };
}
