import type { RuntimeCalls } from "../access";
import { glueDatabase, glueTable } from "./arns";

const CRAWLER_LF = "https://docs.aws.amazon.com/glue/latest/dg/crawler-lf-integ.html";
const CRAWLER_LF_ERRORS = "https://docs.aws.amazon.com/glue/latest/dg/error-crawler-config-lf.html";
const CRAWLER_PREREQS = "https://docs.aws.amazon.com/glue/latest/dg/crawler-prereqs.html";
/** With a security configuration that encrypts CloudWatch logs, a crawler logs to `/aws-glue/crawlers-role/<role>-<configuration>`. */
const LOGS = "https://docs.aws.amazon.com/glue/latest/dg/encryption-security-configuration.html";

/** A Glue crawler of an S3 target that uses Lake Formation credentials (`UseLakeFormationCredentials`). */
export const GLUE_CRAWLER = {
  runtime: "Glue crawler (Lake Formation credentials)",
  uses: {
    crawl: {
      when: "run",
      does: "crawls an S3 prefix into tables and partitions of its output database",
      params: ["database", "table", "location", "logGroup", "crawler"],
      calls: [
        {
          actions: ["glue:GetDatabase"],
          resources: glueDatabase("<database>"),
          source: `${CRAWLER_PREREQS} (the crawler role's catalog permissions)`,
        },
        {
          actions: [
            "glue:GetTable",
            "glue:CreateTable",
            "glue:UpdateTable",
            "glue:GetPartitions",
            "glue:BatchCreatePartition",
          ],
          resources: glueTable("<database>", "<table>"),
          source: `${CRAWLER_PREREQS} (the crawler role's catalog permissions)`,
        },
        {
          actions: ["logs:CreateLogGroup", "logs:AssociateKmsKey"],
          resources: ["arn:aws:logs:{region}:{account}:log-group:<logGroup>"],
          source: LOGS,
        },
        {
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: ["arn:aws:logs:{region}:{account}:log-group:<logGroup>:log-stream:<crawler>"],
          source: LOGS,
        },
        { actions: ["lakeformation:GetDataAccess"], resources: ["*"], source: CRAWLER_LF_ERRORS },
        {
          lakeFormation: { permission: "CREATE_TABLE", database: "<database>" },
          source: `${CRAWLER_LF_ERRORS} (Create, Describe, Alter on the output database)`,
        },
        {
          lakeFormation: { permission: "DESCRIBE", database: "<database>" },
          source: `${CRAWLER_LF_ERRORS} (Create, Describe, Alter on the output database)`,
        },
        {
          lakeFormation: { permission: "ALTER", database: "<database>" },
          source: `${CRAWLER_LF_ERRORS} (Create, Describe, Alter on the output database)`,
        },
        {
          lakeFormation: { permission: "DATA_LOCATION_ACCESS", database: "location:<location>" },
          source: `${CRAWLER_LF} (data location permission on the crawled location)`,
        },
      ],
    },
  },
} as const satisfies RuntimeCalls;
