<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
  <context>
    <name>AboutDialog</name>
    <message>
      <source>关于</source>
      <translation>About</translation>
    </message>
  </context>
  <context>
    <name>AddObjectDialog</name>
    <message>
      <source>添加测评对象 — %1 %2</source>
      <translation>Add test objects — %1 %2</translation>
    </message>
    <message>
      <source>本单元常见测评对象：</source>
      <translation>Usual test objects of this unit: </translation>
    </message>
    <message>
      <source>已定义的测评对象（可多选；★ 为本单元常见类型）</source>
      <translation>Defined test objects (multiple selection; ★ = usual type for this unit)</translation>
    </message>
    <message>
      <source>新建测评对象</source>
      <translation>New test object</translation>
    </message>
    <message>
      <source>例如：互联网边界 SSL VPN、数据库服务器</source>
      <translation>e.g. Internet SSL VPN, database server</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
  </context>
  <context>
    <name>AddRiskDialog</name>
    <message>
      <source>添加高风险项</source>
      <translation>Add high risk</translation>
    </message>
    <message>
      <source>必填：发现的问题及判为高风险的依据</source>
      <translation>Required: the problem found and why it is a high risk</translation>
    </message>
    <message>
      <source>指引条目</source>
      <translation>Guide item</translation>
    </message>
    <message>
      <source>测评单元</source>
      <translation>Test unit</translation>
    </message>
    <message>
      <source>测评对象</source>
      <translation>Test object</translation>
    </message>
    <message>
      <source>理由 *</source>
      <translation>Reason *</translation>
    </message>
    <message>
      <source>（整个测评单元）</source>
      <translation>(whole test unit)</translation>
    </message>
  </context>
  <context>
    <name>BackupDialog</name>
    <message>
      <source>启动时自动备份</source>
      <translation>Automatic backup at start-up</translation>
    </message>
    <message>
      <source>编辑期间自动备份</source>
      <translation>Automatic backup while editing</translation>
    </message>
    <message>
      <source>手动备份</source>
      <translation>Manual backup</translation>
    </message>
    <message>
      <source>恢复前的状态</source>
      <translation>State before a restore</translation>
    </message>
    <message>
      <source>重置示例数据前</source>
      <translation>Before resetting the demo data</translation>
    </message>
    <message>
      <source>删除测评项目 #%1 前</source>
      <translation>Before deleting assessment #%1</translation>
    </message>
    <message>
      <source>替换测评项目 #%1 前</source>
      <translation>Before replacing assessment #%1</translation>
    </message>
  </context>
  <context>
    <name>BackupTableModel</name>
    <message>
      <source>备份时间</source>
      <translation>Backup time</translation>
    </message>
    <message>
      <source>原因</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>大小</source>
      <translation>Size</translation>
    </message>
  </context>
  <context>
    <name>BackupsFeature</name>
    <message>
      <source>已从备份恢复</source>
      <translation>Restored from backup</translation>
    </message>
    <message>
      <source>立即备份数据库</source>
      <translation>Back up the database now</translation>
    </message>
    <message>
      <source>从备份恢复…</source>
      <translation>Restore from backup…</translation>
    </message>
    <message>
      <source>自动备份失败（%1）</source>
      <translation>Automatic backup failed (%1)</translation>
    </message>
    <message>
      <source>%1
请排除原因后在 工具 → 立即备份数据库 重试；备份成功后此提示消失。</source>
      <translation>%1
Fix the cause, then retry with Tools → Back up the database now; this warning disappears once a backup succeeds.</translation>
    </message>
    <message>
      <source>自动备份失败：%1</source>
      <translation>Automatic backup failed: %1</translation>
    </message>
    <message>
      <source>已备份：%1</source>
      <translation>Backed up: %1</translation>
    </message>
  </context>
  <context>
    <name>BreachNotifier</name>
    <message>
      <source>SLA 超时</source>
      <translation>SLA breached</translation>
    </message>
  </context>
  <context>
    <name>CalendarPage</name>
    <message>
      <source>年份</source>
      <translation>Year</translation>
    </message>
    <message>
      <source>休息日（节假日、调休放假的工作日）</source>
      <translation>Rest days (holidays and weekdays off in lieu)</translation>
    </message>
    <message>
      <source>调休上班日（周末上班）</source>
      <translation>Make-up workdays (weekends worked)</translation>
    </message>
    <message>
      <source>依据，如 国务院办公厅关于2027年部分节假日安排的通知</source>
      <translation>Source, e.g. the State Council General Office notice on the 2027 holidays</translation>
    </message>
    <message>
      <source>载入 chinese-calendar 数据</source>
      <translation>Load the chinese-calendar data</translation>
    </message>
    <message>
      <source>删除本年设置</source>
      <translation>Delete this year's entry</translation>
    </message>
    <message>
      <source>添加</source>
      <translation>Add</translation>
    </message>
    <message>
      <source>删除所选</source>
      <translation>Remove selected</translation>
    </message>
    <message>
      <source>将删除 %1 年的工作日历（确定或应用后生效），恢复为 chinese-calendar 的数据或仅按周末。</source>
      <translation>The working calendar of %1 will be deleted (on OK or Apply); the chinese-calendar data, or weekends only, apply again.</translation>
    </message>
    <message>
      <source>已录入 %1 年的工作日历（覆盖 chinese-calendar 的数据）。</source>
      <translation>The working calendar of %1 has been entered (it overrides the chinese-calendar data).</translation>
    </message>
    <message>
      <source>chinese-calendar 已收录 %1 年的法定节假日与调休；如国务院另有调整，可在此录入。</source>
      <translation>chinese-calendar has the public holidays and make-up days of %1; enter any later State Council change here.</translation>
    </message>
    <message>
      <source>日历未核实：chinese-calendar 没有 %1 年的数据。请依据国务院办公厅的节假日安排通知录入。</source>
      <translation>Calendar not verified: chinese-calendar has no data for %1. Enter it from the State Council General Office's holiday notice.</translation>
    </message>
    <message>
      <source>未保存：%1 年</source>
      <translation>Not saved: %1</translation>
    </message>
    <message>
      <source>chinese-calendar 没有该年的数据，请手工录入。</source>
      <translation>chinese-calendar has no data for this year; enter it by hand.</translation>
    </message>
  </context>
  <context>
    <name>CardDelegate</name>
    <message>
      <source>  挂起</source>
      <translation>  paused</translation>
    </message>
  </context>
  <context>
    <name>CaseListDialog</name>
    <message>
      <source>测评项目列表</source>
      <translation>Cases</translation>
    </message>
    <message>
      <source>按系统名称、委托单位或报告编号筛选…</source>
      <translation>Filter by system, client or report number…</translation>
    </message>
    <message>
      <source>显示已归档</source>
      <translation>Show archived</translation>
    </message>
    <message>
      <source>打开</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>复制为新项目…</source>
      <translation>Duplicate…</translation>
    </message>
    <message>
      <source>归档</source>
      <translation>Archive</translation>
    </message>
    <message>
      <source>删除…</source>
      <translation>Delete…</translation>
    </message>
    <message>
      <source>关闭</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>取消归档</source>
      <translation>Unarchive</translation>
    </message>
    <message>
      <source>复制为新项目</source>
      <translation>Duplicate case</translation>
    </message>
    <message>
      <source>新项目的系统名称：</source>
      <translation>System name of the new case:</translation>
    </message>
    <message>
      <source>删除测评项目</source>
      <translation>Delete case</translation>
    </message>
    <message>
      <source>确定删除“%1”？
删除前会自动备份数据库，可通过“从备份恢复”找回。</source>
      <translation>Delete “%1”?
The database is backed up first; use “Restore from backup” to get it back.</translation>
    </message>
  </context>
  <context>
    <name>CaseTableModel</name>
    <message>
      <source>被测系统</source>
      <translation>System</translation>
    </message>
    <message>
      <source>等级</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>委托单位</source>
      <translation>Client</translation>
    </message>
    <message>
      <source>报告编号</source>
      <translation>Report no.</translation>
    </message>
    <message>
      <source>最近修改</source>
      <translation>Last changed</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>示例</source>
      <translation>Demo</translation>
    </message>
    <message>
      <source>已归档</source>
      <translation>Archived</translation>
    </message>
  </context>
  <context>
    <name>CasesFeature</name>
    <message>
      <source>新建测评项目…</source>
      <translation>New case…</translation>
    </message>
    <message>
      <source>测评项目列表…</source>
      <translation>Cases…</translation>
    </message>
    <message>
      <source>测评项目信息…</source>
      <translation>Case details…</translation>
    </message>
    <message>
      <source>导入测评项目（mipin-case/1）…</source>
      <translation>Import assessment (mipin-case/1)…</translation>
    </message>
    <message>
      <source>导出测评项目（mipin-case/1）…</source>
      <translation>Export assessment (mipin-case/1)…</translation>
    </message>
    <message>
      <source>已新建：%1</source>
      <translation>Created: %1</translation>
    </message>
    <message>
      <source>修改测评项目信息</source>
      <translation>Edit case details</translation>
    </message>
    <message>
      <source>导入测评项目</source>
      <translation>Import assessment</translation>
    </message>
    <message>
      <source>密评项目 (*.json)</source>
      <translation>Assessment files (*.json)</translation>
    </message>
    <message>
      <source>
……共 %1 处错误</source>
      <translation>
…%1 errors in total</translation>
    </message>
    <message>
      <source>导入失败，未导入任何内容</source>
      <translation>Import failed; nothing was imported</translation>
    </message>
    <message>
      <source>已导入：%1（%2）</source>
      <translation>Imported: %1 (%2)</translation>
    </message>
    <message>
      <source>
……共 %1 条提示</source>
      <translation>
