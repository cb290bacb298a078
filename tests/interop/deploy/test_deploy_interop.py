"""Interop, both ways, on localcloud (issue 6 and 7 proofs):

1. the stock `cdk deploy` of a TypeScript app (Lambda + S3 + SQS, cross-stack references) from the build
   account's credentials into an environment bootstrapped by `cdkpp bootstrap`; the function then answers
   `aws lambda invoke`;
2. `cdkpp deploy --app DIR` of that TypeScript app's assembly into an environment bootstrapped by the stock
   `cdk bootstrap`;
3. the stock `cdk deploy --app DIR` of our C++ scenario's assembly (written by `cdkpp synth`);
4. the stock `cdk deploy` into a target bootstrapped without `--trust` fails with AccessDenied on the role.
"""
import json
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "localcloud", "server"))
from lc_fixture import ACCOUNTS, LocalCloud, REGION, ROOT  # noqa: E402

NPM = os.path.join(ROOT, "third_party", "npm", "node_modules")
CDK = os.path.join(NPM, ".bin", "cdk")
CDKPP = os.environ.get("CDKPP_BIN", os.path.join(ROOT, "build", "bin", "cdkpp"))
SCENARIO = os.environ.get("SCENARIO_APP", os.path.join(ROOT, "build", "bin", "scenario_app"))
BUILD, DEV, TEST, PROD = ACCOUNTS["build"], ACCOUNTS["dev"], ACCOUNTS["test"], ACCOUNTS["prod"]
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
BOOTSTRAP = ["--qualifier", "myapp", "--toolkit-stack-name", "CDKToolkit-myapp"]


class DeployInteropTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.path.exists(CDK):
            raise AssertionError(f"the stock CDK CLI is missing at {CDK}: run scripts/setup")
        cls.lc = LocalCloud().start()
        cls.work = os.path.join(cls.lc.tmp, "app")
        os.makedirs(cls.work)
        os.symlink(NPM, os.path.join(cls.work, "node_modules"))
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "app.ts")) as src, open(os.path.join(cls.work, "app.ts"), "w") as dst:
            dst.write(src.read())
        with open(os.path.join(cls.work, "tsconfig.json"), "w") as f:
            json.dump({"compilerOptions": {"target": "ES2022", "module": "commonjs", "lib": ["ES2022"],
                                           "strict": True, "skipLibCheck": True, "types": []},
                       "files": ["app.ts"]}, f)
        tsc = subprocess.run(["node", os.path.join(NPM, "typescript", "bin", "tsc"), "-p", cls.work],
                             capture_output=True, text=True, timeout=300)
        if tsc.returncode != 0:
            cls.lc.cleanup()
            raise AssertionError("tsc failed on app.ts: " + tsc.stdout + tsc.stderr)
        home = os.path.join(cls.lc.tmp, "home")
        os.makedirs(home)
        cls.env = dict(cls.lc.env, AWS_REGION=REGION, AWS_ENDPOINT_URL=cls.lc.endpoint, HOME=home,
                       CDK_DISABLE_VERSION_CHECK="1", CI="true")
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
            cls.env.pop(k, None)

    @classmethod
    def tearDownClass(cls):
        cls.lc.cleanup()

    def run_tool(self, cmd, target=None, timeout=300):
        env = dict(self.env)
        if target:
            env["TARGET_ACCOUNT"] = target
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=self.work)
        return p.returncode, p.stdout + p.stderr

    def cdk(self, *args, target=None):
        return self.run_tool([CDK, "--no-notices", *args], target)

    def cdkpp(self, *args):
        return self.run_tool([CDKPP, *args])

    def invoke(self, profile, stack):
        cfn = self.lc.client("cloudformation", profile)
        outputs = {o["OutputKey"]: o["OutputValue"] for o in cfn.describe_stacks(StackName=stack)["Stacks"][0]["Outputs"]}
        name = next(v for k, v in outputs.items() if k.startswith("FunctionName"))
        answer = self.lc.client("lambda", profile).invoke(FunctionName=name)
        self.assertNotIn("FunctionError", answer)
        return json.loads(answer["Payload"].read())

    def test_1_stock_cdk_deploys_a_typescript_app_into_a_cdkpp_bootstrapped_target(self):
        rc, out = self.cdkpp("bootstrap", f"aws://{DEV}/{REGION}", "--profile", "dev", *BOOTSTRAP,
                             "--trust", BUILD, "--cloudformation-execution-policies", ADMIN)
        self.assertEqual(rc, 0, out)
        rc, out = self.cdk("deploy", "--app", "node app.js", "--all", "--profile", "build",
                           "--require-approval", "never", target=DEV)
        self.assertEqual(rc, 0, out[-6000:])
        answer = self.invoke("dev", "InteropFn")
        bucket = self.lc.client("cloudformation", "dev").describe_stack_resource(
            StackName="InteropData", LogicalResourceId=self.logical_id("dev", "InteropData", "AWS::S3::Bucket"))
        self.assertEqual(answer["bucket"], bucket["StackResourceDetail"]["PhysicalResourceId"])
        self.assertIn(f"/{DEV}/", answer["queue"])
        # The cross-stack reference is an export of Data imported by Fn.
        imports = self.lc.client("cloudformation", "dev").list_exports()["Exports"]
        self.assertTrue(any(e["ExportingStackId"].split("/")[1] == "InteropData" for e in imports))

    def test_2_cdkpp_deploys_a_typescript_assembly_into_a_stock_bootstrapped_target(self):
        rc, out = self.cdk("bootstrap", f"aws://{TEST}/{REGION}", "--profile", "test", *BOOTSTRAP,
                           "--trust", BUILD, "--cloudformation-execution-policies", ADMIN)
        self.assertEqual(rc, 0, out[-4000:])
        rc, out = self.cdk("synth", "--app", "node app.js", "-o", "ts.out", "--quiet", target=TEST)
        self.assertEqual(rc, 0, out[-4000:])
        rc, out = self.cdkpp("deploy", "--app", "ts.out", "--all", "--profile", "build", "--require-approval",
                             "never")
        self.assertEqual(rc, 0, out[-6000:])
        self.assertIn(f"/{TEST}/", self.invoke("test", "InteropFn")["queue"])

    def test_3_stock_cdk_deploys_the_cpp_scenario_assembly(self):
        # Dev was bootstrapped by cdkpp in test 1 (tests run in name order).
        rc, out = self.run_tool([CDKPP, "synth", "--app", SCENARIO, "-c", "@aws-cdk/core:bootstrapQualifier=myapp",
                                 "-o", "cpp.out", "--quiet"])
        self.assertEqual(rc, 0, out)
        rc, out = self.cdk("deploy", "--app", "cpp.out", "Dev/*", "--profile", "build", "--require-approval",
                           "never")
        self.assertEqual(rc, 0, out[-6000:])
        self.assertEqual(self.invoke("dev", "Dev-LambdaStack")["account"], DEV)

    def test_4_stock_cdk_into_an_untrusting_target_is_access_denied(self):
        rc, out = self.cdk("bootstrap", f"aws://{PROD}/{REGION}", "--profile", "prod", *BOOTSTRAP)
        self.assertEqual(rc, 0, out[-4000:])
        rc, out = self.cdk("deploy", "--app", "node app.js", "--all", "--profile", "build",
                           "--require-approval", "never", target=PROD)
        self.assertNotEqual(rc, 0, out[-4000:])
        self.assertRegex(out, r"AccessDenied|not authorized to perform: sts:AssumeRole", out[-4000:])
        stacks = self.lc.client("cloudformation", "prod").list_stacks()["StackSummaries"]
        self.assertEqual([s["StackName"] for s in stacks if s["StackStatus"] != "DELETE_COMPLETE"],
                         ["CDKToolkit-myapp"])

    def logical_id(self, profile, stack, type_name):
        resources = self.lc.client("cloudformation", profile).list_stack_resources(StackName=stack)
        return next(r["LogicalResourceId"] for r in resources["StackResourceSummaries"]
                    if r["ResourceType"] == type_name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
