/** The account, region and deploying principal every mocked program sees. */
export const MOCK_ACCOUNT_ID = "123456789012";
export const MOCK_REGION = "eu-west-1";
export const MOCK_DEPLOYER_ROLE_ARN = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/lakehouse-deployer`;
export const MOCK_DEPLOYER_SESSION_ARN = `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/lakehouse-deployer/ci`;