… %1 notices in all</translation>
    </message>
    <message>
      <source>已导入，但有 %1 条提示</source>
      <translation>Imported, with %1 notices</translation>
    </message>
    <message>
      <source>已导入“%1”。请核对以下提示（未识别的字段没有导入）：</source>
      <translation>Imported “%1”. Please check these notices (unknown fields were not imported):</translation>
    </message>
    <message>
      <source>导出测评项目</source>
      <translation>Export assessment</translation>
    </message>
    <message>
      <source>已导出：%1</source>
      <translation>Exported: %1</translation>
    </message>
  </context>
  <context>
    <name>ChecklistFeature</name>
    <message>
      <source>查找…</source>
      <translation>Find…</translation>
    </message>
  </context>
  <context>
    <name>ChecklistTab</name>
    <message>
      <source>证据（%1）</source>
      <translation>Evidence (%1)</translation>
    </message>
    <message>
      <source>总分</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>得分范围</source>
      <translation>Score range</translation>
    </message>
  </context>
  <context>
    <name>ChecksPanel</name>
    <message>
      <source>页面检查（适老化与脱敏）</source>
      <translation>Page checks (elder-friendly design and masking)</translation>
    </message>
    <message>
      <source>尚未检查</source>
      <translation>Not checked yet</translation>
    </message>
    <message>
      <source>页面检查结果</source>
      <translation>Page check results</translation>
    </message>
    <message>
      <source>标准版：文字 ≥ 14 px，点击区域 ≥ 44 × 44 px；长辈版：文字 ≥ 18 px，点击区域 ≥ 60 × 60 px；文字与背景对比度 ≥ 4.5:1（WCAG 2）；页面上不得出现完整的姓名或证件号码。</source>
      <translation>Standard mode: text ≥ 14 px, tap targets ≥ 44 × 44 px; elder mode: text ≥ 18 px, tap targets ≥ 60 × 60 px; text contrast ≥ 4.5:1 (WCAG 2); no full name or certificate number on the page.</translation>
    </message>
    <message>
      <source>重新检查当前页面</source>
      <translation>Check the page again</translation>
    </message>
    <message>
      <source>页面 %1 · 视口 %2 CSS px</source>
      <translation>Page %1 · viewport %2 CSS px</translation>
    </message>
  </context>
  <context>
    <name>ClassifyDialog</name>
    <message>
      <source>故障分级助手</source>
      <translation>Fault classification helper</translation>
    </message>
    <message>
      <source>故障可能在多方面体现影响：勾选每个方面符合的描述，综合等级取其中最严重者（合同 1.1.3）。</source>
      <translation>A fault may show in several aspects: tick the description each aspect matches; the overall level is the most severe one (contract 1.1.3).</translation>
    </message>
    <message>
      <source>（业务中断 %1 分钟）</source>
      <translation> (business interrupted for %1 min)</translation>
    </message>
    <message>
      <source>请至少勾选一项</source>
      <translation>Tick at least one aspect</translation>
    </message>
    <message>
      <source>综合等级：</source>
      <translation>Overall level: </translation>
    </message>
  </context>
  <context>
    <name>CrashDialog</name>
    <message>
      <source>程序出错</source>
      <translation>Unexpected error</translation>
    </message>
    <message>
      <source>发生了意外错误。您的数据已自动保存。请复制以下信息发给技术支持。</source>
      <translation>An unexpected error occurred. Your data has been saved. Please copy the details below and send them to support.</translation>
    </message>
    <message>
      <source>复制错误信息</source>
      <translation>Copy details</translation>
    </message>
    <message>
      <source>无法完成操作</source>
      <translation>Could not complete the action</translation>
    </message>
  </context>
  <context>
    <name>EvidenceActions</name>
    <message>
      <source>附加证据文件</source>
      <translation>Attach evidence files</translation>
    </message>
    <message>
      <source>所有文件 (*)</source>
      <translation>All files (*)</translation>
    </message>
    <message>
      <source>无法读取 %1：%2</source>
      <translation>Cannot read %1: %2</translation>
    </message>
    <message>
      <source>证据文件较大</source>
      <translation>Large evidence file</translation>
    </message>
    <message>
      <source>“%1”有 %2 MB，超过 %3 MB。
仍要复制到证据库吗？</source>
      <translation>“%1” is %2 MB, more than %3 MB.
Copy it into the evidence store anyway?</translation>
    </message>
    <message>
      <source>正在复制并计算 SHA-256：%1</source>
      <translation>Copying and hashing (SHA-256): %1</translation>
    </message>
    <message>
      <source>附加证据 %1</source>
      <translation>Attach evidence %1</translation>
    </message>
    <message>
      <source>已附加证据 %1（SHA-256 %2…）</source>
      <translation>Evidence attached: %1 (SHA-256 %2…)</translation>
    </message>
    <message>
      <source>证书无法解析</source>
      <translation>Unreadable certificate</translation>
    </message>
    <message>
      <source>“%1”已作为证据保存，但不是可读取的 X.509 证书：
%2</source>
      <translation>“%1” was saved as evidence, but it is not a readable X.509 certificate:
