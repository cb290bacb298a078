// TypeScript twin of l2_s3 (see ../../README.md).
import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'BucketStack');
const data = new s3.Bucket(stack, 'Data', {
  encryption: s3.BucketEncryption.KMS,
  versioned: true,
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  lifecycleRules: [
    { id: 'expire-tmp', prefix: 'tmp/', expiration: cdk.Duration.days(7) },
    { noncurrentVersionExpiration: cdk.Duration.days(30), abortIncompleteMultipartUploadAfter: cdk.Duration.days(1) },
  ],
});
const logs = new s3.Bucket(stack, 'Logs', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  bucketName: 'app-logs-bucket',
  removalPolicy: cdk.RemovalPolicy.DESTROY,
});
new s3.Bucket(stack, 'Plain');
const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
data.grantRead(reader);
logs.grantWrite(reader);
const writer = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
data.grantReadWrite(writer);
data.grantPut(writer);
data.grantDelete(writer, 'tmp/*');
const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'existing-bucket');
imported.grantRead(reader);
new cdk.CfnOutput(stack, 'DataArn', { value: data.bucketArn });
new cdk.CfnOutput(stack, 'DataName', { value: data.bucketName });
app.synth();
