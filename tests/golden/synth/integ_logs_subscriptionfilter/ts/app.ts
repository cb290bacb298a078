// TypeScript twin of integ_logs_subscriptionfilter (see ../../README.md): the app of aws-cdk's
// integ.subscriptionfilter.ts (without the IntegTest wrapper; the test's postCliContext turns
// @aws-cdk/aws-lambda:useCdkManagedLogGroup off, which is the default without cdk.json flags).
import type { StackProps } from 'aws-cdk-lib';
import { App, Stack } from 'aws-cdk-lib';
import { LogGroup, FilterPattern } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Function, Code, Runtime } from 'aws-cdk-lib/aws-lambda';

class SubscriptionFilterIntegStack extends Stack {
  constructor(scope: App, id: string, props?: StackProps) {
    super(scope, id, props);

    const logGroup = new LogGroup(this, 'LogGroup');

    const fn = new Function(this, 'Function', {
      runtime: Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: Code.fromInline('foo'),
    });

    logGroup.addSubscriptionFilter('Subscription', {
      destination: new LambdaDestination(fn),
      filterPattern: FilterPattern.allTerms('ERROR', 'MainThread'),
      filterName: 'CustomSubscriptionFilterName',
    });
  }
}

const app = new App();
new SubscriptionFilterIntegStack(app, 'aws-cdk-subscriptionfilter-integ');
app.synth();
