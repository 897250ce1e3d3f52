import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface LfTagsArgs {
  /** LF-tag key -> allowed values (each list non-empty, values unique). */
  tags: Record<string, string[]>;
  /**
   * Resources the tags must wait for, typically the data lake settings that make the deployer a
   * Lake Formation admin.
   * @default []
   */
  dependsOn?: pulumi.Resource[];
  /**
   * Whether this program creates the tags. LF-tag keys are one per account and region: where
   * another stack of the account owns them (`stacks/accounts.yaml`), this program only attaches
   * and grants them, by key.
   * @default true
   */
  create?: boolean;
}

/**
 * The LF-tag ontology of the lake (e.g. `domain`, `sensitivity`) and the attachment of tags to
 * databases, so later layers grant by tag expression instead of by resource.
 */
export class LfTags extends pulumi.ComponentResource {
  readonly tags: Record<string, aws.lakeformation.LfTag>;
  /** Tag key -> values as created; what later layers grant against. */
  readonly values: pulumi.Output<Record<string, string[]>>;
  private readonly dependsOn: pulumi.Resource[];
  private readonly known: Set<string>;

  constructor(name: string, args: LfTagsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:governance:LfTags", name, {}, opts);
    this.dependsOn = args.dependsOn ?? [];
    this.tags = {};
    this.known = new Set(Object.keys(args.tags));
    for (const [key, values] of Object.entries(args.tags)) {
      if (values.length === 0) throw new Error(`LF-tag "${key}" needs at least one value`);
      if (args.create === false) continue;
      this.tags[key] = new aws.lakeformation.LfTag(
        `${name}-${key}`,
        { key, values },
        { parent: this, dependsOn: this.dependsOn },
      );
    }
    this.values =
      args.create === false
        ? pulumi.output(args.tags)
        : (pulumi.output(
            Object.fromEntries(Object.entries(this.tags).map(([key, tag]) => [key, tag.values])),
          ) as pulumi.Output<Record<string, string[]>>);
    this.registerOutputs({ values: this.values });
  }

  /** Attaches one value of each given tag to a Glue database (values are checked against the ontology). */
  attachToDatabase(
    logicalName: string,
    databaseName: pulumi.Input<string>,
    assignment: Record<string, string>,
    database?: pulumi.Resource,
  ): aws.lakeformation.ResourceLfTags {
    const lfTags = Object.entries(assignment).map(([key, value]) => {
      if (!this.known.has(key))
        throw new Error(`unknown LF-tag "${key}" (known: ${[...this.known].join(", ")})`);
      return { key: this.tags[key]?.key ?? key, value };
    });
    return new aws.lakeformation.ResourceLfTags(
      logicalName,
      { database: { name: databaseName }, lfTags },
      {
        parent: this,
        dependsOn: [...Object.values(this.tags), ...this.dependsOn, ...(database ? [database] : [])],
      },
    );
  }
}
