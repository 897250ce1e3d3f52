import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** An encrypted log group with retention: what every ingestion service writes its logs to. */
export function encryptedLogGroup(
  name: string,
  args: { name: pulumi.Input<string>; kmsKeyArn: pulumi.Input<string>; retentionInDays: number },
  parent: pulumi.Resource,
  aliases?: pulumi.Input<pulumi.Alias | string>[],
): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    name,
    { name: args.name, kmsKeyId: args.kmsKeyArn, retentionInDays: args.retentionInDays },
    { parent, aliases },
  );
}

/** A delivery stream's error log: an encrypted `/aws/kinesisfirehose/<stream>` group and its delivery stream of logs. */
export function firehoseDeliveryLogs(
  name: string,
  args: { streamName: pulumi.Input<string>; kmsKeyArn: pulumi.Input<string>; retentionInDays: number },
  parent: pulumi.Resource,
): { logGroup: aws.cloudwatch.LogGroup; logStream: aws.cloudwatch.LogStream } {
  const logGroup = encryptedLogGroup(
    `${name}-logs`,
    {
      name: pulumi.interpolate`/aws/kinesisfirehose/${args.streamName}`,
      kmsKeyArn: args.kmsKeyArn,
      retentionInDays: args.retentionInDays,
    },
    parent,
  );
  const logStream = new aws.cloudwatch.LogStream(
    `${name}-delivery-logs`,
    { name: "DestinationDelivery", logGroupName: logGroup.name },
    { parent },
  );
  return { logGroup, logStream };
}

/** Trust policy for a role an AWS service assumes, limited to this account. */
export function serviceTrust(service: string | string[], accountId?: pulumi.Input<string>) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        ...(accountId !== undefined
          ? { Condition: { StringEquals: { "aws:SourceAccount": accountId } } }
          : {}),
      },
    ],
  };
}
