// TypeScript twin of integ_iam_composite_principal (see ../../README.md): the app of aws-cdk's
// integ.composite-principal.ts (without the IntegTest construct).
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

class TestStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);

    new iam.Role(this, 'RoleWithCompositePrincipal', {
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('ec2.amazonaws.com'),
        new iam.AnyPrincipal(),
      ),
    });
  }
}

const app = new cdk.App();
new TestStack(app, 'iam-integ-composite-principal');
app.synth();
