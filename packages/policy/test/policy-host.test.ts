import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../src";

/**
 * Runs the pack the way `pulumi preview --policy-pack packages/policy` does: the Pulumi policy
 * host (`@pulumi/pulumi/cmd/run-policy-pack`, which registers ts-node) loads the package
 * directory, and the engine talks to it over the analyzer gRPC protocol. Only the engine is faked.
 */
const packageDir = join(__dirname, "..");
const pulumiPackage = createRequire(join(packageDir, "package.json")).resolve("@pulumi/pulumi/package.json");
const fromPulumi = createRequire(pulumiPackage);
const grpc = fromPulumi("@grpc/grpc-js");
const analyzerPb = fromPulumi("./proto/analyzer_pb");
const { AnalyzerClient } = fromPulumi("./proto/analyzer_grpc_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb.js");

/** The parts of the generated (untyped) gRPC client and messages this test reads. */
type Callback = (err: Error | null, response: unknown) => void;
type Client = Record<string, (request: unknown, callback: Callback) => void> & { close(): void };
interface AnalyzerInfo {
  getName(): string;
  getPoliciesList(): { getName(): string }[];
}
interface AnalyzeResponse {
  getDiagnosticsList(): { getPolicyname(): string; getEnforcementlevel(): number; getMessage(): string }[];
}

let host: ChildProcess;
let client: Client;

const call = <T>(method: string, request: unknown): Promise<T> =>
  new Promise((resolve, reject) => {
    const rpc = client[method];
    if (!rpc) throw new Error(`the analyzer has no ${method} method`);
    rpc.call(client, request, (err, res) => (err ? reject(err) : resolve(res as T)));
  });

beforeAll(async () => {
  host = spawn(
    process.execPath,
    [join(dirname(pulumiPackage), "cmd", "run-policy-pack"), "127.0.0.1:0", "."],
    { cwd: packageDir },
  );
  const port = await new Promise<string>((resolve, reject) => {
    let err = "";
    host.stderr?.on("data", (d) => {
      err += d;
    });
    host.stdout?.once("data", (d) => resolve(String(d).trim()));
    host.once("exit", (code) => reject(new Error(`policy host exited with ${code}: ${err}`)));
  });
  client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 120_000);

afterAll(() => {
  client?.close();
  host?.kill();
});

describe("the pack under Pulumi's policy host", () => {
  it("announces lakehouse-guardrails with every rule", async () => {
    const info = await call<AnalyzerInfo>("getAnalyzerInfo", new Empty());
    expect(info.getName()).toBe("lakehouse-guardrails");
    expect(info.getPoliciesList().map((p) => p.getName())).toEqual(RULES.map((r) => r.name));
  });

  it("answers a resource analysis with the mandatory violation and its message", async () => {
    const request = new analyzerPb.AnalyzeRequest();
    request.setType("aws:dynamodb/table:Table");
    request.setUrn("urn:pulumi:prod::lakehouse-ingestion::aws:dynamodb/table:Table::orders");
    request.setName("orders");
    request.setProperties(Struct.fromJavaScript({ pointInTimeRecovery: { enabled: false } }));
    const options = new analyzerPb.AnalyzerResourceOptions();
    options.setProtect(true);
    request.setOptions(options);
    const response = await call<AnalyzeResponse>("analyze", request);
    const diagnostics = response
      .getDiagnosticsList()
      .map((d) => [d.getPolicyname(), d.getEnforcementlevel(), d.getMessage()]);
    const mandatory = analyzerPb.EnforcementLevel.MANDATORY;
    expect(diagnostics).toContainEqual([
      "dynamodb-pitr",
      mandatory,
      expect.stringContaining(
        'Table "orders" has no point-in-time recovery: set pointInTimeRecovery: { enabled: true }.',
      ),
    ]);
    // protect is visible to the pack: the protected prod table passes stateful-protected-in-prod.
    expect(diagnostics.map((d) => d[0])).not.toContain("stateful-protected-in-prod");
  });
});
