import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import type { PolicyStatement } from "../security/policy";
import { appflowBucketStatements, appflowKeyStatements } from "./appflow-access";

export interface Ga4Credentials {
  clientId: pulumi.Input<string>;
  clientSecret: pulumi.Input<string>;
  refreshToken: pulumi.Input<string>;
}

export interface Ga4FlowArgs {
  /** Name of the connector profile and the flow. */
  name: string;
  credentials: Ga4Credentials;
  /** GA4 property id (digits). */
  propertyId: string;
  /** The GA4 object (report) to pull. @default "core-report" */
  object?: string;
  dimensions: string[];
  metrics: string[];
  /** AppFlow schedule expression. @default "rate(1days)" */
  schedule?: string;
  /** Date field AppFlow pulls incrementally on; none means full pulls. @default "date" */
  incrementalField?: string | null;
  bucketName: pulumi.Input<string>;
  /** Raw-zone prefix of GA4, e.g. `google-analytics/`. */
  prefix: string;
  kmsKeyArn: pulumi.Input<string>;
  /** Tags of the flow (the aws-native provider takes them per resource). @default {} */
  tags?: Record<string, string>;
}

/** Google's OAuth2 token endpoint, which AppFlow uses to refresh the access token. */
export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

/**
 * The access token the profile carries until AppFlow first refreshes it with the refresh token.
 * AppFlow requires the property with the refresh-token grant; AWS's own GA4 profile construct
 * sends this placeholder (cdklabs/cdk-appflow src/googleanalytics4/profile.ts:
 * `accessToken: properties.oAuth.accessToken ?? 'dummyAccessToken'`).
 */
export const GA4_ACCESS_TOKEN_PLACEHOLDER = "dummyAccessToken";

/**
 * Google Analytics 4 -> S3 with Amazon AppFlow. The native `Googleanalytics` connector reads
 * Universal Analytics only; GA4 is the managed custom connector `GoogleAnalytics4` (OAuth2).
 * A scheduled, incremental flow writes Parquet under the GA4 raw prefix, encrypted with the
 * platform key. The flow is the CloudFormation-backed `aws-native` resource created Active: a
 * scheduled flow created through the AppFlow API stays Draft until StartFlow, and @pulumi/aws
 * can only read `flowStatus`, whereas AWS::AppFlow::Flow takes `FlowStatus: Active` ("Flow
 * activation status for Scheduled- and Event-triggered flows", @pulumi/aws-native appflow enums).
 */
export class Ga4Flow extends pulumi.ComponentResource {
  readonly profile: aws.appflow.ConnectorProfile;
  readonly flow: awsnative.appflow.Flow;
  readonly name: pulumi.Output<string>;
  private readonly bucketName: pulumi.Input<string>;
  private readonly prefix: string;

  constructor(name: string, args: Ga4FlowArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:Ga4Flow", name, {}, opts);
    if (args.dimensions.length + args.metrics.length === 0)
      throw new Error("a GA4 flow needs dimensions or metrics");
    this.bucketName = args.bucketName;
    this.prefix = args.prefix.replace(/\/+$/, "");
    const incremental = args.incrementalField === undefined ? "date" : args.incrementalField;
    const fields = [...args.dimensions, ...args.metrics];

    this.profile = new aws.appflow.ConnectorProfile(
      `${name}-profile`,
      {
        name: `${args.name}-profile`,
        connectorType: "CustomConnector",
        connectorLabel: "GoogleAnalytics4",
        connectionMode: "Public",
        kmsArn: args.kmsKeyArn,
        connectorProfileConfig: {
          connectorProfileCredentials: {
            customConnector: {
              authenticationType: "OAUTH2",
              oauth2: {
                accessToken: GA4_ACCESS_TOKEN_PLACEHOLDER,
                clientId: args.credentials.clientId,
                clientSecret: args.credentials.clientSecret,
                refreshToken: args.credentials.refreshToken,
              },
            },
          },
          connectorProfileProperties: {
            customConnector: {
              oauth2Properties: { oauth2GrantType: "AUTHORIZATION_CODE", tokenUrl: GOOGLE_TOKEN_URL },
            },
          },
        },
      },
      { parent: this },
    );

    const object = args.object ?? "core-report";
    this.flow = new awsnative.appflow.Flow(
      name,
      {
        flowName: args.name,
        description: `GA4 property ${args.propertyId} (${object}) to the raw zone`,
        flowStatus: awsnative.appflow.FlowStatus.Active,
        kmsArn: args.kmsKeyArn,
        sourceFlowConfig: {
          connectorType: awsnative.appflow.FlowConnectorType.CustomConnector,
          connectorProfileName: this.profile.name,
          apiVersion: "v1beta",
          sourceConnectorProperties: {
            customConnector: { entityName: `properties/${args.propertyId}/${object}` },
          },
          ...(incremental ? { incrementalPullConfig: { datetimeTypeFieldName: incremental } } : {}),
        },
        destinationFlowConfigList: [
          {
            connectorType: awsnative.appflow.FlowConnectorType.S3,
            destinationConnectorProperties: {
              s3: {
                bucketName: args.bucketName,
                bucketPrefix: this.prefix,
                s3OutputFormatConfig: {
                  fileType: awsnative.appflow.FlowFileType.Parquet,
                  preserveSourceDataTyping: true,
                  aggregationConfig: { aggregationType: awsnative.appflow.FlowAggregationType.None },
                  prefixConfig: {
                    prefixType: awsnative.appflow.FlowPrefixType.Path,
                    prefixFormat: awsnative.appflow.FlowPrefixFormat.Day,
                  },
                },
              },
            },
          },
        ],
        tasks: [
          {
            taskType: awsnative.appflow.FlowTaskType.Filter,
            sourceFields: fields,
            connectorOperator: { customConnector: awsnative.appflow.FlowOperator.Projection },
          },
          ...fields.map((field) => ({
            taskType: awsnative.appflow.FlowTaskType.Map,
            sourceFields: [field],
            destinationField: field,
            connectorOperator: { customConnector: awsnative.appflow.FlowOperator.NoOp },
          })),
        ],
        triggerConfig: {
          triggerType: awsnative.appflow.FlowTriggerType.Scheduled,
          triggerProperties: {
            scheduleExpression: args.schedule ?? "rate(1days)",
            dataPullMode: incremental
              ? awsnative.appflow.FlowScheduledTriggerPropertiesDataPullMode.Incremental
              : awsnative.appflow.FlowScheduledTriggerPropertiesDataPullMode.Complete,
            timeZone: "UTC",
          },
        },
        tags: Object.entries(args.tags ?? {}).map(([key, value]) => ({ key, value })),
      },
      { parent: this },
    );
    this.name = this.flow.flowName.apply((n) => n ?? args.name);
    this.registerOutputs({ name: this.name, profileName: this.profile.name });
  }

  /** The raw bucket's policy statements this flow needs (lake-storage adds them). */
  bucketPolicyStatements(
    bucketArn: pulumi.Input<string>,
    accountId: pulumi.Input<string>,
  ): PolicyStatement[] {
    return appflowBucketStatements(bucketArn, this.prefix, accountId);
  }

  /** The data key's policy statements this flow needs (lake-storage adds them). */
  keyPolicyStatements(accountId: pulumi.Input<string>): PolicyStatement[] {
    return appflowKeyStatements(accountId);
  }
}
