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

  constructor(name: string, args: LfTagsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:governance:LfTags", name, {}, opts);
    this.dependsOn = args.dependsOn ?? [];
    this.tags = {};
    for (const [key, values] of Object.entries(args.tags)) {
      if (values.length === 0) throw new Error(`LF-tag "${key}" needs at least one value`);
      this.tags[key] = new aws.lakeformation.LfTag(
        `${name}-${key}`,
        { key, values },
        { parent: this, dependsOn: this.dependsOn },
      );
    }
    this.values = pulumi.output(
      Object.fromEntries(Object.entries(this.tags).map(([key, tag]) => [key, tag.values])),
    ) as pulumi.Output<Record<string, string[]>>;
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
      const tag = this.tags[key];
      if (tag === undefined)
        throw new Error(`unknown LF-tag "${key}" (known: ${Object.keys(this.tags).join(", ")})`);
      return { key: tag.key, value };
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
