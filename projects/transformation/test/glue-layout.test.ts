/**
 * The Glue jobs as Glue starts them: the script and every `--extra-py-files` object are taken
 * from the planned S3 objects (key and content) and laid out under their S3 object names, the
 * extra files on the Python path; then the script module is imported by the real Python. Glue
 * puts `--extra-py-files` on the Python path under the object's base name (aws-data-paths.md
 * §5.1: [GL-ARGS], [GL-PY], aws-cdk#20481), so a renamed module fails here with ModuleNotFoundError.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecordedResource } from "@lakehouse/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTransformation } from "./support";

let run: Awaited<ReturnType<typeof runTransformation>>;
const dir = mkdtempSync(join(tmpdir(), "glue-layout-"));

beforeAll(async () => {
  run = await runTransformation("dev");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The planned object an `s3://bucket/key` URI names. */
function objectAt(uri: string): RecordedResource {
  const found = run.recorder
    .ofType("aws:s3/bucketObjectv2:BucketObjectv2")
    .find((o) => `s3://${o.inputs.bucket}/${o.inputs.key}` === uri);
  if (!found) throw new Error(`no planned object at ${uri}`);
  return found;
}

/** Writes an object under its base name into `folder`; returns the path. */
function place(folder: string, uri: string): string {
  const object = objectAt(uri);
  const path = join(folder, String(object.inputs.key).split("/").pop() as string);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path, String(object.inputs.content));
  return path;
}

describe("Glue job scripts laid out by their planned S3 object names", () => {
  for (const jobName of ["refine-events", "refine-ga4-sessions", "cdc-merge"]) {
    it(`${jobName}: the script imports its --extra-py-files modules and reads the arguments the job passes`, () => {
      const job = run.recorder.get("aws:glue/job:Job", jobName).inputs;
      const args = job.defaultArguments as Record<string, string>;
      const root = join(dir, jobName);
      const extra = (args["--extra-py-files"] ?? "").split(",").filter(Boolean);
      expect(extra.length).toBeGreaterThan(0);
      for (const uri of extra) place(join(root, "py-files"), uri);
      const script = place(join(root, "script"), (job.command as { scriptLocation: string }).scriptLocation);
      // Glue passes job arguments as `--name value`, plus JOB_NAME; the module is imported, not run.
      const argv = ["script", "--JOB_NAME", jobName, ...Object.entries(args).flat()];
      const out = execFileSync(
        "python3",
        [
          "-c",
          [
            "import importlib.util, json, sys",
            `sys.path.insert(0, ${JSON.stringify(join(root, "py-files"))})`,
            `spec = importlib.util.spec_from_file_location("glue_script", ${JSON.stringify(script)})`,
            "module = importlib.util.module_from_spec(spec)",
            "spec.loader.exec_module(module)",
            "args = module.parse_job_args(json.loads(sys.argv[1]), module.REQUIRED_ARGS)",
            "print(json.dumps(sorted(args)))",
          ].join("\n"),
          JSON.stringify(argv),
        ],
        { encoding: "utf8" },
      );
      expect(JSON.parse(out).length).toBeGreaterThan(1);
    });
  }
});
