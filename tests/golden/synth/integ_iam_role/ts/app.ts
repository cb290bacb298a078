// TypeScript twin of integ_iam_role (see ../../README.md): the app of aws-cdk's integ.role.ts (without the
// IntegTest construct). The organization id is the snapshot's 'o-12345abcde': aws-cdk-lib 2.276 refuses the test's 'o-1234'.
import { App, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, OrganizationPrincipal, Policy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';

const app = new App();

const stack = new Stack(app, 'integ-iam-role-1');

const role = new Role(stack, 'TestRole', {
  assumedBy: new ServicePrincipal('sqs.amazonaws.com'),
});

role.addToPolicy(new PolicyStatement({ resources: ['*'], actions: ['sqs:SendMessage'] }));

const policy = new Policy(stack, 'HelloPolicy', { policyName: 'Default' });
policy.addStatements(new PolicyStatement({ actions: ['ec2:*'], resources: ['*'] }));
policy.attachToRole(role);

// Role with an external ID
new Role(stack, 'TestRole2', {
  assumedBy: new AccountRootPrincipal(),
  externalIds: ['supply-me'],
});

// Role with an org
new Role(stack, 'TestRole3', {
  assumedBy: new OrganizationPrincipal('o-12345abcde'),
});

app.synth();
