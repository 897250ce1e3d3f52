import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { placementOf } from "@lakehouse/contracts";
import { DEFAULT_INVOKES, MOCK_REGION, mockResourceState } from "@lakehouse/testing";

/**
 * An in-process stand-in for the Pulumi engine: one insecure gRPC server on 127.0.0.1 hosting the
 * ResourceMonitor and Engine services that a program started by `@pulumi/pulumi/cmd/run` talks to.
 * It answers as the engine would after the provider did its work: registrations get an engine-form
 * URN and the state the mock harness computes for that resource (packages/testing), invokes the
 * harness's fakes, and stack references (ReadResource) the outputs of the producing stacks.
 * Protocol facts: /work/shared/reference/pulumi-language-host.md §3 and §7 (sources named there).
 */

type Plain = Record<string, unknown>;
interface Struct {
  toJavaScript(): Plain;
}
interface Message {
  [setter: string]: (value: unknown) => unknown;
}
type Callback = (err: unknown, response?: unknown) => void;
type Call<T> = { request: T };

/** What the program registered, logged and exported. */
export interface EngineRecord {
  resources: { urn: string; type: string; name: string; parent: string; custom: boolean; inputs: Plain }[];
  /** Stack outputs, in wire form (secrets still wrapped). */
  outputs?: Plain;
  /** Engine `Log` calls at WARNING (2) or ERROR (3). */
  diagnostics: { severity: number; message: string }[];
  /** The program finished cleanly (`SignalAndWaitForShutdown`). */
  shutdown: boolean;
  /** Names of the stacks the program read through stack references. */
  stackReferences: string[];
}

export interface FakeEngine {
  address: string;
  record: EngineRecord;
  stop(): Promise<void>;
}

// Feature ids a fake may claim without implementing callbacks (reference §3.4).
const SUPPORTED_FEATURES = new Set([
  "secrets",
  "resourceReferences",
  "aliasSpecs",
  "deletedWith",
  "replaceWith",
]);

/**
 * Starts a fake engine for one program run. The gRPC library and the generated stubs are loaded
 * from the program's own @pulumi/pulumi, since the stubs reject messages of any other copy.
 */
