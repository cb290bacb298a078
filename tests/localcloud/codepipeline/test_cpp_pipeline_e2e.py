"""The C++ scenario's PipelineStack end to end (issue 18, with issue 16's out-of-tree project): `cdkpp init app
--language cpp --pipeline` built against the installed package, four accounts bootstrapped with `myapp`, one
`cdkpp deploy PipelineStack`; the pipeline runs Source -> Synth (the C++ app configured, built and synthesized in
localcloud's CodeBuild against the installed prefix) -> SelfMutate (`cdkpp deploy`) and waits at Dev's approval
with nothing deployed; approved with the AWS CLI, Dev-LambdaStack exists in 111111111111 and its function
answers; a new commit starts a new execution, which deploys the changed function to Dev, and a third commit that
leaves the C++ alone runs with every object from the synth's compiler cache; with prod bootstrapped again with
`--untrust 999999999999`, that commit fails at Prod naming the missing trust, and after `--trust` again `cdkpp
pipeline retry` deploys it. The figures of the runs are printed
(cpp_pipeline_fixture.py holds the steps, for scripts too). Needs the AWS::CodePipeline::Webhook provider and
CodeBuild actions using the project's role for artifacts (branch lc-stock-pipeline)."""
import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cpp_pipeline_fixture as fixture  # noqa: E402
from cpp_pipeline_fixture import ACCOUNTS, CppPipeline  # noqa: E402


class CppPipelineEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.p = CppPipeline()
        try:
            cls.p.setup()
        except BaseException:
            cls.p.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.p.cleanup()

    def test_pipeline_deploys_dev_after_approval_and_runs_again_on_a_commit(self):
        p = self.p
        t0 = time.time()
        p.deploy_pipeline()
        first = p.first_execution()
        self.assertEqual(p.execution(first)["trigger"]["triggerType"], "CreatePipeline")
        p.wait_approval("Dev", first)
        waited = time.time()
        # Source -> Synth -> SelfMutate ran; nothing is deployed anywhere yet.
        for stage, action in (("Source", "OWNER_REPO"), ("Build", "Synth"), ("UpdatePipeline", "SelfMutate")):
            a = p.stage_action(stage, action, first)
            self.assertIsNotNone(a, f"no {stage}/{action} in {p.actions(first)}")
            self.assertEqual(a["status"], "Succeeded", p.describe_failure(first))
        synth_build = p.stage_action("Build", "Synth", first)["output"]["executionResult"]["externalExecutionId"]
        log = p.build_log(synth_build)
        self.assertIn("is the host prefix " + p.prefix, log)
        for profile, stage in fixture.TARGETS:
            self.assertEqual(p.stacks_named(profile, f"{stage}-LambdaStack"), [], f"{stage} deployed before approval")
        p.approve("Dev", first)
        p.wait_stage("Dev", first)
        deployed = time.time()
        stack = p.dev_stack()
        self.assertEqual(stack["StackStatus"], "CREATE_COMPLETE")
        self.assertIn(f":{ACCOUNTS['dev']}:", stack["StackId"])
        answer = p.invoke_dev()
        self.assertEqual(answer["stage"], "Dev")
        self.assertEqual(answer["account"], ACCOUNTS["dev"])
        # Test waits for its own approval; nothing reached test or prod.
        p.wait_approval("Test", first)
        self.assertEqual(p.stacks_named("test", "Test-LambdaStack"), [])
        self.assertEqual(p.stacks_named("prod", "Prod-LambdaStack"), [])
        first_run = {"deploy_to_approval_waiting": round(waited - t0, 2),
                     "approval_to_dev_deployed": round(deployed - waited, 2),
                     "stages": p.stage_timings(first)}
        # A new commit: a new execution, the function's new answer in Dev.
        second = p.commit_and_deploy_dev("Answer greetings", handler_text="greetings")
        self.assertNotEqual(second["execution"], first)
        self.assertIn("greetings from Dev", p.invoke_dev()["message"])
        # A commit that leaves the C++ alone: every object comes from the synth's compiler cache.
        third = p.commit_and_deploy_dev("Document the app")
        log = p.build_log(p.stage_action("Build", "Synth", third["execution"])["output"]["executionResult"][
            "externalExecutionId"])
        self.assertIn("Restoring cache", log)
        # Prod no longer trusts the build account (`cdkpp bootstrap --untrust 999999999999`): the third commit,
        # approved through Dev and Test, fails at Prod with the message naming the missing --trust, which
        # `cdkpp pipeline status` (NAME from the app's cdk.out) shows; bootstrapped with --trust again, `cdkpp
        # pipeline retry` deploys Prod.
        execution = third["execution"]
        untrust = p.untrust("prod")
        self.assertIn("Trusted accounts for deployment: (none)", untrust.stdout + untrust.stderr)
        deadline = time.time() + 120
        while p.waiting_at("Test") != execution and time.time() < deadline:
            holder = p.waiting_at("Test")
            if holder is not None and holder != execution:
                p.reject("Test", holder)  # an older execution holds Test's approval: it makes way
            time.sleep(0.2)
        p.approve("Test", execution)
        p.wait_stage("Test", execution)
        p.approve("Prod", execution)
        failed = p.wait_stage_failed("Prod", execution)
        message = json.dumps(failed.get("output", {}).get("executionResult", {}), default=str)
        status = p.cdkpp("pipeline", "status", "--profile", "build", check=False)
        self.assertEqual(status.returncode, 0, status.stdout + status.stderr)
        for text in (f"does not trust the pipeline's account {ACCOUNTS['build']}", f"--trust {ACCOUNTS['build']}",
                     f"cdkpp pipeline retry {fixture.PIPELINE} Prod"):
            self.assertIn(text, status.stdout, message)
        _, state, _ = p.lc.aws("build", "codepipeline", "get-pipeline-state", "--name", fixture.PIPELINE)
        prod = next(s for s in state["stageStates"] if s["stageName"] == "Prod")
        self.assertEqual(prod["latestExecution"]["status"], "Failed")
        ours = json.loads(p.cdkpp("pipeline", "status", fixture.PIPELINE, "--profile", "build", "--json").stdout)
        self.assertEqual(next(s for s in ours["stages"] if s["stageName"] == "Prod")["status"], "Failed")
        self.assertEqual(p.stacks_named("prod", "Prod-LambdaStack"), [])
        p.retrust("prod")
        p.cdkpp("pipeline", "retry", fixture.PIPELINE, "Prod", "--profile", "build")
        p.wait_stage_succeeded("Prod", execution)
        _, answer = p.invoke("prod", "Prod")
        self.assertEqual(answer["account"], ACCOUNTS["prod"])
        print(json.dumps({"figures": p.figures, "first": first_run, "second (main.cpp changed)": second,
                          "third (no C++ change)": third}, indent=1), file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
