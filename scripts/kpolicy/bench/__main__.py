import importlib
import pkgutil
import sys

from . import __path__ as _path

names = sorted(m.name for m in pkgutil.iter_modules(_path) if not m.name.startswith("_"))
if len(sys.argv) < 2 or sys.argv[1] not in names:
    print(f"usage: python -m kpolicy.bench {{{','.join(names)}}} [options]", file=sys.stderr)
    raise SystemExit(2)
raise SystemExit(importlib.import_module(f".{sys.argv[1]}", __package__).main(sys.argv[2:]))