%2</translation>
    </message>
    <message>
      <source>主题：%1</source>
      <translation>Subject: %1</translation>
    </message>
    <message>
      <source>颁发者：%1</source>
      <translation>Issuer: %1</translation>
    </message>
    <message>
      <source>有效期：%1 至 %2</source>
      <translation>Valid: %1 to %2</translation>
    </message>
    <message>
      <source>公钥：%1</source>
      <translation>Public key: %1</translation>
    </message>
    <message>
      <source>签名算法：%1</source>
      <translation>Signature algorithm: %1</translation>
    </message>
    <message>
      <source>将 %1 加入测评对象“%2”的密码算法？（Ra 与高风险 5.1 随之更新）</source>
      <translation>Add %1 to the algorithms of test object “%2”? (Ra and high-risk item 5.1 follow)</translation>
    </message>
    <message>
      <source>证书</source>
      <translation>Certificate</translation>
    </message>
    <message>
      <source>对象已包含证书涉及的算法</source>
      <translation>The object already lists the certificate's algorithms</translation>
    </message>
    <message>
      <source>加入证书算法 %1</source>
      <translation>Add certificate algorithms %1</translation>
    </message>
    <message>
      <source>移除证据 %1</source>
      <translation>Remove evidence %1</translation>
    </message>
    <message>
      <source>证据库中找不到该文件（%1）</source>
      <translation>The file is missing from the evidence store (%1)</translation>
    </message>
  </context>
  <context>
    <name>EvidencePanel</name>
    <message>
      <source>附加到：</source>
      <translation>Attach to:</translation>
    </message>
    <message>
      <source>附加文件…</source>
      <translation>Attach files…</translation>
    </message>
    <message>
      <source>查看副本</source>
      <translation>View copy</translation>
    </message>
    <message>
      <source>移除</source>
      <translation>Remove</translation>
    </message>
    <message>
      <source>对象“%1”（本单元）</source>
      <translation>Object “%1” (this unit)</translation>
    </message>
    <message>
      <source>对象“%1”（所有单元）</source>
      <translation>Object “%1” (all units)</translation>
    </message>
    <message>
      <source>测评单元 %1</source>
      <translation>Test unit %1</translation>
    </message>
    <message>
      <source>有效</source>
      <translation>valid</translation>
    </message>
    <message>
      <source>不在有效期内</source>
      <translation>not valid now</translation>
    </message>
    <message>
      <source>主题</source>
      <translation>Subject</translation>
    </message>
    <message>
      <source>颁发者</source>
      <translation>Issuer</translation>
    </message>
    <message>
      <source>有效期</source>
      <translation>Validity</translation>
    </message>
    <message>
      <source>公钥</source>
      <translation>Public key</translation>
    </message>
    <message>
      <source>签名算法</source>
      <translation>Signature</translation>
    </message>
    <message>
      <source>涉及算法</source>
      <translation>Algorithms used</translation>
    </message>
    <message>
      <source>将 %1 加入对象的算法</source>
      <translation>Add %1 to the object's algorithms</translation>
    </message>
  </context>
  <context>
    <name>EvidenceTableModel</name>
    <message>
      <source>文件</source>
      <translation>File</translation>
    </message>
    <message>
      <source>附加到</source>
      <translation>Attached to</translation>
    </message>
    <message>
      <source>取证方式</source>
      <translation>Method</translation>
    </message>
    <message>
      <source>可靠性</source>
      <translation>Reliability</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>附加时间</source>
      <translation>Attached</translation>
    </message>
    <message>
      <source>该证据显示的 %1 结果（1 = √，2 = ×，3 = /）</source>
      <translation>The %1 result this evidence shows (1 = √, 2 = ×, 3 = /)</translation>
    </message>
    <message>
      <source>本测评单元</source>
      <translation>This test unit</translation>
    </message>
    <message>
      <source>所有单元</source>
      <translation>all units</translation>
    </message>
    <message>
      <source>修改证据 %1</source>
      <translation>Change evidence %1</translation>
    </message>
  </context>
  <context>
    <name>ExplainDialog</name>
    <message>
      <source>计算过程 — %1</source>
      <translation>Calculation — %1</translation>
    </message>
    <message>
      <source>复制</source>
      <translation>Copy</translation>
    </message>
  </context>
  <context>
    <name>FindDialog</name>
    <message>
      <source>查找</source>
      <translation>Find</translation>
    </message>
    <message>
      <source>查找测评对象、结果记录、不适用理由或证据…</source>
      <translation>Find test objects, records, N/A reasons or evidence…</translation>
    </message>
    <message>
      <source>找到 %1 处</source>
      <translation>%1 matches</translation>
    </message>
  </context>
  <context>
    <name>FindResultsModel</name>
    <message>
      <source>测评单元</source>
      <translation>Test unit</translation>
    </message>
    <message>
      <source>测评对象</source>
      <translation>Test object</translation>
    </message>
    <message>
      <source>位置</source>
      <translation>Where</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Text</translation>
    </message>
  </context>
  <context>
    <name>GeneralPage</name>
    <message>
      <source>界面语言在重新启动后生效。</source>
      <translation>The interface language changes after a restart.</translation>
    </message>
  </context>
  <context>
    <name>H5Feature</name>
    <message>
      <source>H5 页面检查未通过，详见检查面板</source>
      <translation>The H5 page checks failed; see the checks panel</translation>
    </message>
  </context>
  <context>
    <name>H5Preview</name>
    <message>
      <source>手机屏幕</source>
      <translation>Phone screen</translation>
    </message>
    <message>
      <source>屏幕尺寸</source>
      <translation>Screen size</translation>
    </message>
    <message>
      <source>长辈版（大字模式）</source>
      <translation>Elder mode (large text)</translation>
    </message>
    <message>
      <source>模拟居民与场景</source>
      <translation>Simulated resident and scenario</translation>
    </message>
    <message>
      <source>模拟居民</source>
      <translation>Simulated resident</translation>
    </message>
    <message>
      <source>模拟居民（合成数据，已脱敏显示）</source>
      <translation>Simulated resident (synthetic data, shown masked)</translation>
    </message>
    <message>
      <source>正常登录</source>
      <translation>Normal login</translation>
    </message>
    <message>
      <source>无档案</source>
      <translation>No archive</translation>
    </message>
    <message>
      <source>姓名不一致</source>
      <translation>Name mismatch</translation>
    </message>
    <message>
      <source>令牌过期</source>
      <translation>Expired token</translation>
    </message>
    <message>
      <source>在浏览器中打开</source>
      <translation>Open in browser</translation>
    </message>
    <message>
      <source>页面视口 %1 × %2 CSS px，按窗口高度缩小显示为 %3%</source>
      <translation>Page viewport %1 × %2 CSS px, shown at %3% to fit the window height</translation>
    </message>
    <message>
      <source>页面视口 %1 × %2 CSS px</source>
      <translation>Page viewport %1 × %2 CSS px</translation>
    </message>
    <message>
      <source>H5 服务未能启动：%1</source>
      <translation>The H5 service could not start: %1</translation>
    </message>
    <message>
      <source>后端：%1（演示模式，运行在本进程内）</source>
      <translation>Backend: %1 (demo mode, running in this process)</translation>
    </message>
    <message>
      <source>H5 页面未能加载；可点击右侧的场景按钮重试。</source>
      <translation>The H5 page could not be loaded; click a scenario button on the right to try again.</translation>
    </message>
    <message>
      <source>页面检查脚本没有结果（页面未能加载？）</source>
      <translation>The page checks returned nothing (did the page fail to load?)</translation>
    </message>
    <message>
      <source>H5 服务已停止。</source>
      <translation>The H5 service has stopped.</translation>
    </message>
  </context>
  <context>
    <name>HelpDialog</name>
    <message>
      <source>用户指南</source>
      <translation>User guide</translation>
    </message>
    <message>
      <source>键盘快捷键</source>
      <translation>Keyboard shortcuts</translation>
    </message>
    <message>
      <source>参考：测评检查表与高风险判定</source>
      <translation>Reference: checklist and high risks</translation>
    </message>
    <message>
      <source>参考：报告与Excel</source>
      <translation>Reference: reports and Excel</translation>
    </message>
    <message>
      <source>参考：mipin-case/1 交换文件</source>
      <translation>Reference: the mipin-case/1 exchange file</translation>
    </message>
    <message>
      <source>位置</source>
      <translation>Where</translation>
    </message>
    <message>
      <source>按键</source>
      <translation>Keys</translation>
    </message>
    <message>
      <source>作用</source>
      <translation>Does</translation>
    </message>
    <message>
      <source>帮助</source>
      <translation>Help</translation>
    </message>
    <message>
      <source>无法读取帮助页 %1：%2</source>
      <translation>Cannot read the help page %1: %2</translation>
    </message>
  </context>
  <context>
    <name>HelpFeature</name>
    <message>
      <source>用户指南</source>
      <translation>User guide</translation>
    </message>
    <message>
      <source>键盘快捷键</source>
      <translation>Keyboard shortcuts</translation>
    </message>
  </context>
  <context>
    <name>KeyringPrompt</name>
    <message>
      <source>未找到系统密钥环</source>
      <translation>No system keyring found</translation>
    </message>
    <message>
      <source>是否仅在本次运行期间将口令保存在内存中？</source>
      <translation>Keep the password in memory for this session only?</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>切换当前测评项目</source>
      <translation>Switch the current assessment</translation>
    </message>
    <message>
      <source>常规</source>
      <translation>General</translation>
    </message>
    <message>
      <source>测评项目</source>
      <translation>Assessment</translation>
    </message>
    <message>
      <source> 当前测评项目：</source>
      <translation> Current assessment: </translation>
    </message>
    <message>
      <source>文件(&amp;F)</source>
      <translation>&amp;File</translation>
    </message>
    <message>
      <source>退出</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>编辑(&amp;E)</source>
      <translation>&amp;Edit</translation>
    </message>
    <message>
      <source>撤销</source>
      <translation>Undo</translation>
    </message>
    <message>
      <source>重做</source>
      <translation>Redo</translation>
    </message>
    <message>
      <source>撤销 %1</source>
      <translation>Undo %1</translation>
    </message>
    <message>
      <source>重做 %1</source>
      <translation>Redo %1</translation>
    </message>
    <message>
      <source>视图(&amp;V)</source>
      <translation>&amp;View</translation>
    </message>
    <message>
      <source>工具(&amp;T)</source>
      <translation>&amp;Tools</translation>
    </message>
    <message>
      <source>设置…</source>
      <translation>Settings…</translation>
    </message>
    <message>
      <source>帮助(&amp;H)</source>
      <translation>&amp;Help</translation>
    </message>
    <message>
      <source>关于</source>
      <translation>About</translation>
    </message>
    <message>
      <source>数据：%1 · %2</source>
      <translation>Data: %1 · %2</translation>
    </message>
    <message>
      <source>提示：未找到系统密钥环，口令类信息不会被保存。</source>
      <translation>Note: no system keyring was found; passwords will not be saved.</translation>
    </message>
    <message>
      <source>设置</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>请在 工具 → 设置… 中检查并重新设置。</source>
      <translation>Please check and set them again in Tools → Settings….</translation>
    </message>
    <message>
      <source>测评检查表</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <source>高风险判定</source>
      <translation>High risks</translation>
    </message>
    <message>
      <source>密改方案</source>
      <translation>Remediation plan</translation>
    </message>
    <message>
      <source>运维SLA看板</source>
      <translation>Ops SLA board</translation>
    </message>
    <message>
      <source>智桂通H5预览</source>
      <translation>Zhiguitong H5 preview</translation>
    </message>
    <message>
      <source>报告(&amp;R)</source>
      <translation>&amp;Report</translation>
    </message>
  </context>
  <context>
    <name>ModuleLevelDelegate</name>
    <message>
      <source>（未给出）</source>
      <translation>(not given)</translation>
    </message>
    <message>
      <source>%1 级</source>
      <translation>Level %1</translation>
    </message>
  </context>
  <context>
    <name>NamesEditor</name>
    <message>
      <source>输入名称，逗号分隔</source>
      <translation>Names, comma-separated</translation>
    </message>
  </context>
  <context>
    <name>NewCaseDialog</name>
    <message>
      <source>未填写</source>
      <translation>not set</translation>
    </message>
    <message>
      <source>新建测评项目</source>
      <translation>New case</translation>
    </message>
    <message>
      <source>测评项目信息</source>
      <translation>Case details</translation>
    </message>
    <message>
      <source>例如：梧州市全民健康信息平台</source>
      <translation>e.g. Wuzhou population health information platform</translation>
    </message>
    <message>
      <source>委托单位，例如：梧州市卫生健康委员会</source>
      <translation>Client, e.g. Wuzhou Health Commission</translation>
    </message>
    <message>
      <source>被测系统名称 *</source>
      <translation>System name *</translation>
    </message>
    <message>
      <source>等级</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>委托单位</source>
      <translation>Client</translation>
    </message>
    <message>
      <source>测评机构</source>
      <translation>Assessor</translation>
    </message>
    <message>
      <source>报告编号</source>
      <translation>Report no.</translation>
    </message>
    <message>
      <source>评估开始日期</source>
      <translation>Assessment start</translation>
    </message>
    <message>
      <source>评估结束日期</source>
      <translation>Assessment end</translation>
    </message>
    <message>
      <source>测评过程（GM/T 0116 四个阶段）</source>
      <translation>Assessment process (the four GM/T 0116 phases)</translation>
    </message>
    <message>
      <source>开始</source>
      <translation>Start</translation>
    </message>
    <message>
      <source>结束</source>
      <translation>End</translation>
    </message>
    <message>
      <source>请检查输入</source>
      <translation>Please check the input</translation>
    </message>
  </context>
  <context>
    <name>NewTicketDialog</name>
    <message>
      <source>新建工单</source>
      <translation>New ticket</translation>
    </message>
    <message>
      <source>分级助手…</source>
      <translation>Classify…</translation>
    </message>
    <message>
      <source>需要现场服务</source>
      <translation>On-site service needed</translation>
    </message>
    <message>
      <source>报告时间早于现在时必须填写</source>
      <translation>Required when the report time is in the past</translation>
    </message>
    <message>
      <source>编号</source>
      <translation>Number</translation>
    </message>
    <message>
      <source>标题</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>故障等级</source>
      <translation>Fault level</translation>
    </message>
    <message>
      <source>联系方式</source>
      <translation>Contact</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>安全事件类别</source>
      <translation>Security category</translation>
    </message>
    <message>
      <source>负责人</source>
      <translation>Assignee</translation>
    </message>
    <message>
      <source>报告渠道</source>
      <translation>Reported via</translation>
    </message>
    <message>
      <source>报告人</source>
      <translation>Reported by</translation>
    </message>
    <message>
      <source>报告时间</source>
      <translation>Reported at</translation>
    </message>
    <message>
      <source>补录原因</source>
      <translation>Reason for back-dating</translation>
    </message>
    <message>
      <source>请填写标题（故障现象），工单未创建。</source>
      <translation>Enter a title (the symptom); the ticket was not created.</translation>
    </message>
  </context>
  <context>
    <name>ObjectActions</name>
    <message>
      <source>添加测评对象到 %1：%2</source>
      <translation>Add test objects to %1: %2</translation>
    </message>
    <message>
      <source>将 %1 移出 %2</source>
      <translation>Remove %1 from %2</translation>
    </message>
    <message>
      <source>新建测评对象</source>
      <translation>New test object</translation>
    </message>
    <message>
      <source>测评对象名称：</source>
      <translation>Test object name:</translation>
    </message>
    <message>
      <source>新建测评对象 %1</source>
      <translation>New test object %1</translation>
    </message>
    <message>
      <source>删除测评对象</source>
      <translation>Delete test object</translation>
    </message>
    <message>
      <source>“%1”在 %2 中有测评结果，删除后一并移除（可撤销）。继续？</source>
      <translation>“%1” has results in %2; they are removed with it (can be undone). Continue?</translation>
    </message>
    <message>
      <source>删除测评对象 %1</source>
      <translation>Delete test object %1</translation>
    </message>
  </context>
  <context>
    <name>ObjectMatrixModel</name>
    <message>
      <source>测评对象</source>
      <translation>Test object</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>（本单元常见的测评对象类型）</source>
      <translation> (a usual object type of this unit)</translation>
    </message>
  </context>
  <context>
    <name>ObjectTableModel</name>
    <message>
      <source>测评对象</source>
      <translation>Test object</translation>
    </message>
    <message>
      <source>密码算法</source>
      <translation>Algorithms</translation>
    </message>
    <message>
      <source>密码协议</source>
      <translation>Protocols</translation>
    </message>
    <message>
      <source>模块等级</source>
      <translation>Module</translation>
    </message>
    <message>
      <source>得分</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>证据</source>
      <translation>Evidence</translation>
    </message>
    <message>
      <source>D 密码使用有效性：1 = √，2 = ×，3 = /</source>
      <translation>D effective use of cryptography: 1 = √, 2 = ×, 3 = /</translation>
    </message>
    <message>
      <source>A 密码算法/技术合规性：1 = √，2 = ×，3 = /</source>
      <translation>A algorithm/technique compliance: 1 = √, 2 = ×, 3 = /</translation>
    </message>
    <message>
      <source>K 密钥管理安全：1 = √，2 = ×，3 = /</source>
      <translation>K key management: 1 = √, 2 = ×, 3 = /</translation>
    </message>
    <message>
      <source>逗号分隔，输入时自动补全目录中的算法名称</source>
      <translation>Comma-separated; completes the catalogue's algorithm names</translation>
    </message>
    <message>
      <source>逗号分隔，输入时自动补全目录中的协议名称</source>
      <translation>Comma-separated; completes the catalogue's protocol names</translation>
    </message>
    <message>
      <source>GB/T 37092 密码模块安全等级（1–4）</source>
      <translation>GB/T 37092 security level of the crypto module (1–4)</translation>
    </message>
    <message>
      <source>测评对象得分 S(i,j,k)；点击查看计算过程</source>
      <translation>Object score S(i,j,k); click to see how it was calculated</translation>
    </message>
    <message>
      <source>证据条数；⚠ 表示证据相互矛盾</source>
      <translation>Number of evidence items; ⚠ = evidence disagrees</translation>
    </message>
    <message>
      <source>D=√ 时须给出 A 和 K，补全前按未测计</source>
      <translation>With D=√, A and K are required; until then the object counts as untested</translation>
    </message>
    <message>
      <source>该对象的证据相互矛盾或与录入结果不一致，见“证据”页</source>
      <translation>Evidence of this object disagrees, or disagrees with the entered result; see the Evidence page</translation>
    </message>
  </context>
  <context>
    <name>ObjectsDialog</name>
    <message>
      <source>测评对象管理</source>
      <translation>Test objects</translation>
    </message>
    <message>
      <source>每个测评对象只定义一次，勾选它所属的技术测评单元。蓝色底纹表示目录中该单元常见的对象类型。</source>
      <translation>Define each test object once and tick the technical units it belongs to. A blue background marks the usual object types of a unit.</translation>
    </message>
    <message>
      <source>新建测评对象…</source>
      <translation>New test object…</translation>
    </message>
    <message>
      <source>删除测评对象</source>
      <translation>Delete test object</translation>
    </message>
    <message>
      <source>关闭</source>
      <translation>Close</translation>
    </message>
  </context>
  <context>
    <name>ObligationsDialog</name>
    <message>
      <source>服务义务</source>
      <translation>Service obligations</translation>
    </message>
    <message>
      <source>到期</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>证据（SHA-256）</source>
      <translation>Evidence (SHA-256)</translation>
    </message>
    <message>
      <source>标记完成</source>
      <translation>Mark done</translation>
    </message>
    <message>
      <source>取消完成</source>
      <translation>Mark not done</translation>
    </message>
    <message>
      <source>添加证据文件…</source>
      <translation>Add evidence file…</translation>
    </message>
    <message>
      <source>按合同生成计划</source>
      <translation>Schedule from the contract</translation>
    </message>
    <message>
      <source>进度落后：</source>
      <translation>Behind schedule: </translation>
    </message>
    <message>
      <source>选择证据文件</source>
      <translation>Choose an evidence file</translation>
    </message>
  </context>
  <context>
    <name>OptimumPanel</name>
    <message>
      <source>求最省方案</source>
      <translation>Find the cheapest plan</translation>
    </message>
    <message>
      <source>费用未知的按 0 计（结果为下界）</source>
      <translation>Count unknown costs as 0 (a lower bound)</translation>
    </message>
    <message>
      <source>尽量少选费用未知的条目</source>
      <translation>Choose as few unknown-cost items as possible</translation>
    </message>
    <message>
      <source>采用此方案（只选用这些条目）</source>
      <translation>Adopt it (select only these items)</translation>
    </message>
    <message>
      <source>求使总分达到阈值且不留高风险的费用最低的条目组合（精确求解，非贪心）。</source>
      <translation>Finds the cheapest set of items that reaches the threshold and leaves no high risk (solved exactly, not greedily).</translation>
    </message>
    <message>
      <source>目标结论：</source>
      <translation>Target conclusion:</translation>
    </message>
    <message>
      <source>没有条目组合能达到目标结论</source>
      <translation>No set of items reaches the target conclusion</translation>
    </message>
    <message>
      <source>已证明最优</source>
      <translation>proved optimal</translation>
    </message>
    <message>
      <source>未能证明最优（求解超时）</source>
      <translation>not proved optimal (solver time limit)</translation>
    </message>
    <message>
      <source> 万元</source>
      <translation> ×10k CNY</translation>
    </message>
    <message>
      <source>（另有 %1 项措施费用未知，未计入）</source>
      <translation> (%1 more measures of unknown cost, not counted)</translation>
    </message>
    <message>
      <source>达到%1的最省方案：%2 项，费用 %3，%4；实施后总分 %5。求解器：%6</source>
      <translation>Cheapest plan reaching %1: %2 items, cost %3, %4; projected total %5. Solver: %6</translation>
    </message>
  </context>
  <context>
    <name>PackageActions</name>
    <message>
      <source>导出案例包</source>
      <translation>Export case package</translation>
    </message>
    <message>
      <source>案例包含有测评记录和全部证据文件。是否用口令加密？</source>
      <translation>The package holds the assessment records and all evidence files. Encrypt it with a passphrase?</translation>
    </message>
    <message>
      <source>加密后（SM4-GCM 或 AES-256-GCM），没有口令无法打开；存放在 U 盘或外发时请务必加密。</source>
      <translation>Encrypted (SM4-GCM or AES-256-GCM), it cannot be opened without the passphrase. Always encrypt packages on USB sticks or sent elsewhere.</translation>
    </message>
    <message>
      <source>加密（推荐）</source>
      <translation>Encrypt (recommended)</translation>
    </message>
    <message>
      <source>不加密</source>
      <translation>Do not encrypt</translation>
    </message>
    <message>
      <source>案例包口令</source>
      <translation>Package passphrase</translation>
    </message>
    <message>
      <source>口令（至少 %1 个字符）：</source>
      <translation>Passphrase (at least %1 characters):</translation>
    </message>
    <message>
      <source>口令：</source>
      <translation>Passphrase:</translation>
    </message>
    <message>
      <source>再次输入口令：</source>
      <translation>Repeat the passphrase:</translation>
    </message>
    <message>
      <source>两次输入的口令不一致，未导出。</source>
      <translation>The passphrases differ; nothing was exported.</translation>
    </message>
    <message>
      <source>测评项目已存在</source>
      <translation>Assessment already exists</translation>
    </message>
    <message>
      <source>测评项目 #%1“%2”已在本机。</source>
      <translation>Assessment #%1 "%2" is already on this computer.</translation>
    </message>
    <message>
      <source>作为副本导入：保留现有项目，另建一个副本。
