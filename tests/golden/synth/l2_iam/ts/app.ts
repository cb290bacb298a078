// TypeScript twin of l2_iam (see ../../README.md).
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'IamStack');
const role = new iam.Role(stack, 'AppRole', {
  assumedBy: new iam.CompositePrincipal(
    new iam.ServicePrincipal('lambda.amazonaws.com'),
    new iam.AccountPrincipal('111111111111').withConditions({ StringEquals: { 'sts:ExternalId': 'build' } }),
  ),
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
  inlinePolicies: {
    Logs: new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogGroup', 'logs:PutLogEvents'], resources: ['*'] })],
    }),
  },
  maxSessionDuration: cdk.Duration.hours(2),
  path: '/app/',
  roleName: 'app-role',
  description: 'application role',
  permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyArn(stack, 'Boundary', 'arn:aws:iam::aws:policy/PowerUserAccess'),
});
role.addToPolicy(new iam.PolicyStatement({
  sid: 'ReadData',
  actions: ['s3:GetObject'],
  resources: ['arn:aws:s3:::data-bucket/*'],
  conditions: { Bool: { 'aws:SecureTransport': 'true' } },
}));
role.addToPolicy(new iam.PolicyStatement({
  effect: iam.Effect.DENY,
  notActions: ['iam:*', 'sts:*'],
  notResources: ['arn:aws:s3:::data-bucket'],
}));
iam.Grant.addToPrincipal({
  grantee: role,
  actions: ['sqs:SendMessage'],
  resourceArns: [`arn:${cdk.Aws.PARTITION}:sqs:${cdk.Aws.REGION}:${cdk.Aws.ACCOUNT_ID}:jobs`],
});
const managed = new iam.ManagedPolicy(stack, 'Managed', {
  description: 'shared permissions',
  path: '/shared/',
  statements: [new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: ['arn:aws:ssm:*:*:parameter/app/*'] })],
});
role.addManagedPolicy(managed);
new iam.Policy(stack, 'Extra', {
  statements: [new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: ['*'] })],
  roles: [role],
});
const deployer = new iam.Role(stack, 'Deployer', {
  assumedBy: new iam.CompositePrincipal(
    new iam.AccountRootPrincipal(),
    new iam.ArnPrincipal('arn:aws:iam::222222222222:role/pipeline'),
  ),
});
const imported = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::111111111111:role/existing', { mutable: false });
new cdk.CfnOutput(stack, 'DeployerArn', { value: deployer.roleArn });
new cdk.CfnOutput(stack, 'ImportedName', { value: imported.roleName });
app.synth();
