<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>AboutDialog</name>
    <message>
      <location filename="../../ui/dialogs/about.py" line="20" />
      <source>关于</source>
      <translation>About</translation>
    </message>
  </context>
  <context>
    <name>CrashDialog</name>
    <message>
      <location filename="../../ui/crash.py" line="52" />
      <source>程序出错</source>
      <translation>Unexpected error</translation>
    </message>
    <message>
      <location filename="../../ui/crash.py" line="55" />
      <source>发生了意外错误。您的数据已自动保存。请复制以下信息发给技术支持。</source>
      <translation>An unexpected error occurred. Your data has been saved. Please copy the details below and send them to support.</translation>
    </message>
    <message>
      <location filename="../../ui/crash.py" line="61" />
      <source>复制错误信息</source>
      <translation>Copy details</translation>
    </message>
    <message>
      <location filename="../../ui/crash.py" line="73" />
      <source>无法完成操作</source>
      <translation>Could not complete the action</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/main_window.py" line="74" />
      <source>切换当前测评项目</source>
      <translation>Switch the current assessment</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="93" />
      <source>测评项目</source>
      <translation>Assessment</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="96" />
      <source> 当前测评项目：</source>
      <translation> Current assessment: </translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="118" />
      <source>文件(&amp;F)</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="120" />
      <source>导入测评项目（mipin-case/1）…</source>
      <translation>Import assessment (mipin-case/1)…</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="126" />
      <source>导出测评项目（mipin-case/1）…</source>
      <translation>Export assessment (mipin-case/1)…</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="134" />
      <source>退出</source>
      <translation>Quit</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="136" />
      <source>编辑(&amp;E)</source>
      <translation>&amp;Edit</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="137" />
      <source>视图(&amp;V)</source>
      <translation>&amp;View</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="142" />
      <source>工具(&amp;T)</source>
      <translation>&amp;Tools</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="144" />
      <source>设置…</source>
      <translation>Settings…</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="146" />
      <source>帮助(&amp;H)</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="148" />
      <source>关于</source>
      <translation>About</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="155" />
      <source>数据：%1 · %2</source>
      <translation>Data: %1 · %2</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="158" />
      <source>就绪，所有修改自动保存</source>
      <translation>Ready. Every change is saved automatically.</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="257" />
      <source>导入测评项目</source>
      <translation>Import assessment</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="257" />
      <location filename="../../ui/main_window.py" line="291" />
      <source>密评项目 (*.json)</source>
      <translation>Assessment files (*.json)</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="268" />
      <source>
……共 %1 处错误</source>
      <translation>
…%1 errors in total</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="269" />
      <location filename="../../ui/main_window.py" line="274" />
      <location filename="../../ui/main_window.py" line="279" />
      <source>导入失败，未导入任何内容</source>
      <translation>Import failed; nothing was imported</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="275" />
      <source>文件不是有效的 UTF-8 JSON：%1</source>
      <translation>The file is not valid UTF-8 JSON: %1</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="283" />
      <source>已导入：%1</source>
      <translation>Imported: %1</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="291" />
      <source>导出测评项目</source>
      <translation>Export assessment</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="300" />
      <source>已导出：%1</source>
      <translation>Exported: %1</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="119" />
      <source>提示：未找到系统密钥环，口令类信息不会被保存。</source>
      <translation>Note: no system keyring was found; passwords will not be saved.</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="22" />
      <source>测评检查表</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="23" />
      <source>按层面、测评单元录入测评对象的 D/A/K 结果与管理项符合情况，实时计算量化评分。</source>
      <translation>Enter D/A/K results per layer and test unit, and management findings; the quantitative score updates live.</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="30" />
      <source>高风险判定</source>
      <translation>High risks</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="31" />
      <source>依据《信息系统密码应用高风险判定指引》列出高风险候选项，记录确认、缓解或排除的理由。</source>
      <translation>Lists high-risk candidates from the high-risk guide and records the reasons for confirming, mitigating or dismissing them.</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="38" />
      <source>密改方案</source>
      <translation>Remediation plan</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="39" />
      <source>依据 GB/T 43207-2023 附录A 模板，从测评结果生成密码应用改造方案草稿。</source>
      <translation>Drafts the cryptographic remediation plan from the results, following the GB/T 43207-2023 Annex A template.</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="46" />
      <source>运维SLA看板</source>
      <translation>Ops SLA board</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="47" />
      <source>按运维合同的响应、恢复时限核对故障工单，显示超时与达标率。</source>
      <translation>Checks fault tickets against the contract's response and restore targets and shows breaches and compliance.</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="52" />
      <source>智桂通H5预览</source>
      <translation>Zhiguitong H5 preview</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/registry.py" line="53" />
      <source>预览居民在“智桂通”APP中查看本人健康档案的 H5 页面（使用虚拟居民数据）。</source>
      <translation>Previews the H5 page where residents view their own health records in the Zhiguitong app (synthetic residents).</translation>
    </message>
  </context>
  <context>
    <name>PlaceholderTab</name>
    <message>
      <location filename="../../ui/tabs/placeholder.py" line="36" />
      <source>此功能尚在开发中，当前版本仅提供占位页面。</source>
      <translation>This feature is still being built; this version shows a placeholder.</translation>
    </message>
    <message>
      <location filename="../../ui/tabs/placeholder.py" line="51" />
      <source>当前测评项目：#%1</source>
      <translation>Current assessment: #%1</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="29" />
      <source>界面语言</source>
      <translation>Interface language</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="30" />
      <source>默认测评机构名称</source>
      <translation>Default assessor organisation</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="31" />
      <source>量化评估阈值（基本符合的最低分）</source>
      <translation>Score threshold (lowest score for "basically compliant")</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="32" />
      <source>报告份数（一式N份）</source>
      <translation>Report copies</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="33" />
      <source>自动备份间隔（分钟）</source>
      <translation>Automatic backup interval (minutes)</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="34" />
      <source>保留最近备份数</source>
      <translation>Recent backups to keep</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="35" />
      <source>按天保留备份天数</source>
      <translation>Days of daily backups to keep</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="36" />
      <source>证据文件超过此大小（MB）时确认</source>
      <translation>Confirm evidence files larger than (MB)</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="37" />
      <source>删除前确认</source>
      <translation>Confirm before deleting</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="46" />
      <source>设置</source>
      <translation>Settings</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="62" />
      <source>界面语言在重新启动后生效。</source>
      <translation>The interface language changes after a restart.</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/settings.py" line="112" />
      <source>设置无效</source>
      <translation>Invalid setting</translation>
    </message>
  </context>
</TS>