替换现有项目：先备份数据库，再用案例包的内容替换。</source>
      <translation>Import as copy: keep the existing assessment and add a copy.
Replace: back up the database, then replace it with the package content.</translation>
    </message>
    <message>
      <source>作为副本导入</source>
      <translation>Import as copy</translation>
    </message>
    <message>
      <source>替换现有项目（先备份）</source>
      <translation>Replace (after a backup)</translation>
    </message>
    <message>
      <source>导出案例包（.wbcase，含证据）…</source>
      <translation>Export case package (.wbcase, with evidence)…</translation>
    </message>
    <message>
      <source>导入案例包（.wbcase）…</source>
      <translation>Import case package (.wbcase)…</translation>
    </message>
    <message>
      <source>正在导出案例包…</source>
      <translation>Exporting the case package…</translation>
    </message>
    <message>
      <source>（已加密）</source>
      <translation>(encrypted)</translation>
    </message>
    <message>
      <source>（未加密）</source>
      <translation>(not encrypted)</translation>
    </message>
    <message>
      <source>已导出案例包：%1</source>
      <translation>Case package exported: %1</translation>
    </message>
    <message>
      <source>导入案例包</source>
      <translation>Import case package</translation>
    </message>
    <message>
      <source>正在校验案例包…</source>
      <translation>Verifying the case package…</translation>
    </message>
    <message>
      <source>导入失败，未导入任何内容</source>
      <translation>Import failed; nothing was imported</translation>
    </message>
    <message>
      <source>案例包未导入</source>
      <translation>Case package not imported</translation>
    </message>
    <message>
      <source>已取消导入</source>
      <translation>Import cancelled</translation>
    </message>
    <message>
      <source>已导入案例包</source>
      <translation>Case package imported</translation>
    </message>
    <message>
      <source>已作为副本导入</source>
      <translation>Imported as a copy</translation>
    </message>
    <message>
      <source>已替换现有项目（替换前已备份）</source>
      <translation>Replaced the existing assessment (backed up first)</translation>
    </message>
  </context>
  <context>
    <name>PhoneScreen</name>
    <message>
      <source>正在启动 H5 服务（演示模式）…</source>
      <translation>Starting the H5 service (demo mode)…</translation>
    </message>
    <message>
      <source>首次使用：正在生成演示数据库（合成居民），已完成 %1%。生成一次后保存在数据目录中，以后打开无需等待。</source>
      <translation>First use: creating the demo database (synthetic residents), %1% done. It is kept in the data folder: later openings do not wait for it.</translation>
    </message>
    <message>
      <source>正在启动 H5 服务（演示模式）：加载服务组件…</source>
      <translation>Starting the H5 service (demo mode): loading its components…</translation>
    </message>
    <message>
      <source>正在启动 H5 服务（演示模式）：打开演示数据库…</source>
      <translation>Starting the H5 service (demo mode): opening the demo database…</translation>
    </message>
    <message>
      <source>正在启动 H5 服务（演示模式）：启动本机服务…</source>
      <translation>Starting the H5 service (demo mode): starting the local server…</translation>
    </message>
    <message>
      <source>H5 服务已启动，正在加载页面…</source>
      <translation>The H5 service is running; loading the page…</translation>
    </message>
  </context>
  <context>
    <name>PlanFeature</name>
    <message>
      <source>价格表</source>
      <translation>Price list</translation>
    </message>
    <message>
      <source>价格表已保存</source>
      <translation>Price list saved</translation>
    </message>
  </context>
  <context>
    <name>PlanItemsModel</name>
    <message>
      <source>选用</source>
      <translation>Use</translation>
    </message>
    <message>
      <source>优先级</source>
      <translation>Priority</translation>
    </message>
    <message>
      <source>层面</source>
      <translation>Layer</translation>
    </message>
    <message>
      <source>单元/对象</source>
      <translation>Unit/object</translation>
    </message>
    <message>
      <source>问题</source>
      <translation>Problem</translation>
    </message>
    <message>
      <source>措施</source>
      <translation>Measure</translation>
    </message>
    <message>
      <source>产品（数量）</source>
      <translation>Products (quantity)</translation>
    </message>
    <message>
      <source>目标 D/A/K</source>
      <translation>Target D/A/K</translation>
    </message>
    <message>
      <source>消除高风险</source>
      <translation>Removes high risks</translation>
    </message>
    <message>
      <source>阶段</source>
      <translation>Phase</translation>
    </message>
    <message>
      <source>责任人</source>
      <translation>Owner</translation>
    </message>
    <message>
      <source>完成日期</source>
      <translation>Target date</translation>
    </message>
    <message>
      <source>费用（万元）</source>
      <translation>Cost (×10k CNY)</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>未知</source>
      <translation>unknown</translation>
    </message>
    <message>
      <source>（同一措施）</source>
      <translation> (same measure)</translation>
    </message>
    <message>
      <source>（价格表）</source>
      <translation> (price list)</translation>
    </message>
    <message>
      <source>测评结果中已无此问题</source>
      <translation>no longer in the findings</translation>
    </message>
    <message>
      <source>已编辑</source>
      <translation>edited</translation>
    </message>
    <message>
      <source>与 %1 同一措施</source>
      <translation>same measure as %1</translation>
    </message>
    <message>
      <source>基本符合依赖此项</source>
      <translation>基本符合 depends on it</translation>
    </message>
    <message>
      <source>选用条目</source>
      <translation>Use item</translation>
    </message>
    <message>
      <source>不选用条目</source>
      <translation>Do not use item</translation>
    </message>
    <message>
      <source>修改 %1</source>
      <translation>Edit %1</translation>
    </message>
    <message>
      <source>修改目标 %1</source>
      <translation>Edit the target of %1</translation>
    </message>
    <message>
      <source>生成</source>
      <translation>Generation</translation>
    </message>
    <message>
      <source>存储</source>
      <translation>Storage</translation>
    </message>
    <message>
      <source>分发</source>
      <translation>Distribution</translation>
    </message>
    <message>
      <source>导入导出</source>
      <translation>Import/export</translation>
    </message>
    <message>
      <source>使用</source>
      <translation>Use</translation>
    </message>
    <message>
      <source>备份</source>
      <translation>Backup</translation>
    </message>
    <message>
      <source>恢复</source>
      <translation>Recovery</translation>
    </message>
    <message>
      <source>归档</source>
      <translation>Archive</translation>
    </message>
    <message>
      <source>销毁</source>
      <translation>Destruction</translation>
    </message>
    <message>
      <source>条目</source>
      <translation>Item</translation>
    </message>
    <message>
      <source>为何需要</source>
      <translation>Why it is needed</translation>
    </message>
    <message>
      <source>密钥类型</source>
      <translation>Key type</translation>
    </message>
    <message>
      <source>适用单元</source>
      <translation>Units</translation>
    </message>
    <message>
      <source>产品</source>
      <translation>Product</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>部署位置</source>
      <translation>Location</translation>
    </message>
    <message>
      <source>算法</source>
      <translation>Algorithms</translation>
    </message>
    <message>
      <source>数量</source>
      <translation>Quantity</translation>
    </message>
    <message>
      <source>证书编号</source>
      <translation>Certificate no.</translation>
    </message>
    <message>
      <source>有效期至</source>
      <translation>Valid until</translation>
    </message>
    <message>
      <source>模块等级</source>
      <translation>Module</translation>
    </message>
    <message>
      <source>测评单元</source>
      <translation>Test unit</translation>
    </message>
    <message>
      <source>结论</source>
      <translation>Conclusion</translation>
    </message>
    <message>
      <source>密码技术应用点</source>
      <translation>Cryptographic application point</translation>
    </message>
    <message>
      <source>不适用理由</source>
      <translation>Reason for N/A</translation>
    </message>
    <message>
      <source>替代措施</source>
      <translation>Alternative measure</translation>
    </message>
    <message>
      <source>提示</source>
      <translation>Warnings</translation>
    </message>
    <message>
      <source>检查项</source>
      <translation>Check</translation>
    </message>
    <message>
      <source>要求</source>
      <translation>Req.</translation>
    </message>
    <message>
      <source>自动结果</source>
      <translation>Automatic result</translation>
    </message>
    <message>
      <source>结果</source>
      <translation>Result</translation>
    </message>
    <message>
      <source>评估意见</source>
      <translation>Reviewer's note</translation>
    </message>
    <message>
      <source>发现的问题</source>
      <translation>Findings</translation>
    </message>
  </context>
  <context>
    <name>PlanSession</name>
    <message>
      <source>修改价格表</source>
      <translation>Edit the price list</translation>
    </message>
  </context>
  <context>
    <name>PlanTab</name>
    <message>
      <source>从测评结果生成</source>
      <translation>Generate from the findings</translation>
    </message>
    <message>
      <source>导出 DOCX…</source>
      <translation>Export DOCX…</translation>
    </message>
    <message>
      <source>导出 PDF…</source>
      <translation>Export PDF…</translation>
    </message>
    <message>
      <source>筛选条目…</source>
      <translation>Filter items…</translation>
    </message>
    <message>
      <source>按层面分组</source>
      <translation>Group by layer</translation>
    </message>
    <message>
      <source>全部层面</source>
      <translation>All layers</translation>
    </message>
    <message>
      <source>最省方案</source>
      <translation>Cheapest plan</translation>
    </message>
    <message>
      <source>密钥管理</source>
      <translation>Key management</translation>
    </message>
    <message>
      <source>部署与产品清单</source>
      <translation>Deployment and products</translation>
    </message>
    <message>
      <source>安全与合规性分析</source>
      <translation>Security and compliance analysis</translation>
    </message>
    <message>
      <source>方案评估</source>
      <translation>Plan review</translation>
    </message>
    <message>
      <source>请先选择一个测评项目。</source>
      <translation>Select an assessment first.</translation>
    </message>
    <message>
      <source>此测评项目还没有密改方案：点击“从测评结果生成”，从测评结果起草方案条目。</source>
      <translation>This assessment has no retrofit plan yet: click “Generate from the findings” to draft its items.</translation>
    </message>
    <message>
      <source>共 %1 项条目，选用 %2 项</source>
      <translation>%1 items, %2 selected</translation>
    </message>
    <message>
      <source>；%1 项的测评问题已不存在（灰色，未删除）</source>
      <translation>; %1 no longer match a finding (grey, kept)</translation>
    </message>
    <message>
      <source>。双击单元格编辑；勾选“选用”即可测算；编辑 → 撤销可撤销。</source>
      <translation>. Double-click a cell to edit; tick “Use” to see the projection; Edit → Undo undoes.</translation>
    </message>
    <message>
      <source>已从测评结果生成：</source>
      <translation>Generated from the findings: </translation>
    </message>
    <message>
      <source>采用最省方案</source>
      <translation>Adopt the cheapest plan</translation>
    </message>
    <message>
      <source>方案评估结论：</source>
      <translation>Plan review conclusion: </translation>
    </message>
    <message>
      <source>只能导出草稿</source>
      <translation>Draft only</translation>
    </message>
    <message>
      <source>安全与合规性分析中仍有问题，正式方案不能导出：
