import shutil
import sys
from pathlib import Path

import pytest

# Test helpers (casefiles, strategies) are plain modules beside the tests.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled rules, for tests that spoil one file and expect a located load error."""
    from garantie.ruleset import default_rules_dir

    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    return target
