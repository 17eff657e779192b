"""app.core.atomicfile: the target shows the old content or the new, never a part, and no temp file stays."""

from __future__ import annotations

import pytest

from app.core.atomicfile import replace_atomically


def test_the_block_replaces_the_target_at_its_end(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with replace_atomically(target, prefix=".out-", suffix=".part") as temp:
        assert temp.parent == tmp_path and temp.name.startswith(".out-") and temp.name.endswith(".part")
        temp.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


@pytest.mark.parametrize("error", [ValueError, KeyboardInterrupt])
def test_a_failure_leaves_the_target_as_it_was_and_no_temporary_file(tmp_path, error):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(error), replace_atomically(target, prefix=".out-", suffix=".part") as temp:
        temp.write_text("half", encoding="utf-8")
        raise error
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
