#!/usr/bin/env python3
"""Benchmark: from a commit to Prod deployed, through the reference scenario's pipeline on localcloud, with the
approvals of Dev, Test and Prod given at once (issues 18 and 19: seconds, where AWS takes minutes), split per
stage.

    python3 bench/pipeline_run.py [--runs 1] [--localcloud build/bin/localcloud]

Each pipeline is one function that sets up its environment (four bootstrapped accounts, the linked repository,
the pipeline deployed) and returns a `commit()` callable; `measure` then runs, per run: a commit on main → the
execution the watcher starts → Source → Build (synth) → UpdatePipeline (self-mutation) → per target (Dev, Test,
Prod) its approval, given through boto3 as soon as its token shows → LambdaStack.Prepare and .Deploy in that
target's account. Before the measured runs, the execution that CreatePipeline started is ended (Dev approved,
Test rejected). Printed: per stage the median seconds and its share of the total, the commit-to-execution delay,
commit → each target deployed, and, for every further pipeline, its ratio to the first (the stock pipeline is
the reference).

Pipelines:
  * stock — the stock aws-cdk-lib PipelineStack (tests/localcloud/codepipeline/stock_app), deployed with the stock
    `cdk`; its synth runs `npm ci`, `npm run build`, `npx cdk synth` against the pinned npm mirror, its
    self-mutation `npm install -g aws-cdk@2` and `cdk deploy` (issue 18's proof, test_stock_pipeline.py).
  * cpp — ours: the C++ scenario's PipelineStack of `cdkpp init app --language cpp --pipeline`, an out-of-tree
    project built against this build installed into a prefix, deployed with `cdkpp deploy`; its synth configures,
    builds (ccache kept in the project's LOCAL cache) and runs the app with `cdkpp synth`, its self-mutation runs
    `cdkpp deploy PipelineStack` (cpp_pipeline_fixture.py, the localcloud_cpp_pipeline_e2e test). The measured
    commit leaves the C++ alone (the compiler cache warm: issue 18's goal of under 20 s); needs
    `scripts/build --target cdk_installed`.
"""
import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "localcloud", "server"))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "localcloud", "codepipeline"))

TARGETS = ["Dev", "Test", "Prod"]
STAGES = ["Source", "Build", "UpdatePipeline"] + TARGETS


class PipelineHandle:
    """What `measure` needs of a pipeline under test: its environment (StockEnvironment-like: state, executions,
    approve, approval_token, cp) and a function that makes a commit the pipeline watches."""

    def __init__(self, name, env, commit, cleanup):
        self.name, self.env, self.commit, self.cleanup = name, env, commit, cleanup


