import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface GlueAssetArgs {
  bucket: pulumi.Input<string>;
  /** Folder of the object, ending in `/`, e.g. `glue/transformation/sql/`. */
  keyPrefix: string;
  /** File name, kept as is: the content hash becomes the folder, `<keyPrefix><hash>/<fileName>`. */
  fileName: string;
  /** The file's text (a script, rendered SQL, a schema or manifest). */
  content: pulumi.Input<string>;
  /** Key the object is encrypted with (SSE-KMS). */
  kmsKeyArn: pulumi.Input<string>;
  /** @default derived from the extension: text/x-python, application/sql, application/json, else text/plain */
  contentType?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  py: "text/x-python",
  sql: "application/sql",
  json: "application/json",
};

/**
 * `lakehouse_runner.py` + text -> `<keyPrefix><16 hex of sha256>/lakehouse_runner.py`: a new key
 * whenever the content changes, and the file name kept. Glue puts `--extra-py-files` on the
 * Python path under their S3 object names, so a module is importable only by its own name
 * (aws-cdk#20481: a content-hashed file name broke `import`; see aws-data-paths.md §5.1 [GL-PY]).
 */
export function hashedKey(keyPrefix: string, fileName: string, content: string): string {
  if (fileName.includes("/") || fileName.length === 0) {
    throw new Error(`GlueAsset file name ${JSON.stringify(fileName)} must be a plain file name`);
  }
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 16);
  return `${keyPrefix}${hash}/${fileName}`;
}

/**
 * A job file uploaded to the assets bucket under a content-addressed folder, its file name
 * unchanged (modules stay importable): a changed script or SQL gets a new key, so a job definition always names exactly the bytes it was planned with
 * and a run never picks up a half-deployed file.
 */
export class GlueAsset extends pulumi.ComponentResource {
  readonly object: aws.s3.BucketObjectv2;
  readonly key: pulumi.Output<string>;
  /** `s3://bucket/key`, what job arguments and `scriptLocation` take. */
  readonly s3Uri: pulumi.Output<string>;

  constructor(name: string, args: GlueAssetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:etl:GlueAsset", name, {}, opts);
    if (!args.keyPrefix.endsWith("/") || args.keyPrefix.startsWith("/")) {
      throw new Error(`GlueAsset ${name}: keyPrefix "${args.keyPrefix}" must be relative and end with "/"`);
    }
    const ext = args.fileName.split(".").pop() ?? "";
    const content = pulumi.output(args.content);
    this.object = new aws.s3.BucketObjectv2(
      name,
      {
        bucket: args.bucket,
        key: content.apply((text) => hashedKey(args.keyPrefix, args.fileName, text)),
        content,
        contentType: args.contentType ?? CONTENT_TYPES[ext] ?? "text/plain",
        serverSideEncryption: "aws:kms",
        kmsKeyId: args.kmsKeyArn,
        bucketKeyEnabled: true,
      },
      { parent: this },
    );
    this.key = this.object.key;
    this.s3Uri = pulumi.interpolate`s3://${this.object.bucket}/${this.object.key}`;
    this.registerOutputs({ key: this.key, s3Uri: this.s3Uri });
  }
}
