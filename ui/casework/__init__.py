"""The open case shared by the 测评检查表 and 高风险判定 tabs: controller, edits and undo."""
