import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LAYERS } from "@lakehouse/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { deployCommand } from "../src/commands/deploy";
import { initCommand } from "../src/commands/init";
import { pulumiStandIn } from "./support/pulumi-stand-in";

/**
 * The real driver and the real Automation API, driving a stand-in `pulumi` that logs what it is
 * sent and fails the way the CLI fails.
 */
const PATH = process.env.PATH;
afterEach(() => {
  process.env.PATH = PATH;
});

function repo() {
  const root = mkdtempSync(join(tmpdir(), "lakehouse-cli-"));
  for (const layer of LAYERS) mkdirSync(join(root, "projects", layer), { recursive: true });
  return root;
}

async function deploy(root: string, argv: string[]) {
  const lines: string[] = [];
  const [command, ...rest] = argv as ["preview", ...string[]];
  const code = await deployCommand(command)(parseArgs([command, ...rest]), {
    repoRoot: root,
    env: { PULUMI_CONFIG_PASSPHRASE: "x", PATH: process.env.PATH },
    log: (l) => lines.push(l),
  });
  return { code, lines };
}

const MISSING_CONFIG =
  "error: Missing required configuration variable 'lakehouse-network:vpcCidr'\n    please set a value using the command `pulumi config set lakehouse-network:vpcCidr <value>`\n";

describe("errors from the Pulumi CLI reach the user", () => {
  it("shows the engine's stderr live, its first error line in the summary (not 'code: -2'), and all of it in the run's log file", async () => {
    const root = repo();
    const pulumi = pulumiStandIn({
      existing: ["network:dev"],
      failOperation: { stderr: MISSING_CONFIG, code: 255 },
    });
    process.env.PATH = pulumi.path;
    const { code, lines } = await deploy(root, ["preview", "--stack", "dev", "--layers", "network"]);
    expect(code).toBe(1);
    expect(lines).toContain(
      "[network       ] error: Missing required configuration variable 'lakehouse-network:vpcCidr'",
    );
    const row = lines
      .join("\n")
      .split("\n")
      .find((l) => l.startsWith("| network |"));
    expect(row).toMatch(
      /\| failed: error: Missing required configuration variable 'lakehouse-network:vpcCidr' \|$/,
    );
    expect(lines.join("\n")).not.toMatch(/code: -2/);
    const logs = readdirSync(join(root, ".lakehouse", "logs"));
    expect(logs).toEqual([expect.stringMatching(/^preview-dev-.*\.log$/)]);
    const log = readFileSync(join(root, ".lakehouse", "logs", logs[0]!), "utf8");
    expect(log).toContain(
      "please set a value using the command `pulumi config set lakehouse-network:vpcCidr <value>`",
    );
    expect(lines.at(-1)).toBe(`\nfull log: ${join(root, ".lakehouse", "logs", logs[0]!)}`);
  });

  it("never creates a stack: a missing one fails its layer, naming lakehouse init", async () => {
    const root = repo();
    const pulumi = pulumiStandIn({ existing: [] });
    process.env.PATH = pulumi.path;
    const { code, lines } = await deploy(root, ["destroy", "--stack", "prod", "--layers", "network"]);
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\[network\] destroy failed: stack prod of network does not exist in file:\/\/.*; create the stacks once with: pnpm lakehouse init --stack prod$/,
      ),
    );
    expect(pulumi.calls().filter((c) => c.args[0] === "stack" && c.args[1] === "init")).toEqual([]);
  });
});

describe("lakehouse init", () => {
  it("creates each missing stack in its project folder with the secrets provider, leaves existing ones, and says what to commit", async () => {
    const root = repo();
    const pulumi = pulumiStandIn({ existing: ["network:dev"] });
    process.env.PATH = pulumi.path;
    const lines: string[] = [];
    const code = await initCommand(
      parseArgs(["init", "--stack", "dev", "--layers", "network,lake-storage"]),
      {
        repoRoot: root,
        env: {
          LAKEHOUSE_SECRETS_PROVIDER: "awskms://alias/lakehouse-dev-pulumi-secrets?region=eu-west-1",
          PATH: pulumi.path,
        },
        log: (l) => lines.push(l),
      },
    );
    expect(code).toBe(0);
    const inits = pulumi.calls().filter((c) => c.args[0] === "stack" && c.args[1] === "init");
    expect(inits).toHaveLength(1);
    expect(inits[0]!.cwd).toBe(join(root, "projects", "lake-storage"));
    expect(inits[0]!.args).toEqual(
      expect.arrayContaining([
        "--secrets-provider",
        "awskms://alias/lakehouse-dev-pulumi-secrets?region=eu-west-1",
      ]),
    );
    expect(lines).toEqual([
      "[network] stack dev exists",
      "[lake-storage] created stack dev (secrets provider: awskms://alias/lakehouse-dev-pulumi-secrets?region=eu-west-1)",
      'commit the secrets settings Pulumi wrote: git add stacks/lake-storage/Pulumi.dev.yaml && git commit -m "stacks: dev"',
    ]);
  });
});
