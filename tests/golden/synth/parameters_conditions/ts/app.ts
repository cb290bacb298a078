// TypeScript twin of parameters_conditions (see ../../README.md).
import * as cdk from 'aws-cdk-lib';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'ParamsStack');
const stage = new cdk.CfnParameter(stack, 'Stage', {
  type: 'String',
  default: 'dev',
  allowedValues: ['dev', 'prod'],
  description: 'deployment stage',
});
const size = new cdk.CfnParameter(stack, 'Size', { type: 'Number', default: 1, minValue: 1, maxValue: 10 });
const isProd = new cdk.CfnCondition(stack, 'IsProd', {
  expression: cdk.Fn.conditionEquals(stage.valueAsString, 'prod'),
});
const regionMap = new cdk.CfnMapping(stack, 'RegionMap', {
  mapping: { 'ap-southeast-2': { Ami: 'ami-123' }, 'us-east-1': { Ami: 'ami-456' } },
});
const bucket = new cdk.CfnResource(stack, 'Bucket', {
  type: 'AWS::S3::Bucket',
  properties: {
    BucketName: cdk.Fn.sub('${AWS::StackName}-data'),
    Tags: [
      { Key: 'Ami', Value: regionMap.findInMap(cdk.Aws.REGION, 'Ami') },
      { Key: 'Size', Value: size.valueAsString },
    ],
  },
});
bucket.cfnOptions.condition = isProd;
new cdk.CfnResource(stack, 'Topic', {
  type: 'AWS::SNS::Topic',
  properties: { DisplayName: cdk.Fn.conditionIf('IsProd', 'prod-topic', cdk.Aws.NO_VALUE) },
});
new cdk.CfnRule(stack, 'ProdInSydney', {
  ruleCondition: cdk.Fn.conditionEquals(stage.valueAsString, 'prod'),
  assertions: [
    { assert: cdk.Fn.conditionEquals(cdk.Aws.REGION, 'ap-southeast-2'), assertDescription: 'prod must be in Sydney' },
  ],
});
new cdk.CfnOutput(stack, 'BucketName', { value: bucket.ref, condition: isProd, exportName: 'params-bucket' });
new cdk.CfnOutput(stack, 'Encoded', { value: cdk.Fn.base64('hello') });
new cdk.CfnOutput(stack, 'FirstAz', { value: cdk.Fn.select(0, cdk.Fn.getAzs()) });
new cdk.CfnOutput(stack, 'Subnet', { value: cdk.Fn.select(1, cdk.Fn.cidr('10.0.0.0/16', 4, '8')) });
new cdk.CfnOutput(stack, 'StageParts', { value: cdk.Fn.join('+', cdk.Fn.split('-', stage.valueAsString)) });
new cdk.CfnOutput(stack, 'Either', { value: cdk.Fn.conditionIf('IsProd', 'big', 'small').toString() });
new cdk.CfnCondition(stack, 'NotProdAndSmall', {
  expression: cdk.Fn.conditionAnd(
    cdk.Fn.conditionNot(isProd),
    cdk.Fn.conditionOr(
      cdk.Fn.conditionEquals(size.valueAsString, '1'),
      cdk.Fn.conditionEquals(size.valueAsString, '2'),
    ),
  ),
});
app.synth();
