"""link-repo, unlink-repo and repos as a user runs them, under `cdkpp local` and `localcloud`: a link is stored
as the absolute path, looked up case-insensitively, listed with branch heads (text and --json); errors name
the directory or the link-repo command; the link works while a localcloud is serving the data directory."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from lc_fixture import LocalCloud  # noqa: E402

CDKPP = os.environ["CDKPP_BIN"]
LOCALCLOUD = os.environ["LOCALCLOUD_BIN"]


def git(cwd, *args):
    return subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false",
                           *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


class RepoCommandsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="lc-repo-cmd-")
        self.data = os.path.join(self.tmp, "data")
        self.repo = os.path.join(self.tmp, "app")
        os.makedirs(self.repo)
        git(self.repo, "init", "-q", "-b", "main")
        with open(os.path.join(self.repo, "f"), "w") as f:
            f.write("x")
        git(self.repo, "add", "f")
        git(self.repo, "commit", "-qm", "one")
        self.head = git(self.repo, "rev-parse", "HEAD")

    def run_cmd(self, program, *args, cwd=None):
        argv = [program, "local", *args] if program == CDKPP else [program, *args]
        return subprocess.run([*argv, "--data-dir", self.data], capture_output=True, text=True, cwd=cwd, timeout=60)

    def test_both_programs_link_list_and_unlink(self):
        for program in (CDKPP, LOCALCLOUD):
            with self.subTest(program=os.path.basename(program)):
                r = self.run_cmd(program, "link-repo", "Acme/App", "app", cwd=self.tmp)  # relative DIR
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn(f"linked Acme/App -> {os.path.realpath(self.repo)} (1 branch: main)", r.stdout)
                r = self.run_cmd(program, "repos")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn(f"main  {self.head}", r.stdout)
                r = self.run_cmd(program, "repos", "--json")
                listed = json.loads(r.stdout)
                self.assertEqual(listed[0]["repository"], "Acme/App")
                self.assertEqual(listed[0]["directory"], os.path.realpath(self.repo))
                self.assertEqual(listed[0]["branches"], [{"name": "main", "commit": self.head}])
                r = self.run_cmd(program, "unlink-repo", "acme/APP")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertEqual(json.loads(self.run_cmd(program, "repos", "--json").stdout), [])

    def test_errors_name_the_directory_and_the_command(self):
        r = self.run_cmd(CDKPP, "link-repo", "Acme/App", self.tmp)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("NotAGitRepository", r.stderr)
        self.assertIn(self.tmp, r.stderr)
        r = self.run_cmd(LOCALCLOUD, "unlink-repo", "Acme/Nope")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("cdkpp local link-repo Acme/Nope DIR", r.stderr)
        r = self.run_cmd(CDKPP, "link-repo", "not-a-name", self.repo)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("InvalidRepositoryName", r.stderr)

    def test_link_while_serving(self):
        lc = LocalCloud(data_dir=self.data).start()
        try:
            r = self.run_cmd(CDKPP, "link-repo", "Acme/Live", self.repo)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(self.lc_sts_ok(lc), True)
            self.assertIn("Acme/Live", self.run_cmd(LOCALCLOUD, "repos").stdout)
        finally:
            lc.cleanup()

    @staticmethod
    def lc_sts_ok(lc):
        return lc.client("sts", "dev").get_caller_identity()["Account"] == "111111111111"


if __name__ == "__main__":
    unittest.main()
