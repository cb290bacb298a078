// TypeScript twin of assets (see ../../README.md). The data files are the case's ../data folder, which
// regenerate.sh copies next to the compiled app.
import * as cdk from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';

// Node globals, declared here because the pinned npm packages do not include @types/node.
declare const __dirname: string;
declare function require(module: 'path'): { join(...parts: string[]): string };
const path = require('path');

const app = new cdk.App();
const stack = new cdk.Stack(app, 'AssetStack');
const fileAsset = new Asset(stack, 'FileAsset', { path: path.join(__dirname, 'data', 'hello.txt') });
const dirAsset = new Asset(stack, 'DirAsset', { path: path.join(__dirname, 'data', 'site') });
new cdk.CfnResource(stack, 'Param', {
  type: 'AWS::SSM::Parameter',
  properties: {
    Type: 'String',
    Value: fileAsset.s3ObjectUrl,
    Description: `${dirAsset.s3BucketName}/${dirAsset.s3ObjectKey}`,
  },
});
app.synth();
