"""Run every test_* function of tests/e2e/test_*.py and print one line per
test and a closing "e2e: N passed, N failed" line."""
import importlib.util
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def main():
    if len(sys.argv) > 1:
        os.environ["MIRALL_BUILD"] = sys.argv[1]
    only = os.environ.get("MIRALL_E2E_ONLY")
    passed = failed = 0
    for name in sorted(os.listdir(HERE)):
        if not (name.startswith("test_") and name.endswith(".py")):
            continue
        spec = importlib.util.spec_from_file_location(name[:-3], os.path.join(HERE, name))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        for fn in sorted(n for n in dir(mod) if n.startswith("test_")):
            if only and only not in fn:
                continue
            start = time.monotonic()
            try:
                getattr(mod, fn)()
                passed += 1
                print("ok   %s.%s (%.1fs)" % (name[:-3], fn, time.monotonic() - start), flush=True)
            except Exception:
                failed += 1
                print("FAIL %s.%s" % (name[:-3], fn), flush=True)
                traceback.print_exc(file=sys.stdout)
    print("e2e: %d passed, %d failed" % (passed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
