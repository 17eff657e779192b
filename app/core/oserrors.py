"""Operating-system errors in Chinese (the system's own ``strerror`` follows the machine's locale)."""

from __future__ import annotations

import errno

_TEXTS = {
    errno.ENOENT: "文件或目录不存在",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "操作不被允许",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统是只读的",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EIO: "读写设备出错",
    errno.EMFILE: "打开的文件过多",
    errno.EBUSY: "文件正被占用",
}


def os_error_text(exc: OSError) -> str:
    """What went wrong, in Chinese: ``文件或目录不存在`` (the system's text when the error is unusual)."""
    if exc.errno in _TEXTS:
        return _TEXTS[exc.errno]
    return exc.strerror or str(exc)
