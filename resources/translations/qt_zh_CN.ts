<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Qt's own strings that qtbase_zh_CN.qm (PySide6 6.11) leaves in English. Hand-written: Qt's
     source strings changed ("&Look in:" was "Look in:") and the Chinese catalogue lags behind.
     Loaded after qtbase_zh_CN by ui/i18n.py; built to qt_zh_CN.qm like every .ts here. -->
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>QFileDialog</name>
    <message>
      <source>&amp;Look in:</source>
      <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
      <source>Files of &amp;type:</source>
      <translation>文件类型(&amp;T)：</translation>
    </message>
  </context>
  <context>
    <name>QAbstractFileIconProvider</name>
    <message>
      <source>Folder</source>
      <comment>All other platforms</comment>
      <translation>文件夹</translation>
    </message>
    <message>
      <source>File Folder</source>
      <comment>Match Windows Explorer</comment>
      <translation>文件夹</translation>
    </message>
    <message>
      <source>%1 File</source>
      <comment>%1 is a file name suffix, for example txt</comment>
      <translation>%1 文件</translation>
    </message>
    <message>
      <source>File</source>
      <translation>文件</translation>
    </message>
  </context>
</TS>
