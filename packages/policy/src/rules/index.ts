import type { Rule } from "../rule";
import { athenaRules } from "./athena";
import { dynamodbRules } from "./dynamodb";
import { enumRules } from "./enums";
import { firehoseRules } from "./firehose";
import { glueRules } from "./glue";
import { iamRules } from "./iam";
import { kmsRules } from "./kms";
import { lakeFormationRules } from "./lakeformation";
import { lambdaRules } from "./lambda";
import { logRules } from "./logs";
import { operationsRules } from "./operations";
import { protectionRules } from "./protection";
import { quicksightRules } from "./quicksight";
import { rdsRules } from "./rds";
import { s3Rules } from "./s3";
import { sqsRules } from "./sqs";
import { tagRules } from "./tags";

/** Every guardrail, in the order they are reported. */
export const RULES: readonly Rule[] = [
  ...s3Rules,
  ...kmsRules,
  ...dynamodbRules,
  ...rdsRules,
  ...lambdaRules,
  ...sqsRules,
  ...firehoseRules,
  ...glueRules,
  ...athenaRules,
  ...lakeFormationRules,
  ...iamRules,
  ...logRules,
  ...tagRules,
  ...protectionRules,
  ...operationsRules,
  ...quicksightRules,
  ...enumRules,
];
