import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface CatalogColumn {
  name: string;
  type: string;
  comment?: string;
  parameters?: Record<string, string>;
}

export interface ParquetTableArgs {
  databaseName: pulumi.Input<string>;
  tableName: string;
  description: string;
  /** `s3://bucket/prefix/` of the table's files. */
  location: pulumi.Input<string>;
  columns: CatalogColumn[];
  partitionKeys: CatalogColumn[];
  /** Resource options of the table (protection in prod). @default {} */
  tableOptions?: pulumi.CustomResourceOptions;
}

/**
 * A Glue table over Snappy Parquet files partitioned in Hive layout. Its schema is owned here;
 * the job that writes it only adds partitions.
 */
export class ParquetTable extends pulumi.ComponentResource {
  readonly table: aws.glue.CatalogTable;
  readonly name: pulumi.Output<string>;

  constructor(name: string, args: ParquetTableArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:catalog:ParquetTable", name, {}, opts);
    this.table = new aws.glue.CatalogTable(
      name,
      {
        databaseName: args.databaseName,
        name: args.tableName,
        description: args.description,
        tableType: "EXTERNAL_TABLE",
        parameters: { classification: "parquet", "parquet.compression": "SNAPPY", EXTERNAL: "TRUE" },
        partitionKeys: args.partitionKeys,
        partitionIndices: [{ indexName: "by_partition", keys: args.partitionKeys.map((k) => k.name) }],
        storageDescriptor: {
          location: args.location,
          inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
          compressed: true,
          serDeInfo: {
            name: "parquet",
            serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            parameters: { "serialization.format": "1" },
          },
          columns: args.columns,
        },
      },
      { parent: this, ...args.tableOptions },
    );
    this.name = this.table.name;
    this.registerOutputs({ name: this.name });
  }
}
