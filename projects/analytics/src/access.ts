import {
  type AccessMatrix,
  ATHENA,
  type IamAccess,
  type LfAccess,
  QUICKSIGHT_ATHENA,
  runtimeAccess,
} from "@lakehouse/contracts";

/** The parts of the offline plan this matrix reads (the report queries and the catalog tables they query). */
interface PlanView {
  layer: string;
  resources: { type: string; inputs: Record<string, unknown> }[];
}

const ANALYST = "{prefix}-analyst";
const QUICKSIGHT = "{prefix}-quicksight-athena";
const READERS = [ANALYST, QUICKSIGHT];
const WORKGROUP = "arn:aws:athena:{region}:{account}:workgroup/{analytics.athenaWorkgroupName}";
const RESULTS = "{lake-storage.resultsBucketArn}/athena/{analytics.athenaWorkgroupName}";
const WORKGROUP_NAME = "{analytics.athenaWorkgroupName}";

/** The tables each report query reads, and the columns it names: `"db"."table"` or `"db"."table$snapshots"`. */
function reportReads(
  plans: PlanView[],
): { report: string; database: string; table: string; columns: "all" | string[]; partitioned: boolean }[] {
  const columnsOf = new Map<string, string[]>();
  const partitioned = new Set<string>();
  for (const p of plans) {
    for (const r of p.resources) {
      if (r.type !== "aws:glue/catalogTable:CatalogTable") continue;
      const i = r.inputs as {
        databaseName: string;
        name: string;
        storageDescriptor?: { columns?: { name: string }[] };
        partitionKeys?: { name: string }[];
        openTableFormatInput?: {
          icebergInput?: { icebergTableInput?: { schema?: { fields?: { name: string }[] } } };
        };
      };
      const fields = i.openTableFormatInput?.icebergInput?.icebergTableInput?.schema?.fields ?? [];
      if ((i.partitionKeys ?? []).length > 0) partitioned.add(`${i.databaseName}.${i.name}`);
      columnsOf.set(`${i.databaseName}.${i.name}`, [
        ...(i.storageDescriptor?.columns ?? []).map((c) => c.name),
        ...(i.partitionKeys ?? []).map((c) => c.name),
        ...fields.map((c) => c.name),
      ]);
    }
  }
  const reads = [];
  for (const r of plans.find((p) => p.layer === "analytics")?.resources ?? []) {
    if (r.type !== "aws:athena/namedQuery:NamedQuery") continue;
    const sql = String(r.inputs.query);
    const words = new Set(sql.match(/[a-z_][a-z0-9_]*/g) ?? []);
    for (const [, database, table, meta] of sql.matchAll(/"([a-z0-9_]+)"\."([a-z0-9_]+)(\$[a-z_]+)?"/g)) {
      const known = columnsOf.get(`${database}.${table}`) ?? [];
      reads.push({
        report: String(r.inputs.name),
        database: database as string,
        table: table as string,
        // Iceberg metadata tables need every column of the table (Lake Formation).
        columns: meta ? ("all" as const) : known.filter((c) => words.has(c)),
        partitioned: partitioned.has(`${database}.${table}`),
      });
    }
  }
  return reads;
}

/** What the readers must (and must never) do: every report query on every table it reads; proven on every `lakehouse plan`. */
export function access(plans: PlanView[]): AccessMatrix {
  const reads = reportReads(plans);
  // What Athena (and QuickSight, querying through it as its run-as role) calls for every report
  // query, from the runtimes' documentation (packages/contracts/src/runtime-calls).
  const runtimes = READERS.map((principal) =>
    runtimeAccess(ATHENA, principal, {
      query: [
        {
          workgroup: WORKGROUP_NAME,
          resultsBucket: "{lake-storage.resultsBucketArn}",
          resultsObject: `${RESULTS}/0b5e-query.csv`,
        },
      ],
      readTable: reads.map((r) => ({ database: r.database, table: r.table, columns: r.columns })),
      readPartitionedTable: reads
        .filter((r) => r.partitioned)
        .map((r) => ({ database: r.database, table: r.table })),
    }),
  );
  runtimes.push(runtimeAccess(QUICKSIGHT_ATHENA, QUICKSIGHT, { browse: [{ workgroup: WORKGROUP_NAME }] }));
  const iam = [
    ...runtimes.flatMap((r) => r.required),
    ...READERS.flatMap((principal): IamAccess[] => [
      {
        principal,
        actions: ["athena:GetNamedQuery"],
        resource: WORKGROUP,
        why: "reads the report queries of the analytics workgroup",
      },
      {
        principal,
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resource: "{lake-storage.dataKeyArn}",
        context: { "kms:ViaService": "s3.{region}.amazonaws.com" },
        why: "query results are SSE-KMS with the data key",
      },
      {
        principal,
        actions: ["kms:Decrypt"],
        resource: "{lake-storage.dataKeyArn}",
        context: { "kms:ViaService": "glue.{region}.amazonaws.com" },
        why: "the Data Catalog is encrypted with the data key: reading table definitions decrypts through Glue",
      },
    ]),
  ];
  const lf: LfAccess[] = runtimes.flatMap((r) => r.lakeFormation);
  return {
    required: iam,
    forbidden: [
      {
        principal: ANALYST,
        actions: ["athena:StartQueryExecution"],
        resource: "arn:aws:athena:{region}:{account}:workgroup/primary",
        why: "analysts query only in the analytics workgroup (its cutoff and encrypted results)",
      },
      {
        principal: ANALYST,
        actions: ["s3:GetObject"],
        resource: "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.events}x.parquet",
        why: "analysts never read the lake's files directly, only governed tables",
      },
    ],
    lakeFormation: {
      required: lf,
      forbidden: [
        {
          principal: "{prefix}-analytics-deploy",
          permission: "SELECT",
          database: "{lake-storage.cdcDatabaseName}",
          table: "{transformation.icebergTables.customers}",
          columns: ["email"],
          grantable: true,
          why: "the analytics deploy role can pass on reads, never of confidential columns",
        },
        ...READERS.flatMap((principal): LfAccess[] => [
          {
            principal,
            permission: "SELECT",
            database: "{lake-storage.cdcDatabaseName}",
            table: "{transformation.icebergTables.customers}",
            columns: ["email", "full_name"],
            why: "readers never read confidential columns",
          },
          {
            principal,
            permission: "SELECT",
            database: "{lake-storage.rawDatabaseName}",
            table: "events",
            columns: "all",
            why: "readers never read the raw zone",
          },
        ]),
      ],
    },
  };
}