export async function startFakeEngine(options: {
  programDir: string;
  project: string;
  stack: string;
  /** Outputs of other stacks by fully qualified name (`org/project/stack`). */
  stackOutputs: (name: string) => Plain | undefined;
  region?: string;
}): Promise<FakeEngine> {
  const sdkDir = dirname(
    createRequire(join(options.programDir, "x.js")).resolve("@pulumi/pulumi/package.json"),
  );
  const sdk = createRequire(join(sdkDir, "package.json"));
  const grpc = sdk("@grpc/grpc-js");
  const resourceGrpc = sdk("./proto/resource_grpc_pb.js");
  const resourcePb = sdk("./proto/resource_pb.js");
  const engineGrpc = sdk("./proto/engine_grpc_pb.js");
  const enginePb = sdk("./proto/engine_pb.js");
  const { Empty } = sdk("google-protobuf/google/protobuf/empty_pb.js");
  const { Struct } = sdk("google-protobuf/google/protobuf/struct_pb.js");
  // The stack's account and region from stacks/accounts.yaml, as the plan runs it.
  const placement = placementOf(options.stack);
  const region = options.region ?? placement.region ?? MOCK_REGION;
  const account = placement.account;

  const record: EngineRecord = { resources: [], diagnostics: [], shutdown: false, stackReferences: [] };
  // URN -> qualified type, for children's type chains; the Stack is left out of them (urn.go:80-93).
  const qualifiedTypes = new Map<string, string>();
  let stackUrn = "";
  const urnOf = (type: string, name: string, parent: string) => {
    const parentType = parent && parent !== stackUrn ? qualifiedTypes.get(parent) : undefined;
    const qualified = parentType ? `${parentType}$${type}` : type;
    const urn = `urn:pulumi:${options.stack}::${options.project}::${qualified}::${name}`;
    qualifiedTypes.set(urn, qualified);
    return urn;
  };
  const struct = (value: Plain): Struct => Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
  const reply =
    <T>(handle: (request: T) => unknown) =>
    (call: Call<T>, callback: Callback) => {
      try {
        callback(null, handle(call.request));
      } catch (err) {
        callback({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) });
      }
    };
  const message = (Type: new () => Message, fields: Record<string, unknown>) => {
    const m = new Type();
    for (const [setter, value] of Object.entries(fields)) m[setter]?.(value);
    return m;
  };

  const monitor = {
    supportsFeature: reply((req: { getId(): string }) =>
      message(resourcePb.SupportsFeatureResponse, { setHassupport: SUPPORTED_FEATURES.has(req.getId()) }),
    ),
    registerResource: reply(
      (req: {
        getType(): string;
        getName(): string;
        getParent(): string;
        getCustom(): boolean;
        getRemote(): boolean;
        getObject(): Struct | undefined;
      }) => {
        const [type, name, parent] = [req.getType(), req.getName(), req.getParent()];
        if (req.getRemote()) throw new Error(`remote component ${type} is not supported by the fake engine`);
        const inputs = req.getObject()?.toJavaScript() ?? {};
        const urn = urnOf(type, name, parent);
        if (type === "pulumi:pulumi:Stack") stackUrn = urn;
        record.resources.push({ urn, type, name, parent, custom: req.getCustom(), inputs });
        if (!req.getCustom())
          return message(resourcePb.RegisterResourceResponse, { setUrn: urn, setObject: struct(inputs) });
        const { id, state } = mockResourceState(type, name, plain(inputs) as Plain, region, { account });
        return message(resourcePb.RegisterResourceResponse, {
          setUrn: urn,
          setId: id,
          setObject: struct(state),
        });
      },
    ),
    registerResourceOutputs: reply((req: { getUrn(): string; getOutputs(): Struct | undefined }) => {
      if (req.getUrn() === stackUrn) record.outputs = req.getOutputs()?.toJavaScript() ?? {};
      return new Empty();
    }),
    invoke: reply((req: { getTok(): string; getArgs(): Struct | undefined }) => {
      const fake = DEFAULT_INVOKES[req.getTok()];
      if (!fake) throw new Error(`no fake for invoke ${req.getTok()} (packages/testing/src/invokes.ts)`);
      const result = fake(plain(req.getArgs()?.toJavaScript() ?? {}) as Plain, region, account);
      return message(resourcePb.ResourceInvokeResponse, { setReturn: struct(result) });
    }),
    readResource: reply(
      (req: {
        getType(): string;
        getName(): string;
        getId(): string;
        getParent(): string;
        getProperties(): Struct | undefined;
      }) => {
        const urn = urnOf(req.getType(), req.getName(), req.getParent());
        if (req.getType() === "pulumi:pulumi:StackReference") {
          record.stackReferences.push(req.getId());
          const outputs = options.stackOutputs(req.getId());
          if (outputs === undefined) throw new Error(`unknown stack ${req.getId()}`);
          const properties = { name: req.getId(), outputs, secretOutputNames: [] };
          return message(resourcePb.ReadResourceResponse, { setUrn: urn, setProperties: struct(properties) });
        }
        const props = plain(req.getProperties()?.toJavaScript() ?? {}) as Plain;
        const { state } = mockResourceState(req.getType(), req.getName(), props, region, { account });
        return message(resourcePb.ReadResourceResponse, { setUrn: urn, setProperties: struct(state) });
      },
    ),
    signalAndWaitForShutdown: reply(() => {
      record.shutdown = true;
      return new Empty();
    }),
  };
  const engine = {
    log: reply((req: { getSeverity(): number; getMessage(): string }) => {
      if (req.getSeverity() >= 2)
        record.diagnostics.push({ severity: req.getSeverity(), message: req.getMessage() });
      return new Empty();
    }),
    setRootResource: reply(() => new enginePb.SetRootResourceResponse()),
    getRootResource: reply(() => message(enginePb.GetRootResourceResponse, { setUrn: stackUrn })),
  };

  const server = new grpc.Server();
  server.addService(resourceGrpc.ResourceMonitorService, monitor);
  server.addService(engineGrpc.EngineService, engine);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (err: Error | null, p: number) => (err ? reject(err) : resolve(p)),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    record,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** Wire values to plain ones: secrets unwrapped, resource references to their id or URN (runtime/rpc.js). */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const obj = value as Plain;
    if (obj[SIG] === SECRET_SIG) return plain(obj.value);
    if (obj[SIG] === RESOURCE_SIG) return obj.id || obj.urn;
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}