%1

导出标有“草稿”的方案？</source>
      <translation>The security and compliance analysis still has problems, so the final plan cannot be exported:
%1

Export a plan marked “draft”?</translation>
    </message>
    <message>
      <source>Word 文档 (*.docx)</source>
      <translation>Word document (*.docx)</translation>
    </message>
    <message>
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
      <source>导出密改方案</source>
      <translation>Export the retrofit plan</translation>
    </message>
    <message>
      <source>已导出密改方案：%1</source>
      <translation>Retrofit plan exported: %1</translation>
    </message>
  </context>
  <context>
    <name>PricesPage</name>
    <message>
      <source>单价由您自行维护（万元）；没有价格的条目费用显示为“未知”。本软件不提供任何报价。</source>
      <translation>You keep the unit prices (×10k CNY); items without a price show their cost as “unknown”. The software supplies no prices.</translation>
    </message>
    <message>
      <source>产品类型</source>
      <translation>Product type</translation>
    </message>
    <message>
      <source>单价（万元）</source>
      <translation>Unit price (×10k CNY)</translation>
    </message>
    <message>
      <source>备注</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>添加行</source>
      <translation>Add row</translation>
    </message>
    <message>
      <source>删除行</source>
      <translation>Remove row</translation>
    </message>
    <message>
      <source>导入 CSV…</source>
      <translation>Import CSV…</translation>
    </message>
    <message>
      <source>导出 CSV…</source>
      <translation>Export CSV…</translation>
    </message>
    <message>
      <source>价格表未保存</source>
      <translation>The price list was not saved</translation>
    </message>
    <message>
      <source>导入失败，价格表未改变</source>
      <translation>Import failed; the price list is unchanged</translation>
    </message>
    <message>
      <source>导出失败</source>
      <translation>Export failed</translation>
    </message>
    <message>
      <source>导入价格表</source>
      <translation>Import price list</translation>
    </message>
    <message>
      <source>CSV 文件 (*.csv)</source>
      <translation>CSV file (*.csv)</translation>
    </message>
    <message>
      <source>导出价格表</source>
      <translation>Export price list</translation>
    </message>
  </context>
  <context>
    <name>RecordEditor</name>
    <message>
      <source>结果记录：</source>
      <translation>Record:</translation>
    </message>
    <message>
      <source>记录访谈、文档审查、配置核查或工具测试的结果……（自动保存）</source>
      <translation>Record interview, document review, configuration check or tool test results… (saved automatically)</translation>
    </message>
    <message>
      <source>（本测评单元）</source>
      <translation>(this test unit)</translation>
    </message>
    <message>
      <source>对象：%1</source>
      <translation>Object: %1</translation>
    </message>
    <message>
      <source>正在输入…</source>
      <translation>Typing…</translation>
    </message>
    <message>
      <source>编辑结果记录（%1）</source>
      <translation>Edit record (%1)</translation>
    </message>
    <message>
      <source>已保存</source>
      <translation>Saved</translation>
    </message>
  </context>
  <context>
    <name>ReportActions</name>
    <message>
      <source>预览报告…</source>
      <translation>Preview report…</translation>
    </message>
    <message>
      <source>导出PDF…</source>
      <translation>Export PDF…</translation>
    </message>
    <message>
      <source>导出分册PDF…</source>
      <translation>Export one PDF per copy…</translation>
    </message>
    <message>
      <source>导出Excel…</source>
      <translation>Export Excel…</translation>
    </message>
    <message>
      <source>本测评项目还有 %1 个测评单元没有测完：%2。</source>
      <translation>%1 test units of this assessment are not fully tested yet: %2.</translation>
    </message>
    <message>
      <source>正式报告要求全部测评完成。现在可以先生成草稿：每页带“草稿”水印，未测项按 0 分计。</source>
      <translation>A final report needs everything tested. You can make a draft now: every page carries a “草稿” (draft) watermark and untested items count as 0.</translation>
    </message>
    <message>
      <source>是否生成草稿？</source>
      <translation>Make a draft?</translation>
    </message>
    <message>
      <source>报告</source>
      <translation>Report</translation>
    </message>
    <message>
      <source>有 %1 项未测：%2。正式报告要求全部测评完成，未生成报告。</source>
      <translation>%1 items are untested: %2. A final report needs everything tested; no report was made.</translation>
    </message>
    <message>
      <source>存在未测项</source>
      <translation>Untested items</translation>
    </message>
    <message>
      <source>已导出：%1</source>
      <translation>Exported: %1</translation>
    </message>
    <message>
      <source>导出分册PDF（每份一个文件）</source>
      <translation>Export one PDF per copy</translation>
    </message>
    <message>
      <source>导出报告PDF</source>
      <translation>Export report PDF</translation>
    </message>
    <message>
      <source>商用密码应用安全性评估报告</source>
      <translation>commercial cryptography assessment report</translation>
    </message>
    <message>
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
      <source>正在生成报告（一式 %1 份）…</source>
      <translation>Generating the report (%1 copies)…</translation>
    </message>
    <message>
      <source>导出测评记录与量化评估Excel</source>
      <translation>Export the record and score workbook</translation>
    </message>
    <message>
      <source>测评记录与量化评估</source>
      <translation>test record and quantitative evaluation</translation>
    </message>
    <message>
      <source>Excel 工作簿 (*.xlsx)</source>
      <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
      <source>正在导出Excel…</source>
      <translation>Exporting Excel…</translation>
    </message>
  </context>
  <context>
    <name>ReportDialog</name>
    <message>
      <source>月度运维报告</source>
      <translation>Monthly operations report</translation>
    </message>
    <message>
      <source>月份</source>
      <translation>Month</translation>
    </message>
    <message>
      <source>格式</source>
      <translation>Format</translation>
    </message>
  </context>
  <context>
    <name>ReportPreviewDialog</name>
    <message>
      <source>预览报告</source>
      <translation>Report preview</translation>
    </message>
    <message>
      <source>正在生成报告…</source>
      <translation>Generating the report…</translation>
    </message>
    <message>
      <source> 页</source>
      <translation> pages</translation>
    </message>
    <message>
      <source>上一页</source>
      <translation>Previous page</translation>
    </message>
    <message>
      <source>下一页</source>
      <translation>Next page</translation>
    </message>
    <message>
      <source>缩小</source>
      <translation>Zoom out</translation>
    </message>
    <message>
      <source>放大</source>
      <translation>Zoom in</translation>
    </message>
    <message>
      <source>适合宽度</source>
      <translation>Fit width</translation>
    </message>
    <message>
      <source>打印…</source>
      <translation>Print…</translation>
    </message>
    <message>
      <source>导出PDF…</source>
      <translation>Export PDF…</translation>
    </message>
    <message>
      <source>导出分册PDF…</source>
      <translation>Export one PDF per copy…</translation>
    </message>
    <message>
      <source>导出Excel…</source>
      <translation>Export Excel…</translation>
    </message>
    <message>
      <source>正在生成报告（一式 %1 份）…</source>
      <translation>Generating the report (%1 copies)…</translation>
    </message>
    <message>
      <source>正在生成报告预览…</source>
      <translation>Generating the preview…</translation>
    </message>
    <message>
      <source>存在未测项，未生成报告预览。</source>
      <translation>Some items are untested; no preview was made.</translation>
    </message>
    <message>
      <source>一式 %1 份，每份 %2 页，共 %3 页</source>
      <translation>%1 copies, %2 pages each, %3 pages in total</translation>
    </message>
    <message>
      <source>打印报告（份数即“一式N份”）</source>
      <translation>Print the report (copies = report copies)</translation>
    </message>
    <message>
      <source>正在打印…</source>
      <translation>Printing…</translation>
    </message>
  </context>
  <context>
    <name>RestoreBackupDialog</name>
    <message>
      <source>从备份恢复</source>
      <translation>Restore from backup</translation>
    </message>
    <message>
      <source>选择一个备份恢复整个数据库。恢复前会先备份当前状态（列表中的“恢复前的状态”），因此恢复也可以撤回。证据文件不受影响。</source>
      <translation>Choose a backup to restore the whole database. The current state is backed up first (listed as "before restore"), so a restore can be undone. Evidence files are not affected.</translation>
    </message>
    <message>
      <source>立即备份</source>
      <translation>Back up now</translation>
    </message>
    <message>
      <source>恢复所选备份…</source>
      <translation>Restore the selected backup…</translation>
    </message>
    <message>
      <source>当前使用服务器数据库，由数据库服务器负责备份与恢复。</source>
      <translation>A server database is in use; the database server handles backup and restore.</translation>
    </message>
    <message>
      <source>自动备份失败（%1）：%2
