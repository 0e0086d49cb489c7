"""Publishing: only the repository whose address _config.yml holds deploys the built book to GitHub Pages."""
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _publishes(tmp_path: Path, url: str, repo: str) -> str:
    (tmp_path / ".ci").mkdir(exist_ok=True)
    shutil.copy(ROOT / ".ci" / "publishes_here.sh", tmp_path / ".ci" / "publishes_here.sh")
    (tmp_path / "_config.yml").write_text(f"title: t\nrepository:\n  url: {url}   # a comment\n  branch: main\n"
                                          "html:\n  url: https://example.org/not-this\n")
    done = subprocess.run(["bash", str(tmp_path / ".ci" / "publishes_here.sh"), repo], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_only_the_configured_repository_publishes(tmp_path):
    assert _publishes(tmp_path, "https://github.com/Owner/Book", "owner/book") == "true"
    assert _publishes(tmp_path, "https://github.com/owner/book.git", "owner/book") == "true"
    assert _publishes(tmp_path, "https://github.com/owner/book/", "owner/book") == "true"
    assert _publishes(tmp_path, "https://github.com/owner/book", "fork/book") == "false"
    assert _publishes(tmp_path, "https://github.com/owner/book", "owner/book-old") == "false"


def test_the_workflow_builds_then_deploys_only_when_it_publishes():
    flow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert ".ci/publishes_here.sh \"$GITHUB_REPOSITORY\"" in runs and "jupyter-book build ." in runs
    assert "torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in runs  # never the 5 GB CUDA build
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["if"] == "steps.owner.outputs.publish == 'true'" and upload["with"]["path"] == "_build/html"
    assert deploy["if"] == "needs.build.outputs.publish == 'true'"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
