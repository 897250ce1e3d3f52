import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface LfTableTagsArgs {
  databaseName: pulumi.Input<string>;
  tableName: pulumi.Input<string>;
  /** Tags of the table itself (inherited by its columns), e.g. `{ domain: "sales", sensitivity: "public" }`. */
  tableTags: Record<string, string>;
  /** Column tags overriding the inherited value: tag key -> column -> value. @default {} */
  columnTags?: Record<string, Record<string, string>>;
  /** The lake's LF-tag ontology (key -> allowed values); every value used is checked against it. */
  ontology: pulumi.Input<Record<string, string[]>>;
}

/**
 * LF-tags of one table and its columns, so readers are granted by tag expression (domain,
 * sensitivity) instead of by table. A value outside the lake's ontology fails the deployment
 * with the table, key and value named.
 */
export class LfTableTags extends pulumi.ComponentResource {
  constructor(name: string, args: LfTableTagsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:governance:LfTableTags", name, {}, opts);
    const checked = (key: string, value: string) =>
      pulumi.output(args.ontology).apply((ontology) => {
        const allowed = ontology[key];
        if (!allowed?.includes(value)) {
          throw new Error(
            `table ${name}: LF-tag ${key}=${value} is not in the lake's ontology (${key}: ${allowed?.join(", ") ?? "undefined"})`,
          );
        }
        return value;
      });
    const tableTag = new aws.lakeformation.ResourceLfTags(
      name,
      {
        table: { databaseName: args.databaseName, name: args.tableName },
        lfTags: Object.entries(args.tableTags).map(([key, value]) => ({ key, value: checked(key, value) })),
      },
      { parent: this },
    );
    for (const [key, byColumn] of Object.entries(args.columnTags ?? {})) {
      const byValue = new Map<string, string[]>();
      for (const [column, value] of Object.entries(byColumn)) {
        if (value === args.tableTags[key]) continue; // inherited from the table
        byValue.set(value, [...(byValue.get(value) ?? []), column]);
      }
      for (const [value, columns] of byValue) {
        new aws.lakeformation.ResourceLfTags(
          `${name}-${key}-${value}`,
          {
            tableWithColumns: { databaseName: args.databaseName, name: args.tableName, columnNames: columns },
            lfTags: [{ key, value: checked(key, value) }],
          },
          { parent: this, dependsOn: [tableTag] },
        );
      }
    }
    this.registerOutputs({});
  }
}
