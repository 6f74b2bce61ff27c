import importlib
import pkgutil
import sys

from kpolicy.bench import __path__ as _path

# every module of this package with a main(argv) is a benchmark; the rest are helpers
modules = {m.name: importlib.import_module(f".{m.name}", __package__) for m in pkgutil.iter_modules(_path)}
names = sorted(name for name, module in modules.items() if hasattr(module, "main"))
if len(sys.argv) < 2 or sys.argv[1] not in names:
    print(f"usage: python -m kpolicy.bench {{{','.join(names)}}} [options]", file=sys.stderr)
    raise SystemExit(2)
raise SystemExit(modules[sys.argv[1]].main(sys.argv[2:]))
