import { deployerSessionArn, MOCK_DEPLOYER_ROLE_ARN, MOCK_REGION } from "./constants";
import { type PolicyDocumentArgs, renderPolicyDocument } from "./policy-document";
import { stableHex } from "./stable-id";

type Args = Record<string, unknown>;
/** A fake gets the invoke's arguments and the region and account of the stack it runs for. */
export type InvokeFake = (args: Args, region: string, account: string) => Record<string, unknown>;

/** Fakes for every provider function the repository calls, keyed by invoke token. */
export const DEFAULT_INVOKES: Record<string, InvokeFake> = {
  "aws:index/getCallerIdentity:getCallerIdentity": (_args, _region, account) => ({
    accountId: account,
    arn: deployerSessionArn(account),
    userId: "AROAEXAMPLEDEPLOYER:ci",
    id: account,
  }),
  "aws:iam/getSessionContext:getSessionContext": (args) => {
    const arn = String(args.arn);
    const assumed = /^arn:aws:sts::(\d+):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
    if (!assumed) return { arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "", id: arn };
    const [, account, role, session] = assumed;
    return {
      arn,
      issuerArn: `arn:aws:iam::${account}:role/${role}`,
      issuerId: "AROAEXAMPLEDEPLOYER",
      issuerName: role,
      sessionName: session,
      id: arn,
    };
  },
  "aws:index/getRegion:getRegion": (args, region) => {
    const r = (args.region as string | undefined) ?? region;
    return { region: r, name: r, id: r, endpoint: `ec2.${r}.amazonaws.com`, description: r };
  },
  "aws:index/getPartition:getPartition": () => ({
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
    id: "aws",
  }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": (args, region) => {
    const r = (args.region as string | undefined) ?? region;
    return {
      names: ["a", "b", "c"].map((s) => `${r}${s}`),
      zoneIds: [1, 2, 3].map((n) => `euw1-az${n}`),
      groupNames: [r],
      id: r,
      region: r,
    };
  },
  "aws:index/getServicePrincipal:getServicePrincipal": (args, region) => ({
    name: `${args.serviceName}.amazonaws.com`,
    serviceName: args.serviceName,
    suffix: "amazonaws.com",
    region: (args.region as string | undefined) ?? region,
    id: `${args.serviceName}.amazonaws.com`,
  }),
  "aws:iam/getPolicyDocument:getPolicyDocument": (args) => {
    const rendered = renderPolicyDocument(args as PolicyDocumentArgs);
    return { ...rendered, id: stableHex(10, rendered.minifiedJson) };
  },
  "aws:ec2/getPrefixList:getPrefixList": (args, region) => ({
    id: (args.prefixListId as string | undefined) ?? `pl-${stableHex(8, String(args.name))}`,
    name: (args.name as string | undefined) ?? `com.amazonaws.${region}.s3`,
    cidrBlocks: ["52.218.0.0/17"],
  }),
  "aws:kms/getKey:getKey": (args, region, account) => ({
    id: args.keyId,
    keyId: args.keyId,
    arn: `arn:aws:kms:${region}:${account}:key/${args.keyId}`,
  }),
  "aws:rds/getEngineVersion:getEngineVersion": (args) => {
    const version = (args.version as string | undefined) ?? "16.6";
    return {
      engine: args.engine,
      version,
      parameterGroupFamily: `${args.engine}${version.split(".")[0]}`,
      id: version,
    };
  },
  "aws:quicksight/getQuicksightUser:getQuicksightUser": (args, region, account) => ({
    userName: args.userName,
    arn: `arn:aws:quicksight:${region}:${account}:user/default/${args.userName}`,
  }),
  "aws:quicksight/getQuicksightGroup:getQuicksightGroup": (args, region, account) => ({
    groupName: args.groupName,
    arn: `arn:aws:quicksight:${region}:${account}:group/default/${args.groupName}`,
  }),
  "aws-native:index:getAccountId": (_args, _region, account) => ({ accountId: account }),
  "aws-native:index:getRegion": (_args, region) => ({ region }),
  "aws-native:index:getPartition": () => ({ partition: "aws" }),
};

export { MOCK_DEPLOYER_ROLE_ARN, MOCK_REGION };
