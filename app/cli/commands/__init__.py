"""One module per ``workbench`` subcommand.

Each module defines ``NAME`` (the subcommand), ``HELP`` (one line, shown by ``--help``),
``configure(parser)`` and ``run(args, ctx) -> int``. Modules are discovered automatically and
must keep their top-level imports light: heavy or Qt imports go inside ``run``.
"""