def trust_prod(env):
    """The stock environment leaves prod untrusting (test_stock_pipeline.py shows the failing stage); the benchmark
    deploys Prod, so prod is bootstrapped again with the build account trusted, with the stock `cdk`."""
    import subprocess
    import test_stock_pipeline as stock
    t = time.time()
    cmd = [stock.CDK, "--no-notices", "bootstrap", f"aws://{stock.PROD}/{stock.REGION}", "--profile", "prod",
           *stock.BOOTSTRAP, "--trust", stock.BUILD, "--cloudformation-execution-policies", stock.ADMIN]
    p = subprocess.run(cmd, env=env.env, capture_output=True, text=True, cwd=env.lc.tmp, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(f"cdk bootstrap of prod with --trust failed: {(p.stdout + p.stderr)[-4000:]}")
    env.timings["bootstrap prod with --trust"] = time.time() - t


def stock_pipeline():
    from test_stock_pipeline import StockEnvironment
    env = StockEnvironment(log=lambda *a: None)
    env.start()
    env.bootstrap()
    trust_prod(env)
    env.make_repo()
    env.create_secret()
    env.deploy_pipeline()
    counter = [0]

    def commit():
        counter[0] += 1
        return env.commit(f"bench commit {counter[0]}", touch=f"bench {counter[0]}")
    return PipelineHandle("stock aws-cdk-lib pipeline (cdk deploy)", env, commit, env.stop)


def cpp_pipeline():
    from cpp_pipeline_fixture import CppPipeline
    from test_stock_pipeline import StockEnvironment as Stock

    class CppEnvironment:
        """The C++ pipeline read through the stock environment's own calls: the pipeline has the same name, on the
        fixture's localcloud (`lc`), so `measure` drives both alike."""
        cp, state, stage, approval_token, approve = Stock.cp, Stock.state, Stock.stage, Stock.approval_token, Stock.approve
        executions, execution, failure_of, build_log = Stock.executions, Stock.execution, Stock.failure_of, Stock.build_log

        def __init__(self, pipeline):
            self.lc, self.timings = pipeline.lc, pipeline.figures

    p = CppPipeline(log=lambda *a: None)
    p.setup()
    p.deploy_pipeline()
    p.first_execution()
    counter = [0]

    def commit():
        counter[0] += 1
        return p.commit(f"bench commit {counter[0]}")
    return PipelineHandle("C++ pipeline (cdkpp init --pipeline, cdkpp deploy)", CppEnvironment(p), commit, p.cleanup)


PIPELINES = {"stock": stock_pipeline, "cpp": cpp_pipeline}


def approve_now(env, stage, token, status="Approved"):
    """PutApprovalResult through boto3 (no CLI start-up in the measured time)."""
    action, tok = token
    env.cp().put_approval_result(pipelineName="MultiAccountPipeline", stageName=stage, actionName=action, token=tok,
                                 result={"summary": "bench", "status": status})


def finish(env, execution_id):
    """Ends an execution that waits at a later approval (the one CreatePipeline started: Dev approved, Test
    rejected, so nothing reaches Test or Prod before the measured run deploys them), so the next run starts
    alone."""
    deadline = time.time() + 600
    while time.time() < deadline:
        ex = env.execution(execution_id)
        if ex["status"] != "InProgress":
            return
        state = env.state()
        for stage in TARGETS:
            token = env.approval_token(state, stage, execution_id)
            if token:
                approve_now(env, stage, token, status="Approved" if stage == "Dev" else "Rejected")
        time.sleep(0.1)
    raise RuntimeError(f"execution {execution_id} did not end")


def stage_times(env, execution_id):
    """Per stage: the first action's start to the last action's end (ListActionExecutions)."""
    acts = env.cp().list_action_executions(pipelineName="MultiAccountPipeline",
                                           filter={"pipelineExecutionId": execution_id})["actionExecutionDetails"]
    out = {}
    for stage in STAGES:
        mine = [a for a in acts if a["stageName"] == stage]
        if mine:
            out[stage] = (min(a["startTime"].timestamp() for a in mine),
                          max(a["lastUpdateTime"].timestamp() for a in mine))
    return out


def command_times(env, execution_id, stage):
    """Per buildspec command of the stage's CodeBuild action: seconds from its `Running command` line in the build
    log to the next runner line that follows it (the next command or the phase's end)."""
    state = env.state()
    build = env.stage(state, stage)["actionStates"][0].get("latestExecution", {}).get("externalExecutionId", "")
    if ":" not in build:
        return {}
    lines = [l for l in env.build_log(build).splitlines() if l.startswith("[Container] ")]
    out = {}
    for i, line in enumerate(lines):
        if "Running command " not in line or i + 1 >= len(lines):
            continue
        stamp = lambda l: time.mktime(time.strptime(l[12:31], "%Y/%m/%d %H:%M:%S")) + float("0" + l[31:38])
        out[line.split("Running command ", 1)[1]] = stamp(lines[i + 1]) - stamp(line)
    return out


def one_run(handle):
    """A commit, then Dev, Test and Prod each approved as soon as its token shows, until Prod's stage Succeeded:
    the stages' own times and, per target, commit -> that stage deployed (polled every 50 ms)."""
    env = handle.env
    before = {e["pipelineExecutionId"] for e in env.executions()}
    t_commit = time.time()
    handle.commit()
    execution_id = None
    while execution_id is None:
        new = [e for e in env.executions() if e["pipelineExecutionId"] not in before]
        if new:
            execution_id = new[0]["pipelineExecutionId"]
        elif time.time() - t_commit > 60:
            raise RuntimeError("no execution started within 60 s of the commit")
        else:
            time.sleep(0.05)
    approved, deployed = set(), {}
    while "Prod" not in deployed:
        ex = env.execution(execution_id)
        if ex["status"] not in ("InProgress", "Succeeded"):
            raise RuntimeError(f"execution ended {ex['status']}: {env.failure_of(execution_id)}")
        state = env.state()
        for stage in TARGETS:
            latest = env.stage(state, stage).get("latestExecution", {})
            if stage not in deployed and latest.get("pipelineExecutionId") == execution_id and \
                    latest.get("status") == "Succeeded":
                deployed[stage] = time.time()
            if stage not in approved:
                token = env.approval_token(state, stage, execution_id)
                if token:
                    approve_now(env, stage, token)
                    approved.add(stage)
        if "Prod" not in deployed:
            time.sleep(0.05)
    times = stage_times(env, execution_id)
    commands = {stage: command_times(env, execution_id, stage) for stage in ("Build", "UpdatePipeline")}
    finish(env, execution_id)
    first_start = min(s for s, _ in times.values())
    result = {"commit -> execution": first_start - t_commit}
    for stage, (s, e) in times.items():
        result[stage] = e - s
    for stage in TARGETS:
        result[f"commit -> {stage} deployed"] = deployed[stage] - t_commit
    for stage, cmds in commands.items():
        for cmd, secs in cmds.items():
            result[f"{stage}: {cmd}"] = secs
    return result


def measure(handle, runs):
    # The execution CreatePipeline started ends first (Dev approved, Test rejected): its synth warms nothing the
    # measured runs use but the host's file cache, and Dev's stack exists when the measured run deploys it again.
    first = handle.env.executions()[-1]["pipelineExecutionId"]
    finish(handle.env, first)
    results = [one_run(handle) for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--localcloud")
    ap.add_argument("--pipelines", default=",".join(PIPELINES), help="comma-separated: " + ", ".join(PIPELINES))
    args = ap.parse_args()
    if args.localcloud:
        args.localcloud = os.path.abspath(args.localcloud)  # the fixtures run programs from other directories
        os.environ["LOCALCLOUD_BIN"] = args.localcloud
        import lc_fixture
        lc_fixture.BIN = args.localcloud
    figures = {}
    for key in args.pipelines.split(","):
        t = time.time()
        handle = PIPELINES[key]()
        setup = time.time() - t
        try:
            figures[key] = (handle.name, measure(handle, args.runs), setup, dict(handle.env.timings))
        finally:
            handle.cleanup()
    print(f"commit -> Prod deployed on localcloud (approvals at once), median of {args.runs} run(s):")
    reference = None
    for key, (name, f, setup, timings) in figures.items():
        total = f["commit -> Prod deployed"]
        print(f"\n  {name}")
        print(f"    setup (bootstrap x4, repo, cdk deploy PipelineStack): {setup:6.1f} s  "
              + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
        print(f"    commit -> execution started   {f['commit -> execution']:6.2f} s  "
              f"({100 * f['commit -> execution'] / total:4.1f} %)")
        for stage in STAGES:
            if stage in f:
                print(f"    {stage:<28}  {f[stage]:6.2f} s  ({100 * f[stage] / total:4.1f} %)")
            for k, v in f.items():
                if k.startswith(stage + ": "):
                    print(f"      {k[len(stage) + 2:][:60]:<60}  {v:6.2f} s")
        for stage in TARGETS:
            print(f"    commit -> {stage + ' deployed':<18}  {f['commit -> ' + stage + ' deployed']:6.2f} s")
        if reference is None:
            reference = (name, total)
        else:
            print(f"    ratio to {reference[0]}: {total / reference[1]:.2f}x")


if __name__ == "__main__":
    main()
