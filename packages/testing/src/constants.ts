/** The account, region and deploying principal every mocked program sees unless told otherwise. */
export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_REGION = "eu-west-1";
export const MOCK_DEPLOYER_ROLE_ARN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/lakehouse-deployer`;
export const MOCK_DEPLOYER_SESSION_ARN = `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/lakehouse-deployer/ci`;

/** The deploying principal's role and session in another account. */
export const deployerRoleArn = (account: string) => `arn:aws:iam::${account}:role/lakehouse-deployer`;
export const deployerSessionArn = (account: string) =>
  `arn:aws:sts::${account}:assumed-role/lakehouse-deployer/ci`;
