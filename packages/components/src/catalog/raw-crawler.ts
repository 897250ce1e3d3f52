import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * How a crawler revisits its target:
 * - `everything`: re-reads every folder; schema changes are applied to tables
 *   (UPDATE_IN_DATABASE) and vanished objects only logged, never dropped;
 * - `new-folders`: reads only folders added since the last crawl; AWS then requires both
 *   schema-change behaviours to be LOG, so tables are created but never changed.
 */
export type RecrawlMode = "everything" | "new-folders";

export interface RawCrawlerArgs {
  crawlerName: pulumi.Input<string>;
  description: string;
  /** Raw database the crawler writes tables into. */
  databaseName: pulumi.Input<string>;
  roleArn: pulumi.Input<string>;
  /** `s3://bucket/prefix/` the crawler reads. */
  path: pulumi.Input<string>;
  securityConfigurationName: pulumi.Input<string>;
  /**
   * Folder depth of table roots counted from the bucket (`s3://b/events/` -> 2), so each
   * dataset becomes one table with partitions, never a table per folder.
   * @default undefined (Glue decides)
   */
  tableLevel?: pulumi.Input<number>;
  /** Glue cron expression; leave out when a workflow trigger starts the crawler. @default undefined */
  schedule?: pulumi.Input<string>;
  /** @default "everything" */
  recrawl?: RecrawlMode;
  /** Glob patterns (relative to the path) never crawled. @default ["**\/_temporary/**", "**\/*.crc", "**\/_SUCCESS"] */
  exclusions?: string[];
}

/** The crawler `configuration` JSON (exported for tests). */
export function crawlerConfiguration(tableLevel?: number): string {
  return JSON.stringify({
    Version: 1.0,
    Grouping: {
      TableGroupingPolicy: "CombineCompatibleSchemas",
      ...(tableLevel === undefined ? {} : { TableLevelConfiguration: tableLevel }),
    },
    CrawlerOutput: {
      Partitions: { AddOrUpdateBehavior: "InheritFromTable" },
      Tables: { AddOrUpdateBehavior: "MergeNewColumns" },
    },
    CreatePartitionIndex: true,
  });
}

/**
 * A crawler over one raw-zone prefix: Lake Formation credentials (the role needs no S3
 * access), the security configuration, compatible schemas combined into one table, and
 * policies that never drop a table or column.
 */
export class RawCrawler extends pulumi.ComponentResource {
  readonly crawler: aws.glue.Crawler;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: RawCrawlerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:catalog:RawCrawler", name, {}, opts);
    const newFolders = (args.recrawl ?? "everything") === "new-folders";
    this.crawler = new aws.glue.Crawler(
      name,
      {
        name: args.crawlerName,
        description: args.description,
        databaseName: args.databaseName,
        role: args.roleArn,
        securityConfiguration: args.securityConfigurationName,
        ...(args.schedule === undefined ? {} : { schedule: args.schedule }),
        s3Targets: [
          { path: args.path, exclusions: args.exclusions ?? ["**/_temporary/**", "**/*.crc", "**/_SUCCESS"] },
        ],
        schemaChangePolicy: newFolders
          ? { updateBehavior: "LOG", deleteBehavior: "LOG" }
          : { updateBehavior: "UPDATE_IN_DATABASE", deleteBehavior: "LOG" },
        recrawlPolicy: { recrawlBehavior: newFolders ? "CRAWL_NEW_FOLDERS_ONLY" : "CRAWL_EVERYTHING" },
        lakeFormationConfiguration: { useLakeFormationCredentials: true },
        lineageConfiguration: { crawlerLineageSettings: "DISABLE" },
        configuration: pulumi.output(args.tableLevel).apply((level) => crawlerConfiguration(level)),
      },
      { parent: this },
    );
    this.name = this.crawler.name;
    this.registerOutputs({ name: this.name });
  }
}
