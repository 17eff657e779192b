"""The 密码应用改造方案 (retrofit plan) and its review (方案评估)."""