请排除原因后点击“立即备份”；备份成功后此提示消失。</source>
      <translation>Automatic backup failed (%1): %2
Fix the cause, then click “Back up now”; this warning disappears once a backup succeeds.</translation>
    </message>
    <message>
      <source>用 %1 的备份（%2）替换当前全部数据？

当前状态会先自动备份，恢复之后仍可撤回。</source>
      <translation>Replace all current data with the backup from %1 (%2)?

The current state is backed up first, so the restore can be undone.</translation>
    </message>
    <message>
      <source>恢复失败，数据未改动</source>
      <translation>Restore failed; nothing was changed</translation>
    </message>
    <message>
      <source>已从备份恢复</source>
      <translation>Restored from backup</translation>
    </message>
    <message>
      <source>已恢复 %1 的备份。恢复前的状态已备份为 %2。</source>
      <translation>Restored the backup from %1. The previous state was backed up as %2.</translation>
    </message>
  </context>
  <context>
    <name>ResultSelector</name>
    <message>
      <source>测评结果：</source>
      <translation>Result:</translation>
    </message>
  </context>
  <context>
    <name>ReviewPanel</name>
    <message>
      <source>进行方案评估</source>
      <translation>Review the plan</translation>
    </message>
    <message>
      <source>尚未评估</source>
      <translation>Not reviewed yet</translation>
    </message>
    <message>
      <source>双击“结果”或“评估意见”修改；改变自动结果时须先填写评估意见。</source>
      <translation>Double-click “Result” or “Reviewer's note” to edit; a result that differs from the automatic one needs a note first.</translation>
    </message>
    <message>
      <source>第 %1 次评估结论：</source>
      <translation>Review %1 conclusion: </translation>
    </message>
    <message>
      <source>（需修改：%1）</source>
      <translation> (needs changes: %1)</translation>
    </message>
  </context>
  <context>
    <name>RiskCandidateModel</name>
    <message>
      <source>高风险</source>
      <translation>High risk</translation>
    </message>
    <message>
      <source>已缓解</source>
      <translation>Mitigated</translation>
    </message>
    <message>
      <source>已排除</source>
      <translation>Dismissed</translation>
    </message>
    <message>
      <source>确认</source>
      <translation>Confirmed</translation>
    </message>
    <message>
      <source>缓解</source>
      <translation>Mitigated</translation>
    </message>
    <message>
      <source>排除</source>
      <translation>Dismiss</translation>
    </message>
    <message>
      <source>人工添加</source>
      <translation>Added</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>指引条目</source>
      <translation>Guide item</translation>
    </message>
    <message>
      <source>测评单元</source>
      <translation>Test unit</translation>
    </message>
    <message>
      <source>测评对象</source>
      <translation>Test object</translation>
    </message>
    <message>
      <source>触发条件</source>
      <translation>Trigger</translation>
    </message>
    <message>
      <source>判定</source>
      <translation>Decision</translation>
    </message>
    <message>
      <source>理由 / 缓解措施</source>
      <translation>Reason / mitigation</translation>
    </message>
    <message>
      <source>判定时间</source>
      <translation>Decided at</translation>
    </message>
  </context>
  <context>
    <name>RiskDecisionDialog</name>
    <message>
      <source>确认为高风险</source>
      <translation>Confirm high risk</translation>
    </message>
    <message>
      <source>已有缓解措施</source>
      <translation>Mitigated</translation>
    </message>
    <message>
      <source>排除</source>
      <translation>Dismiss</translation>
    </message>
    <message>
      <source>人工添加</source>
      <translation>Added</translation>
    </message>
    <message>
      <source>缓解措施（指引）</source>
      <translation>Mitigation (guide)</translation>
    </message>
    <message>
      <source>必填：说明判定依据（现场核查情况、证据等），将写入报告</source>
      <translation>Required: the grounds for the decision (on-site findings, evidence); goes into the report</translation>
    </message>
    <message>
      <source>此前的判定（%1）理由，只读：</source>
      <translation>Reason of the previous decision (%1), read-only:</translation>
    </message>
    <message>
      <source>理由 *</source>
      <translation>Reason *</translation>
    </message>
  </context>
  <context>
    <name>RiskRatingModel</name>
    <message>
      <source>测评单元</source>
      <translation>Test unit</translation>
    </message>
    <message>
      <source>判定</source>
      <translation>Decision</translation>
    </message>
    <message>
      <source>得分</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>可能性</source>
      <translation>Likelihood</translation>
    </message>
    <message>
      <source>影响</source>
      <translation>Impact</translation>
    </message>
    <message>
      <source>风险值</source>
      <translation>Risk</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>未评定</source>
      <translation>not rated</translation>
    </message>
    <message>
      <source>尚未评定：选择 高/中/低</source>
      <translation>Not rated: choose high/medium/low</translation>
    </message>
    <message>
      <source>风险评定 %1</source>
      <translation>Risk rating %1</translation>
    </message>
  </context>
  <context>
    <name>RisksTab</name>
    <message>
      <source>只看未处置</source>
      <translation>Open only</translation>
    </message>
    <message>
      <source>判定</source>
      <translation>Decision</translation>
    </message>
    <message>
      <source>确认为高风险…</source>
      <translation>Confirm high risk…</translation>
    </message>
    <message>
      <source>已有缓解措施…</source>
      <translation>Mitigated…</translation>
    </message>
    <message>
      <source>排除…</source>
      <translation>Dismiss…</translation>
    </message>
    <message>
      <source>撤销判定</source>
      <translation>Withdraw decision</translation>
    </message>
    <message>
      <source>转到测评单元</source>
      <translation>Go to unit</translation>
    </message>
    <message>
      <source>添加高风险项…</source>
      <translation>Add high risk…</translation>
    </message>
    <message>
      <source>风险分析（报告第6章）：每个部分符合/不符合的测评单元评定可能性与影响</source>
      <translation>Risk analysis (report chapter 6): rate likelihood and impact of every partly or non-conforming unit</translation>
    </message>
    <message>
      <source>未打开测评项目</source>
      <translation>No case open</translation>
    </message>
    <message>
      <source>共 %1 项风险（= 部分符合 + 不符合单元数），尚未评定 %2 项。</source>
      <translation>%1 risks (= partly conforming + non-conforming units), %2 not rated yet.</translation>
    </message>
    <message>
      <source>存在未缓解的高风险项，系统面临高风险，结论为不符合。</source>
      <translation>High risks remain unmitigated: the system faces a high risk and the conclusion is 不符合 (non-conformant).</translation>
    </message>
    <message>
      <source>删除人工高风险</source>
      <translation>Delete added high risk</translation>
    </message>
    <message>
      <source>选择一项高风险候选项以查看指引原文并作出判定。</source>
      <translation>Choose a high-risk candidate to read the guide's text and decide it.</translation>
    </message>
    <message>
      <source>高风险判定 %1</source>
      <translation>High-risk decision %1</translation>
    </message>
    <message>
      <source>撤销高风险判定 %1</source>
      <translation>Withdraw high-risk decision %1</translation>
    </message>
    <message>
      <source>添加高风险 %1 %2</source>
      <translation>Add high risk %1 %2</translation>
    </message>
  </context>
  <context>
    <name>ScorePanel</name>
    <message>
      <source>量化评分</source>
      <translation>Score</translation>
    </message>
    <message>
      <source>层面得分</source>
      <translation>Layer scores</translation>
    </message>
    <message>
      <source>测评单元判定</source>
      <translation>Unit verdicts</translation>
    </message>
    <message>
      <source>高风险</source>
      <translation>High risk</translation>
    </message>
    <message>
      <source>测评进度</source>
      <translation>Progress</translation>
    </message>
    <message>
      <source>未打开测评项目</source>
      <translation>No case open</translation>
    </message>
    <message>
      <source>第%1级 · 阈值 %2 · 未测按 0 计</source>
      <translation>Level %1 · threshold %2 · untested counts as 0</translation>
    </message>
    <message>
      <source>尚有 %1 项未测</source>
      <translation>%1 items untested</translation>
    </message>
    <message>
      <source>仍为高风险 %1 项</source>
      <translation>%1 still high risks</translation>
    </message>
    <message>
      <source>（未处置 %1 项，已缓解或排除 %2 项）</source>
      <translation> (%1 without a decision, %2 mitigated or dismissed)</translation>
    </message>
    <message>
      <source>当前得分（未测按 0 计）：</source>
      <translation>Current score (untested as 0): </translation>
    </message>
    <message>
      <source>测评单元 %1 / %2 已完成 · 测评对象 %3 / %4 已测</source>
      <translation>%1 / %2 test units done · %3 / %4 objects tested</translation>
    </message>
    <message>
      <source>未发现高风险</source>
      <translation>No high risk found</translation>
    </message>
    <message>
      <source>查看 ›</source>
      <translation>View ›</translation>
    </message>
    <message>
      <source>……另有 %1 项</source>
      <translation>… and %1 more</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <source>界面语言</source>
      <translation>Interface language</translation>
    </message>
    <message>
      <source>默认测评机构名称</source>
      <translation>Default assessor organisation</translation>
    </message>
    <message>
      <source>量化评估阈值（基本符合的最低分）</source>
      <translation>Score threshold (lowest score for "basically compliant")</translation>
    </message>
    <message>
      <source>报告份数（一式N份）</source>
      <translation>Report copies</translation>
    </message>
    <message>
      <source>自动备份间隔（分钟）</source>
      <translation>Automatic backup interval (minutes)</translation>
    </message>
    <message>
      <source>保留最近备份数</source>
      <translation>Recent backups to keep</translation>
    </message>
    <message>
      <source>按天保留备份天数</source>
      <translation>Days of daily backups to keep</translation>
    </message>
    <message>
      <source>证据文件超过此大小（MB）时确认</source>
      <translation>Confirm evidence files larger than (MB)</translation>
    </message>
    <message>
      <source>删除前确认</source>
      <translation>Confirm before deleting</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>设置</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>%1：%2，未保存。</source>
      <translation>%1: %2. Nothing was saved.</translation>
    </message>
  </context>
  <context>
    <name>Shortcuts</name>
    <message>
      <source>测评检查表</source>
      <translation>Checklist</translation>
    </message>
    <message>
      <source>风险分析</source>
      <translation>Risk analysis</translation>
    </message>
    <message>
      <source>D/A/K 单元格录入 √ / × / /，光标自动前进</source>
      <translation>Enter √ / × / / in a D/A/K cell; the cursor moves on</translation>
    </message>
    <message>
      <source>清除当前 D/A/K</source>
      <translation>Clear the current D/A/K</translation>
    </message>
    <message>
      <source>编辑当前单元格</source>
      <translation>Edit the current cell</translation>
    </message>
    <message>
      <source>管理单元：符合 / 部分符合 / 不符合 / 不适用</source>
      <translation>Management unit: conformant / partly / non-conformant / not applicable</translation>
    </message>
    <message>
      <source>上一个 / 下一个测评单元（在展开的下拉框内则在框内移动）</source>
      <translation>Previous / next test unit (inside an open drop-down: move in it)</translation>
    </message>
    <message>
      <source>添加测评对象（新对象的 D 单元格随即获得焦点）</source>
      <translation>Add test objects (the new object's D cell takes the focus)</translation>
    </message>
    <message>
      <source>附加证据文件</source>
      <translation>Attach evidence files</translation>
    </message>
    <message>
      <source>焦点：单元列表 → 对象表 → 结果记录</source>
      <translation>Focus: unit list → object table → record</translation>
    </message>
    <message>
      <source>可能性、影响：高 / 中 / 低</source>
      <translation>Likelihood, impact: high / medium / low</translation>
    </message>
  </context>
  <context>
    <name>SlaBoard</name>
    <message>
      <source>新建工单…</source>
      <translation>New ticket…</translation>
    </message>
    <message>
      <source>导入工单…</source>
      <translation>Import tickets…</translation>
    </message>
    <message>
      <source>月度报告…</source>
      <translation>Monthly report…</translation>
    </message>
    <message>
      <source>服务义务…</source>
      <translation>Obligations…</translation>
    </message>
    <message>
      <source>工作日历…</source>
      <translation>Working calendar…</translation>
    </message>
    <message>
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <source>看板</source>
      <translation>Board</translation>
    </message>
    <message>
      <source>列表</source>
      <translation>Table</translation>
    </message>
    <message>
      <source>录入工作日历…</source>
      <translation>Enter the working calendar…</translation>
    </message>
    <message>
      <source>等级</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>全部</source>
      <translation>All</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>负责人</source>
      <translation>Assignee</translation>
    </message>
    <message>
      <source>月份</source>
      <translation>Month</translation>
    </message>
    <message>
      <source>仅超时或临近超时</source>
      <translation>Breached or at risk only</translation>
    </message>
    <message>
      <source>正在读取工单…</source>
      <translation>Reading tickets…</translation>
    </message>
    <message>
      <source>还没有运维合同：导入工单（workbench sla import）或运行 workbench demo</source>
      <translation>No operations contract yet: import tickets (workbench sla import) or run workbench demo</translation>
    </message>
    <message>
      <source>%1，显示前 %2 个</source>
      <translation>%1, first %2 shown</translation>
    </message>
    <message>
      <source>无法检查其他人的更新（%1），稍后自动重试</source>
      <translation>Could not check for other users' changes (%1); retrying shortly</translation>
    </message>
    <message>
      <source>SLA 超时：%1</source>
      <translation>SLA breached: %1</translation>
    </message>
    <message>
      <source>日历未核实：%1 年的法定节假日和调休尚未录入，按工作时间计算的时钟暂按周末推算。</source>
      <translation>Calendar not verified: the public holidays and make-up days of %1 have not been entered; working-time clocks assume weekends only.</translation>
    </message>
    <message>
      <source>服务义务进度落后：</source>
      <translation>Service obligations behind schedule: </translation>
    </message>
    <message>
      <source>共 %1 个工单；时钟达标 %2、超时 %3、计时中 %4（临近超时 %5）；达标率 %6%</source>
      <translation>%1 tickets; clocks met %2, breached %3, running %4 (at risk %5); compliance %6%</translation>
    </message>
    <message>
      <source>工单事件校验失败（可能被篡改）：</source>
      <translation>Ticket events failed verification (possibly tampered with): </translation>
    </message>
  </context>
  <context>
    <name>SlaFeature</name>
    <message>
      <source>工作日历</source>
      <translation>Working calendar</translation>
    </message>
    <message>
      <source>新建运维工单…</source>
      <translation>New ops ticket…</translation>
    </message>
    <message>
      <source>导入运维工单…</source>
      <translation>Import ops tickets…</translation>
    </message>
    <message>
      <source>服务义务…</source>
      <translation>Obligations…</translation>
    </message>
    <message>
      <source>运维月度报告…</source>
      <translation>Ops monthly report…</translation>
    </message>
    <message>
      <source>刷新运维工单</source>
      <translation>Refresh ops tickets</translation>
    </message>
    <message>
      <source>工单事件校验失败：%1 处问题（workbench sla verify 查看）</source>
      <translation>Ticket events failed verification: %1 problems (see workbench sla verify)</translation>
    </message>
    <message>
      <source>导入工单</source>
      <translation>Import tickets</translation>
    </message>
    <message>
      <source>工单文件 (*.json *.xlsx *.csv)</source>
      <translation>Ticket files (*.json *.xlsx *.csv)</translation>
    </message>
    <message>
      <source>已导入 %1 个工单</source>
      <translation>%1 tickets imported</translation>
    </message>
    <message>
      <source>文件有 %1 处错误，未导入任何工单。</source>
      <translation>The file has %1 errors; no ticket was imported.</translation>
    </message>
    <message>
      <source>新建运维合同</source>
      <translation>New operations contract</translation>
    </message>
    <message>
      <source>还没有运维合同。合同名称（按合同默认的SLA时钟计时）：</source>
      <translation>There is no operations contract yet. Contract name (timed with the contract's default SLA clocks):</translation>
    </message>
    <message>
      <source>运维服务合同</source>
      <translation>Operations service contract</translation>
    </message>
    <message>
      <source>保存月度报告</source>
      <translation>Save the monthly report</translation>
    </message>
    <message>
      <source>已生成月度报告：%1</source>
      <translation>Monthly report written: %1</translation>
    </message>
  </context>
  <context>
    <name>Startup</name>
    <message>
      <source>正在连接数据库服务器…</source>
      <translation>Connecting to the database server…</translation>
    </message>
    <message>
      <source>正在打开数据库…</source>
      <translation>Opening the database…</translation>
    </message>
    <message>
      <source>正在加载测评项目…</source>
      <translation>Loading the assessment…</translation>
    </message>
    <message>
      <source>就绪，所有修改自动保存</source>
      <translation>Ready. Every change is saved automatically.</translation>
    </message>
    <message>
      <source>未能加载</source>
      <translation>Could not be loaded</translation>
    </message>
  </context>
  <context>
    <name>TabSlot</name>
    <message>
      <source>正在加载…</source>
      <translation>Loading…</translation>
    </message>
  </context>
  <context>
    <name>TicketDialog</name>
    <message>
      <source>概况与时钟</source>
      <translation>Overview and clocks</translation>
    </message>
    <message>
      <source>时间线与事件</source>
      <translation>Timeline and events</translation>
    </message>
    <message>
      <source>处理评定</source>
      <translation>Evaluation</translation>
    </message>
    <message>
      <source>基本信息</source>
      <translation>Details</translation>
    </message>
    <message>
      <source>需要现场服务</source>
      <translation>On-site service needed</translation>
    </message>
    <message>
      <source>保存基本信息</source>
      <translation>Save details</translation>
    </message>
    <message>
      <source>标题</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>安全事件类别</source>
      <translation>Security category</translation>
    </message>
    <message>
      <source>负责人</source>
      <translation>Assignee</translation>
    </message>
    <message>
      <source>故障等级与联系方式</source>
      <translation>Fault level and contact</translation>
    </message>
    <message>
      <source>分级助手…</source>
      <translation>Classify…</translation>
    </message>
    <message>
      <source>时钟</source>
      <translation>Clock</translation>
    </message>
    <message>
      <source>目标</source>
      <translation>Target</translation>
    </message>
    <message>
      <source>已用</source>
      <translation>Elapsed</translation>
    </message>
    <message>
      <source>剩余</source>
      <translation>Remaining</translation>
    </message>
    <message>
      <source>截止</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>序号</source>
      <translation>No.</translation>
    </message>
    <message>
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>事件</source>
      <translation>Event</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Text</translation>
    </message>
    <message>
      <source>记录</source>
      <translation>Recorded</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>更正所选事件的时间…</source>
      <translation>Correct the selected event's time…</translation>
    </message>
    <message>
      <source>撤销所选事件…</source>
      <translation>Withdraw the selected event…</translation>
    </message>
    <message>
      <source>记录新事件</source>
      <translation>Record an event</translation>
    </message>
    <message>
      <source>现在</source>
      <translation>Now</translation>
    </message>
    <message>
      <source>补录过去时间的事件时必须填写</source>
      <translation>Required for an event in the past</translation>
    </message>
    <message>
      <source>同时记录业务恢复（恢复时钟以“业务恢复”事件停止）</source>
      <translation>Also record the restore (the restore clock stops at a restore event)</translation>
    </message>
    <message>
      <source>记录事件</source>
      <translation>Record</translation>
    </message>
    <message>
      <source>补录原因</source>
      <translation>Reason for back-dating</translation>
    </message>
    <message>
      <source>新等级</source>
      <translation>New level</translation>
    </message>
    <message>
      <source>原因</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>渠道</source>
      <translation>Channel</translation>
    </message>
    <message>
      <source>人员</source>
      <translation>Person</translation>
    </message>
    <message>
      <source>按合同“故障处理评定报告依据”，每项评为降级或升级，并说明理由。</source>
      <translation>Following the contract's evaluation criteria, mark each one downgrade or upgrade and give the reason.</translation>
    </message>
    <message>
      <source>未评定</source>
      <translation>not rated</translation>
    </message>
    <message>
      <source>降级</source>
      <translation>Downgrade</translation>
    </message>
    <message>
      <source>升级</source>
      <translation>Upgrade</translation>
    </message>
    <message>
      <source>保存评定</source>
      <translation>Save evaluation</translation>
    </message>
    <message>
      <source>工单 %1</source>
      <translation>Ticket %1</translation>
    </message>
    <message>
      <source>当前等级：</source>
      <translation>Current level: </translation>
    </message>
    <message>
      <source>（挂起）</source>
      <translation> (paused)</translation>
    </message>
    <message>
      <source>日历未核实：%1 年的节假日安排尚未录入（%2），按工作时间计的时钟按周末推算。</source>
      <translation>Calendar not verified: the holidays of %1 have not been entered (%2); working-time clocks assume weekends only.</translation>
    </message>
    <message>
      <source>设置 → 工作日历</source>
      <translation>Settings → Working calendar</translation>
    </message>
    <message>
      <source>更正 #%1</source>
      <translation>Corrects #%1</translation>
    </message>
    <message>
      <source>已被 #%1 更正或撤销</source>
      <translation>Corrected or withdrawn by #%1</translation>
    </message>
    <message>
      <source>补录：</source>
      <translation>Back-dated: </translation>
    </message>
    <message>
      <source>原因：</source>
      <translation>Reason: </translation>
    </message>
    <message>
      <source>挂起原因（必填）</source>
      <translation>Reason for the pause (required)</translation>
    </message>
    <message>
      <source>更正事件 #%1</source>
      <translation>Correct event #%1</translation>
    </message>
    <message>
      <source>正确的时间</source>
      <translation>Correct time</translation>
    </message>
    <message>
      <source>更正原因</source>
      <translation>Reason for the correction</translation>
    </message>
    <message>
      <source>撤销事件</source>
      <translation>Withdraw event</translation>
    </message>
    <message>
      <source>撤销原因（必填）</source>
      <translation>Reason for the withdrawal (required)</translation>
    </message>
  </context>
  <context>
    <name>TicketModel</name>
    <message>
      <source>故障</source>
      <translation>Fault</translation>
    </message>
    <message>
      <source>宕机</source>
      <translation>Outage</translation>
    </message>
    <message>
      <source>安全事件</source>
      <translation>Security event</translation>
    </message>
    <message>
      <source>编号</source>
      <translation>Number</translation>
    </message>
    <message>
      <source>标题</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>等级</source>
      <translation>Level</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>负责人</source>
      <translation>Assignee</translation>
    </message>
    <message>
      <source>报告时间</source>
      <translation>Reported at</translation>
    </message>
    <message>
      <source>SLA 时钟（剩余时间）</source>
      <translation>SLA clocks (time left)</translation>
    </message>
    <message>
      <source>（挂起）</source>
      <translation> (paused)</translation>
    </message>
  </context>
  <context>
    <name>UnitActions</name>
    <message>
      <source>%1 恢复为适用</source>
      <translation>%1 applicable again</translation>
    </message>
    <message>
      <source>标记为不适用</source>
      <translation>Mark not applicable</translation>
    </message>
    <message>
      <source>%1 不适用的理由（必填，将写入报告）：</source>
      <translation>Why %1 does not apply (required; goes into the report):</translation>
    </message>
    <message>
      <source>标记为不适用必须填写理由</source>
      <translation>Marking a unit not applicable requires a reason</translation>
    </message>
    <message>
      <source>%1 标记为不适用</source>
      <translation>%1 marked not applicable</translation>
    </message>
    <message>
      <source>%1 判为%2</source>
      <translation>%1 judged %2</translation>
    </message>
  </context>
  <context>
    <name>UnitBrowser</name>
    <message>
      <source>全部</source>
      <translation>All</translation>
    </message>
    <message>
      <source>仅未测</source>
      <translation>Untested only</translation>
    </message>
    <message>
      <source>仅部分符合/不符合</source>
      <translation>Partly/non-conforming only</translation>
    </message>
    <message>
      <source>仅涉及高风险</source>
      <translation>High risks only</translation>
    </message>
    <message>
      <source>显示：</source>
      <translation>Show:</translation>
    </message>
  </context>
  <context>
    <name>UnitPanel</name>
    <message>
      <source>不适用…</source>
      <translation>Not applicable…</translation>
    </message>
    <message>
      <source>将本测评单元标记为不适用（须填写理由）</source>
      <translation>Mark this test unit not applicable (a reason is required)</translation>
    </message>
    <message>
      <source>添加测评对象…</source>
      <translation>Add test object…</translation>
    </message>
    <message>
      <source>移出本单元</source>
      <translation>Remove from unit</translation>
    </message>
    <message>
      <source>测评对象管理…</source>
      <translation>Test objects…</translation>
    </message>
    <message>
      <source>键盘：1 = √　2 = ×　3 = /　Delete 清除　Enter 编辑</source>
      <translation>Keys: 1 = √  2 = ×  3 = /  Delete clears  Enter edits</translation>
    </message>
    <message>
      <source>D/A/K 单元格：1 = √，2 = ×，3 = /，输入后自动跳到下一格（D → A → K → 下一对象）
Delete 清除；Enter 或 F2 编辑；算法、协议输入时自动补全
Alt+↑ / Alt+↓ 上一个/下一个测评单元；F6 在单元列表、对象表、结果记录之间切换
Insert 添加测评对象；Ctrl+E 附加证据；Ctrl+Z / Ctrl+Shift+Z 撤销/重做；Ctrl+F 查找</source>
      <translation>D/A/K cells: 1 = √, 2 = ×, 3 = /; the cursor then moves on (D → A → K → next object)
Delete clears; Enter or F2 edits; algorithms and protocols complete as you type
Alt+↑ / Alt+↓ previous/next test unit; F6 cycles unit list, object table and record
Insert adds a test object; Ctrl+E attaches evidence; Ctrl+Z / Ctrl+Shift+Z undo/redo; Ctrl+F finds</translation>
    </message>
    <message>
      <source>测评实施（勾选已完成的检查）</source>
      <translation>Test procedure (tick the checks done)</translation>
    </message>
    <message>
      <source>结果记录与测评实施</source>
      <translation>Record and procedure</translation>
    </message>
    <message>
      <source>证据</source>
      <translation>Evidence</translation>
    </message>
    <message>
      <source>&lt;b&gt;请选择左侧的测评单元&lt;/b&gt;</source>
      <translation>&lt;b&gt;Choose a test unit on the left&lt;/b&gt;</translation>
    </message>
    <message>
      <source>得分 </source>
      <translation>Score </translation>
    </message>
    <message>
      <source>权重 %1</source>
      <translation>weight %1</translation>
    </message>
    <message>
      <source>不适用理由：%1</source>
      <translation>Not applicable because: %1</translation>
    </message>
    <message>
      <source>（未填写）</source>
      <translation>(not given)</translation>
    </message>
    <message>
      <source>本单元尚无测评对象：按量化规则视为不适用。请添加测评对象或标记不适用并说明理由。</source>
      <translation>This unit has no test objects: the scoring rules treat it as not applicable. Add test objects, or mark it not applicable with a reason.</translation>
    </message>
    <message>
      <source>尚未测完：未测或待补全的对象按 0 计入当前得分</source>
      <translation>Not finished: untested or incomplete objects count as 0 in the current score</translation>
    </message>
    <message>
      <source>测评对象：</source>
      <translation>Test objects: </translation>
    </message>
  </context>
  <context>
    <name>UnitTreeModel</name>
    <message>
      <source>层面 / 测评单元</source>
      <translation>Layer / test unit</translation>
    </message>
    <message>
      <source>要求</source>
      <translation>Req.</translation>
    </message>
    <message>
      <source>权重</source>
      <translation>Weight</translation>
    </message>
    <message>
      <source>得分</source>
      <translation>Score</translation>
    </message>
  </context>
  <context>
    <name>WhatIfPanel</name>
    <message>
      <source>测算：实施所选措施后</source>
      <translation>Projection: after the selected measures</translation>
    </message>
    <message>
      <source>指标</source>
      <translation>Measure</translation>
    </message>
    <message>
      <source>当前</source>
      <translation>Now</translation>
    </message>
    <message>
      <source>实施后</source>
      <translation>After</translation>
    </message>
    <message>
      <source>总分</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>结论</source>
      <translation>Conclusion</translation>
    </message>
    <message>
      <source>未消除的高风险</source>
      <translation>Open high risks</translation>
    </message>
    <message>
      <source> 万元</source>
      <translation> ×10k CNY</translation>
    </message>
    <message>
      <source>（另有 %1 项措施费用未知）</source>
      <translation> (%1 more measures of unknown cost)</translation>
    </message>
    <message>
      <source>费用</source>
      <translation>Cost</translation>
    </message>
    <message>
      <source>无</source>
      <translation>none</translation>
    </message>
    <message>
      <source>所选措施中没有单独一项是达到基本符合所必需的。</source>
      <translation>No single selected measure is needed on its own to reach 基本符合.</translation>
    </message>
    <message>
      <source>所选措施实施后仍达不到基本符合。</source>
      <translation>The selected measures do not reach 基本符合.</translation>
    </message>
    <message>
      <source>达到基本符合依赖以下措施（去掉其一即达不到）：</source>
      <translation>基本符合 depends on these measures (without any one of them it is not reached):</translation>
    </message>
  </context>
</TS>