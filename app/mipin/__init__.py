"""The 商用密码应用安全性评估 (密评) domain: engine, casework, evidence, case packages, reports data."""
