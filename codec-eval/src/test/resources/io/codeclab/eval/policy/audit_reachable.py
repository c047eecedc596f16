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

It also reports every reachable callable that takes a file path (a parameter named filename, fname, path, file,
...; for OpenCV's builtins, read from the signatures in their docstrings, also model and config): library entry
points that open files are denied as a class, not spelling by spelling. PATH_TAKING_ALLOWED lists the few that
stay reachable, each with the reason.
"""

import builtins
import collections
import inspect
import re
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
PATH_PARAMETER = re.compile(r"(?i)(?!.*profile).*(file|path|url).*|fname|dirname")
CV2_MODEL_PARAMETER = re.compile(r"model|config|modelTxt|modelBin|onnx")
# qualified name or method name -> why it may stay reachable although it takes a path
PATH_TAKING_ALLOWED = {
    "read": "Algorithm.read/write(fileName) of OpenCV objects share their names with io.BytesIO.read/write, so they "
            "cannot be denied by name; in the sandbox they reach only the read-only root, the tmpfs and /output",
    "write": "see read",
    "numpy.rec.os_fspath": "os.fspath only turns a path object into a string; it opens nothing",
    "get_file_path": "torch.get_file_path joins path components into a string; it opens nothing",
    "matchesGraphAsString": "names images in a text graph; it opens nothing",
    "save_to_buffer": "serialises a TorchScript module to bytes; _extra_files are names and contents, not paths",
    "Weights": "torchvision's Weights record only holds a URL; fetching it needs torch.hub (denied) and a network",
    "numpy.core.records.os_fspath": "see numpy.rec.os_fspath",
}

DANGEROUS_BUILTINS = [builtins.eval, builtins.exec, builtins.compile, builtins.open, builtins.__import__,
                      builtins.getattr, builtins.setattr, builtins.delattr, builtins.globals, builtins.locals,
                      builtins.vars, builtins.breakpoint, builtins.input]


def path_parameters(value, full):
    """Parameter names of value that name a file (or, for OpenCV, a model file)."""
    names = []
    try:
        names = list(inspect.signature(value).parameters)
    except (TypeError, ValueError):
        doc = getattr(value, "__doc__", None)
        if isinstance(doc, str):
            for line in doc.splitlines():
                m = re.match(r"\s*[\w.]+\((.*)\)\s*->", line)
                if m:
                    # "name: type = default" or "name[, name2]": only the names count, not the types
                    for segment in m.group(1).replace("[", ",").replace("]", ",").split(","):
                        n = re.match(r"\s*\*{0,2}([A-Za-z_]\w*)", segment)
                        if n:
                            names.append(n.group(1))
    if not names and isinstance(value, type) and full.startswith("cv2.") and callable(getattr(value, "open", None)):
        # OpenCV classes carry no constructor signature; their constructors mirror open() (VideoCapture(filename)).
        return path_parameters(value.open, full + ".open")
    pattern_hits = [n for n in names if PATH_PARAMETER.fullmatch(n)]
    if full.startswith("cv2."):
        pattern_hits += [n for n in names if CV2_MODEL_PARAMETER.fullmatch(n)]
    return sorted(set(pattern_hits))


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
            else:
                if callable(value) and full not in PATH_TAKING_ALLOWED and name not in PATH_TAKING_ALLOWED:
                    paths = path_parameters(value, full)
                    if paths:
                        findings.append("%s -> takes a file path (%s)" % (full, ", ".join(paths)))
                if isinstance(value, type) and isinstance(obj, types.ModuleType):
                    queue.append((value, full))
    for line in sorted(findings):
        print(line)
    print("audit: %d objects visited to depth %d, %d reachable dangers" % (len(visited), max_depth, len(findings)),
          file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
