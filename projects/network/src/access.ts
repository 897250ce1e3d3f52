import type { AccessMatrix } from "@lakehouse/contracts";

/** What the network layer's principals must (and must never) do; proven on every `lakehouse plan`. */
export const access: AccessMatrix = {
  required: [
    {
      principal: "role:network/flow-logs",
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resource:
        "arn:aws:logs:{region}:{account}:log-group:/lakehouse/{env}/network/vpc-flow-logs:log-stream:eni-0example-all",
      why: "VPC flow logs delivers each interface's records to its own stream of the flow-log group",
    },
  ],
  forbidden: [
    {
      principal: "role:network/flow-logs",
      actions: ["logs:PutLogEvents"],
      resource: "arn:aws:logs:{region}:{account}:log-group:/aws/lambda/{prefix}-cdc-handler:log-stream:x",
      why: "the flow-log role writes no other log group",
    },
  ],
};
