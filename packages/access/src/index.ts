export type { DeployActionTable } from "./deploy-action-table";
export { type LayerResources, layerResources, mergeLayerResources } from "./deploy-manifest";
export { deployRequirements } from "./deploy-matrix";
export { accessGrants, diffAccess, renderAccessDiff } from "./grants";
export { evaluateIam, type IamDecision, type IamRequest, OUTSIDE_ACCOUNT } from "./iam-engine";
export { deployDecision, LakeFormationModel, type LfDecision, type LfRequest } from "./lake-formation";
export { type LintFinding, lintPolicies } from "./lint";
export { type AccessModel, buildModel } from "./model";
export { fillPlaceholders, principalArn } from "./placeholders";
export type { PlannedProgram, PlannedResource } from "./plan";
export {
  type AccessCheck,
  type AccessProof,
  type DeclaredMatrix,
  type DeployInputs,
  proveAccess,
} from "./prove";
export { renderAccessTable } from "./report";
