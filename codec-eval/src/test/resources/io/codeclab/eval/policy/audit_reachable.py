"""Reachability audit of a policy: which dangerous modules and builtins can a program still reach?

Usage: /usr/bin/python3 audit_reachable.py POLICY.json [max-depth]

Imports the allowed root modules (numpy, cv2, torch, torchvision and the stdlib ones; this is trusted
tooling, it never sees a candidate) and walks their public attribute chains breadth-first, the way a
program could: np.lib.format..., base64.re.enum.bltns... A chain stops where the policy would reject it
(a denied attribute name, a denied qualified API, a restricted module member, a private name). It reports
every chain that still ends at a dangerous module (os, sys, builtins, pickle, ...) or a dangerous builtin
(eval, exec, open, getattr, ...), and exits 1 if there is one, 0 otherwise.

Some modules are harmless once a few members are denied by name on every receiver; they are listed in
HARMLESS_WHEN_LEAVES_DENIED with those members, and the audit checks that the policy denies them.
"""

import builtins
import collections
import importlib
import json
import sys
import types
import warnings

DANGEROUS_MODULES = {
    "os", "sys", "subprocess", "socket", "ctypes", "importlib", "builtins", "pickle", "marshal", "shutil", "pathlib",
    "tempfile", "multiprocessing", "inspect", "types", "gc", "linecache", "traceback", "codecs", "tokenize", "runpy",
    "pkgutil", "zipimport", "shelve", "dbm", "sqlite3", "urllib", "http", "ftplib", "smtplib", "webbrowser",
    "asyncio", "signal", "glob", "zipfile", "tarfile", "posix", "_posixsubprocess", "_io", "_pickle", "copyreg",
    "timeit", "pdb", "code", "codeop", "cProfile", "profile", "platform", "sysconfig", "site", "distutils",
    "setuptools", "logging", "operator", "string", "mmap", "fcntl", "select", "selectors", "ssl", "uuid",
    "concurrent", "_thread", "resource", "pty", "tty", "shlex", "urllib3", "requests", "fileinput", "configparser",
    "plistlib", "xml", "email", "imp", "zipapp", "symtable", "pickletools",
    "types", "codecs", "io", "gzip", "lzma", "bz2", "json", "ast", "dis", "threading",
}
# module -> the members that make it dangerous; with those denied by name it is harmless.
HARMLESS_WHEN_LEAVES_DENIED = {
    "io": ["open", "FileIO", "open_code"],
    "gzip": ["open", "GzipFile"],
    "lzma": ["open", "LZMAFile"],
    "bz2": ["open", "BZ2File"],
    "codecs": ["open"],
    "types": ["CodeType", "FunctionType", "LambdaType"],
    "json": ["load", "dump"],
    "ast": [],        # parses and literal_evals; compiling needs the denied builtin compile
    "dis": [],
    "threading": [],  # threads inside the sandboxed process
}
DANGEROUS_BUILTINS = [builtins.eval, builtins.exec, builtins.compile, builtins.open, builtins.__import__,
                      builtins.getattr, builtins.setattr, builtins.delattr, builtins.globals, builtins.locals,
                      builtins.vars, builtins.breakpoint, builtins.input]


def main(argv):
    warnings.filterwarnings("ignore")
    with open(argv[1], "rb") as f:
        policy = json.load(f)
    max_depth = int(argv[2]) if len(argv) > 2 else 6
    universal = set(policy["deniedAttributeNames"])
    apis = policy["deniedApis"]
    restricted = policy["imports"]["restrictedMembers"]

    def denied_api(full):
        while True:
            if full in apis:
                return True
            if "." not in full:
                return False
            full = full.rsplit(".", 1)[0]

    for module, leaves in sorted(HARMLESS_WHEN_LEAVES_DENIED.items()):
        for leaf in leaves:
            if leaf not in universal:
                findings_pre = "%s.%s is not in deniedAttributeNames, so %s is not harmless" % (module, leaf, module)
                print(findings_pre)
                return 1

    roots = [m for m in policy["imports"]["allowed"] if m != "__future__"]
    queue = collections.deque()
    for name in roots:
        queue.append((importlib.import_module(name), name))
    visited = set()
    findings = []
    while queue:
        obj, path = queue.popleft()
        if id(obj) in visited or path.count(".") >= max_depth:
            continue
        visited.add(id(obj))
        try:
            members = list(vars(obj).items())
        except TypeError:
            continue
        for name, value in members:
            full = path + "." + name
            if name.startswith("_") or name in universal or denied_api(full):
                continue
            if path in restricted and name not in restricted[path]:
                continue
            if isinstance(value, types.ModuleType):
                top = value.__name__.split(".")[0]
                if top in DANGEROUS_MODULES or value.__name__ in DANGEROUS_MODULES:
                    if top not in HARMLESS_WHEN_LEAVES_DENIED:
                        findings.append("%s -> module %s" % (full, value.__name__))
                    continue
                queue.append((value, full))
            elif any(value is b for b in DANGEROUS_BUILTINS):
                findings.append("%s -> builtin %s" % (full, value.__name__))
            elif isinstance(value, type) and isinstance(obj, types.ModuleType):
                queue.append((value, full))
    for line in sorted(findings):
        print(line)
    print("audit: %d objects visited to depth %d, %d reachable dangers" % (len(visited), max_depth, len(findings)),
          file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
