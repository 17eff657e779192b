"""Child process of the crash-safety test: edit a case through the real write path until killed.

    python -m tests.safety.crash_child DATA_DIR CASE_ID RUN

Opens the store like the app does (migrations checked), then loops over three kinds of
:class:`app.mipin.casework.editor.CaseEditor` edits, each its own transaction with its audit record, and
prints the edit's id only after ``CaseEditor`` returned (the commit is durable). Every 25th
edit it also takes a backup, so kills land inside backups too. The parent SIGKILLs it.
"""

from __future__ import annotations

import sys

from app.core.paths import AppPaths
from app.mipin.casework.editor import CaseEditor
from app.mipin.casework.edits import DefineObject, SetObjectField, SetUnitRecord
from app.store.backup import create_backup
from app.store.store import Store

UNIT_RECORD = "PE-1"
OBJECT_UNIT = "NC-1"
OBJECT = "VPN 网关"


def main(data_dir: str, case_id: int, run: int) -> None:
    store = Store.open(AppPaths.resolve(data_dir))
    editor = CaseEditor(store, actor="crash-test")
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        edit_id = f"r{run:03d}-{n:05d}"
        kind = n % 3
        if kind == 0:
            editor.apply(case_id, DefineObject(f"对象 {edit_id}", kind="crash"))
        elif kind == 1:
            editor.apply(case_id, SetUnitRecord(UNIT_RECORD, edit_id))
        else:
            editor.apply(case_id, SetObjectField(OBJECT_UNIT, OBJECT, "record", edit_id))
        print(edit_id, flush=True)
        if n % 25 == 0:
            create_backup(store, reason="crash-test")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
