/**
 * The Glue jobs as Glue starts them: the script and every `--extra-py-files` object are taken
 * from the planned S3 objects (key and content) and laid out under their S3 object names, the
 * extra files on the Python path; then the script's main() runs under the real Python with the
 * argument list Glue gives a script (its ids, `--JOB_NAME`, then the job's default arguments
 * as planned), on the Glue runtime stand-in (jobs/tests/glue_standin: getResolvedOptions,
 * Job, GlueContext as awslabs/aws-glue-libs has them), the planned objects standing in for S3.
 * Glue puts `--extra-py-files` on the Python path under the object's base name (aws-data-paths.md
 * §5.1: [GL-ARGS], [GL-PY], aws-cdk#20481), so a renamed module fails here with ModuleNotFoundError;
 * a job whose arguments leave its bookmarks off, or a script that does not hand them to
 * job.init, fails on `job_bookmark_option`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { RecordedResource } from "@lakehouse/testing";
import { afterAll, describe, expect, it } from "vitest";
import { JOBS_DIR } from "../src/job-runtime";
import { runTransformation } from "./support";

const dir = mkdtempSync(join(tmpdir(), "glue-layout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STANDIN = join(JOBS_DIR, "tests", "glue_standin");

/** The planned object an `s3://bucket/key` URI names. */
function objectAt(objects: RecordedResource[], uri: string): RecordedResource {
  const found = objects.find((o) => `s3://${o.inputs.bucket}/${o.inputs.key}` === uri);
  if (!found) throw new Error(`no planned object at ${uri}`);
  return found;
}

/** Writes an object under its base name into `folder`; returns the path. */
function place(objects: RecordedResource[], folder: string, uri: string): string {
  const object = objectAt(objects, uri);
  const path = join(folder, String(object.inputs.key).split("/").pop() as string);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path, String(object.inputs.content));
  return path;
}

/** One program run per stack, shared by its jobs' tests. */
const runs = new Map<string, ReturnType<typeof runTransformation>>();
const runOf = (stack: "dev" | "prod") => {
  if (!runs.has(stack)) runs.set(stack, runTransformation(stack));
  return runs.get(stack) as ReturnType<typeof runTransformation>;
};

interface RunEvent {
  0: string;
  1?: unknown;
  2?: unknown;
}

for (const stack of ["dev", "prod"] as const) {
  describe(`${stack}: Glue job scripts laid out by their planned S3 object names, started with Glue's argument list`, () => {
    for (const jobName of ["refine-events", "refine-ga4-sessions", "cdc-merge"]) {
      it(`${jobName}: imports its --extra-py-files modules, resolves its arguments and inits the job with bookmarks on`, async () => {
        const run = await runOf(stack);
        const objects = run.recorder.ofType("aws:s3/bucketObjectv2:BucketObjectv2");
        const job = run.recorder.get("aws:glue/job:Job", jobName).inputs;
        const args = job.defaultArguments as Record<string, string>;
        const root = join(dir, stack, jobName);
        // Every planned object in the stand-in's S3 folder (<root>/s3/<bucket>/<key>).
        for (const o of objects) {
          const path = join(root, "s3", String(o.inputs.bucket), String(o.inputs.key));
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, String(o.inputs.content));
        }
        const extra = (args["--extra-py-files"] ?? "").split(",").filter(Boolean);
        expect(extra.length).toBeGreaterThan(0);
        for (const uri of extra) place(objects, join(root, "py-files"), uri);
        const script = place(
          objects,
          join(root, "script"),
          (job.command as { scriptLocation: string }).scriptLocation,
        );
        // What Glue gives the script (Glue developer guide, "Job parameters"; getResolvedOptions
        // reads argv[1:]): its run ids and JOB_NAME, then the job's arguments as `--key value`.
        const argv = [
          script,
          "--JOB_ID",
          "j_0123",
          "--JOB_RUN_ID",
          "jr_0456",
          "--JOB_NAME",
          String(job.name),
          ...Object.entries(args).flat(),
        ];
        const out = execFileSync(
          "python3",
          [
            "-c",
            [
              "import importlib.util, json, sys",
              `sys.path[:0] = [${JSON.stringify(STANDIN)}, ${JSON.stringify(join(root, "py-files"))}]`,
              "import glue_world",
              `glue_world.reset(${JSON.stringify(join(root, "s3"))})`,
              "sys.argv = json.loads(sys.argv[1])",
              `spec = importlib.util.spec_from_file_location("glue_script", ${JSON.stringify(script)})`,
              "module = importlib.util.module_from_spec(spec)",
              "spec.loader.exec_module(module)",
              "module.main()",
              "print(json.dumps(glue_world.WORLD.events))",
            ].join("\n"),
            JSON.stringify(argv),
          ],
          { encoding: "utf8" },
        );
        const events = JSON.parse(out) as RunEvent[];
        const init = events.find((e) => e[0] === "init") as RunEvent;
        expect(init[1]).toBe(job.name);
        const initArgs = init[2] as Record<string, string>;
        expect(initArgs.job_bookmark_option).toBe("job-bookmark-enable");
        expect(initArgs.JOB_RUN_ID).toBe("jr_0456");
        expect(initArgs.TempDir).toBe(args["--TempDir"]);
        // Every source read is bookmarked, and the run ends with the commit that saves the bookmark.
        const reads = events.filter((e) => e[0] === "read");
        expect(reads.length).toBeGreaterThan(0);
        for (const read of reads) expect(read[1]).toMatch(/^source/);
        expect(events.at(-1)).toEqual(["commit", job.name]);
      });
    }
  });
}
