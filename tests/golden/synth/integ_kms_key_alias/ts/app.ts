// TypeScript twin of integ_kms_key_alias (see ../../README.md): the app of aws-cdk's integ.key-alias.ts
// (without the IntegTest construct).
import { App, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';

class TestStack extends Stack {
  constructor(scope: App) {
    super(scope, 'TestStack');
    new Key(this, 'key', {
      alias: `MyKey${this.account}`,
    });
  }
}

const app = new App();
new TestStack(app);
app.synth();
