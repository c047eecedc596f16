"""Static policy check of one candidate codec program (SPEC section 6).

Usage: python3 -I -S policy_check.py POLICY.json CANDIDATE.py

Prints exactly one JSON document on stdout:
  {"accepted": bool, "policyVersion": str, "checker": int, "cpuMillis": int,
   "violations": [{"line": int, "column": int, "rule": str, "message": str}, ...]}
and exits 0 whenever it produced a verdict (accepted or not). Exit 2 means the checker itself could not
run (unreadable or malformed policy, unreadable candidate); its reason is on stderr.

The candidate is parsed with Python's own ``ast`` and never imported, compiled to bytecode or executed.
Only the standard library is used. Lines and columns are 1-based; columns count characters.

Rules (ids are part of the contract: they end up in experiment records and LLM feedback):
  syntax-error        the parser's own message and position
  too-large / too-complex   the source exceeds maxSourceBytes / the parser's or checker's nesting limits
  import-not-allowed  the module is not under an entry of imports.allowed
  relative-import     from . import x (a candidate is one module; there is nothing to import relatively)
  star-import         from m import * (hides which names, e.g. numpy.load, get bound)
  denied-api          a fully qualified name (resolved through imports and alias assignments) is under an
                      entry of deniedApis, or is a member of a restricted module (io) outside its allow-list
  denied-attribute    an attribute name of deniedAttributeNames, on any receiver whatsoever
  private-api         an _underscore member of a module (torch._C, collections._sys)
  denied-builtin      a name that refers to a builtin of deniedBuiltins (shadowing by a function-local
                      binding is understood; module-level rebinding is not trusted); type() with 3 args
  dunder-attribute    x.__name__-style attribute outside dunders.allowedAttributes (also match-class keys)
  dunder-name         a __name__-style variable outside dunders.allowedNames (__builtins__, __loader__)
  dunder-string       a string literal that is exactly a forbidden dunder name ('__builtins__')
  format-attribute    a string literal whose str.format fields reach underscore attributes ('{0.__class__}')
  module-as-value     a name bound by `import` used other than as `name.attr`, a plain alias assignment or
                      an identity/truth test (stored, passed, returned): it would hide what the program calls
  denied-keyword      a keyword argument of deniedKeywords (allow_pickle) whose value is not literal False
  too-many-violations the list was cut at maxViolations

Module resolution: names bound by import / from-import, and names assigned (anywhere, flow-insensitively)
from a resolvable name, attribute chain or conditional of those (``x = np``; ``lib = np.lib``;
``xp = torch if gpu else np``), resolve to qualified names; ``x.a.b`` then resolves to ``<x's module>.a.b``
and is checked against deniedApis. An imported module may only be used as ``m.member`` or aliased in a
module or function scope (module-as-value), so it never reaches an unresolved expression. Anything that
cannot be resolved statically (a parameter, a call result, a submodule imported with ``from``) is covered by
deniedAttributeNames, which applies to every receiver; audit_reachable.py (test resources) keeps that list
complete for the allowed libraries. The sandbox remains the security boundary; this check is fast feedback.
"""

import sys
import time

# The C modules behind ``ast`` and ``json``: the same node classes and scanner, without the pure-Python
# imports (contextlib, enum, re, ...) that would double the checker's start-up time.
import _ast as ast
import _json
import _string

CHECKER_VERSION = 1
SCHEMA_VERSION = 1
MAX_MESSAGE = 600

_FUNCTION_KINDS = ("function", "lambda", "comprehension")
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


class PolicyError(Exception):
    pass


def _require(cond, message):
    if not cond:
        raise PolicyError(message)


def _string_list(doc, path):
    _require(isinstance(doc, list) and all(isinstance(x, str) and x for x in doc),
             "policy field %s must be a list of non-empty strings" % path)
    return list(doc)


def _string_map(doc, path):
    _require(isinstance(doc, dict) and all(isinstance(k, str) and k and isinstance(v, str) for k, v in doc.items()),
             "policy field %s must be an object of strings" % path)
    return dict(doc)


class Policy:
    """The policy document, validated. Same schema as io.codeclab.eval.policy.Policy checks in Java."""

    def __init__(self, doc):
        _require(isinstance(doc, dict), "policy must be a JSON object")
        _require(doc.get("schemaVersion") == SCHEMA_VERSION,
                 "policy schemaVersion must be %d, was %r" % (SCHEMA_VERSION, doc.get("schemaVersion")))
        version = doc.get("version")
        _require(isinstance(version, str) and version.strip(), "policy field version must be a non-empty string")
        self.version = version
        self.max_source_bytes = doc.get("maxSourceBytes", 1048576)
        self.max_violations = doc.get("maxViolations", 50)
        for name, value in (("maxSourceBytes", self.max_source_bytes), ("maxViolations", self.max_violations)):
            _require(isinstance(value, int) and not isinstance(value, bool) and value > 0,
                     "policy field %s must be a positive integer" % name)
        imports = doc.get("imports")
        _require(isinstance(imports, dict), "policy field imports must be an object")
        self.allowed_imports = _string_list(imports.get("allowed"), "imports.allowed")
        restricted = imports.get("restrictedMembers", {})
        _require(isinstance(restricted, dict), "policy field imports.restrictedMembers must be an object")
        self.restricted_members = {k: set(_string_list(v, "imports.restrictedMembers." + k))
                                   for k, v in restricted.items()}
        self.import_alternatives = _string_map(imports.get("alternatives", {}), "imports.alternatives")
        self.denied_builtins = _string_map(doc.get("deniedBuiltins"), "deniedBuiltins")
        dunders = doc.get("dunders")
        _require(isinstance(dunders, dict), "policy field dunders must be an object")
        self.allowed_dunder_attributes = set(_string_list(dunders.get("allowedAttributes"), "dunders.allowedAttributes"))
        self.allowed_dunder_names = set(_string_list(dunders.get("allowedNames"), "dunders.allowedNames"))
        self.dunder_hints = _string_map(dunders.get("hints", {}), "dunders.hints")
        self.denied_apis = _string_map(doc.get("deniedApis"), "deniedApis")
        self.denied_attribute_names = _string_map(doc.get("deniedAttributeNames"), "deniedAttributeNames")
        self.denied_keywords = _string_map(doc.get("deniedKeywords", {}), "deniedKeywords")


class _JsonContext:
    """What _json.make_scanner reads from a json.JSONDecoder."""
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    memo = None

    @staticmethod
    def parse_constant(name):
        raise ValueError("%s is not allowed in a policy" % name)


def json_loads(text):
    scan = _json.make_scanner(_JsonContext())
    start = len(text) - len(text.lstrip())
    try:
        value, end = scan(text, start)
    except StopIteration as e:
        raise ValueError("no JSON value at character %d" % e.value)
    if text[end:].strip():
        raise ValueError("extra data after character %d" % end)
    return value


def json_dumps(value):
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return _json.encode_basestring_ascii(value)
    if isinstance(value, list):
        return "[" + ",".join(json_dumps(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(_json.encode_basestring_ascii(k) + ":" + json_dumps(v) for k, v in value.items()) + "}"
    raise TypeError("cannot write %r as JSON" % (value,))


def load_policy(path):
    try:
        with open(path, "rb") as f:
            doc = json_loads(f.read().decode("utf-8-sig"))  # tolerate a BOM, as the Java loader does
    except (OSError, ValueError) as e:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise PolicyError("cannot read policy %s: %s" % (path, e))
    return Policy(doc)


def is_dunder(name):
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


class Scope:
    __slots__ = ("kind", "parent", "bound", "globals", "nonlocals")

    def __init__(self, kind, parent):
        self.kind = kind
        self.parent = parent
        self.bound = set()
        self.globals = set()
        self.nonlocals = set()


class Checker:

    def __init__(self, policy, source):
        self.policy = policy
        self.source = source
        self.lines = source.splitlines()
        self.violations = []
        self.aliases = {}          # name -> set of (qualified name, definitely a module)
        self.alias_assignments = []  # (target name, value expression), resolved to a fixpoint
        self.interesting = []      # nodes the rules look at, gathered by collect()
        self.allowed_summary = ", ".join(m for m in policy.allowed_imports if m != "__future__")

    # ---- reporting -------------------------------------------------------------------------------

    def column(self, lineno, col_offset):
        """ast columns are UTF-8 byte offsets; report 1-based character columns."""
        if col_offset is None:
            return 1
        if 1 <= lineno <= len(self.lines):
            return len(self.lines[lineno - 1][:col_offset].decode("utf-8", "replace")) + 1
        return col_offset + 1

    def report(self, line, column, rule, message):
        # One line, bounded: messages may quote the candidate (format fields), and they go into LLM prompts.
        message = " ".join(message.split())
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE - 3] + "..."
        self.violations.append((max(1, line or 1), max(1, column or 1), rule, message))

    def report_node(self, node, rule, message):
        line = getattr(node, "lineno", 1)
        self.report(line, self.column(line, getattr(node, "col_offset", 0)), rule, message)

    def report_attribute(self, node, rule, message):
        # Point at the attribute name itself, not at the start of the whole chain.
        line = getattr(node, "end_lineno", None) or node.lineno
        end = getattr(node, "end_col_offset", None)
        if end is None:
            self.report_node(node, rule, message)
        else:
            self.report(line, self.column(line, max(0, end - len(node.attr))), rule, message)

    # ---- entry point -----------------------------------------------------------------------------

    def run(self):
        if len(self.source) > self.policy.max_source_bytes:
            self.report(1, 1, "too-large", "the program has more than %d bytes: make it smaller"
                        % self.policy.max_source_bytes)
            return self.verdict()
        try:
            # Exactly what ast.parse does: an AST only, never bytecode.
            tree = compile(self.source, "candidate.py", "exec", ast.PyCF_ONLY_AST)
        except SyntaxError as e:
            kind = type(e).__name__
            self.report(e.lineno or 1, e.offset or 1, "syntax-error", "%s: %s" % (kind, e.msg))
            return self.verdict()
        except ValueError as e:  # e.g. null bytes
            self.report(1, 1, "syntax-error", "SyntaxError: %s" % e)
            return self.verdict()
        except (RecursionError, MemoryError):
            self.report(1, 1, "too-complex", "the program is nested too deeply for the parser: flatten it")
            return self.verdict()
        try:
            self.collect(tree)
            self.resolve_aliases()
            self.check()
        except (RecursionError, MemoryError):
            self.violations = []
            self.report(1, 1, "too-complex", "the program is nested too deeply to check: flatten it")
        return self.verdict()

    def verdict(self):
        unique = sorted(set(self.violations), key=lambda v: (v[0], v[1], v[2], v[3]))
        limit = self.policy.max_violations
        cut = len(unique) > limit
        unique = unique[:limit]
        out = [{"line": l, "column": c, "rule": r, "message": m} for (l, c, r, m) in unique]
        if cut:
            last = unique[-1]
            out.append({"line": last[0], "column": last[1], "rule": "too-many-violations",
                        "message": "only the first %d violations are listed; fix these first" % limit})
        return {"accepted": not out, "policyVersion": self.policy.version, "checker": CHECKER_VERSION,
                "violations": out}

    # ---- pass 1: scopes, bindings, aliases ----------------------------------------------------------

    def collect(self, tree):
        """Walks the tree once (iteratively: deep expressions must not exhaust the C stack), noting each
        node's parent and scope, every binding, and the nodes the rules look at."""
        module = Scope("module", None)
        stack = [(tree, None, module)]
        special = self._SPECIAL
        interesting = self.interesting
        watched = self._WATCHED
        ast_node = ast.AST
        while stack:
            node, parent, scope = stack.pop()
            node._cl_parent = parent
            node._cl_scope = scope
            kind = type(node)
            if kind in watched:
                interesting.append(node)
            handler = special.get(kind)
            if handler is not None:
                children = handler(self, node, scope)
                if children is not None:
                    for child, child_scope in children:
                        stack.append((child, node, child_scope))
                    continue
            for name in node._fields:
                if name == "ctx":
                    continue
                value = getattr(node, name, None)
                if type(value) is list:
                    for item in value:
                        if isinstance(item, ast_node):
                            stack.append((item, node, scope))
                elif isinstance(value, ast_node):
                    stack.append((value, node, scope))

    def _function(self, node, scope):
        scope.bound.add(node.name)
        inner = Scope("function", scope)
        out = [(d, scope) for d in node.decorator_list]
        out += self.arguments(node.args, scope, inner)
        if node.returns is not None:
            out.append((node.returns, scope))
        out += [(s, inner) for s in node.body]
        return out

    def _lambda(self, node, scope):
        inner = Scope("lambda", scope)
        return self.arguments(node.args, scope, inner) + [(node.body, inner)]

    def _class(self, node, scope):
        scope.bound.add(node.name)
        inner = Scope("class", scope)
        out = [(d, scope) for d in node.decorator_list]
        out += [(b, scope) for b in node.bases] + [(k, scope) for k in node.keywords]
        return out + [(s, inner) for s in node.body]

    def _comprehension(self, node, scope):
        inner = Scope("comprehension", scope)
        out = []
        for i, gen in enumerate(node.generators):
            # The first iterable is evaluated in the enclosing scope, everything else inside.
            out.append((gen.iter, scope if i == 0 else inner))
            out.append((gen.target, inner))
            out += [(c, inner) for c in gen.ifs]
        if isinstance(node, ast.DictComp):
            out += [(node.key, inner), (node.value, inner)]
        else:
            out.append((node.elt, inner))
        return out

    def _named_expr(self, node, scope):
        target_scope = scope
        while target_scope.kind == "comprehension":
            target_scope = target_scope.parent
        return [(node.target, target_scope), (node.value, scope)]

    def _name(self, node, scope):
        if type(node.ctx) is not ast.Load:
            scope.bound.add(node.id)

    def _global(self, node, scope):
        scope.globals.update(node.names)

    def _nonlocal(self, node, scope):
        scope.nonlocals.update(node.names)

    def _import(self, node, scope):
        for alias in node.names:
            if alias.asname:
                self.add_alias(alias.asname, alias.name, True)
                scope.bound.add(alias.asname)
            else:
                root = alias.name.split(".")[0]
                self.add_alias(root, root, True)
                scope.bound.add(root)

    def _import_from(self, node, scope):
        if not node.level and node.module:
            for alias in node.names:
                if alias.name != "*":
                    bound = alias.asname or alias.name
                    self.add_alias(bound, node.module + "." + alias.name, False)
                    scope.bound.add(bound)

    def _except_handler(self, node, scope):
        if node.name:
            scope.bound.add(node.name)

    def _match_capture(self, node, scope):
        if node.name:
            scope.bound.add(node.name)

    def _match_mapping(self, node, scope):
        if node.rest:
            scope.bound.add(node.rest)

    def _assign(self, node, scope):
        if isinstance(node.value, (ast.Name, ast.Attribute, ast.IfExp)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.alias_assignments.append((target.id, node.value))

    def _ann_assign(self, node, scope):
        if isinstance(node.target, ast.Name) and isinstance(node.value, (ast.Name, ast.Attribute, ast.IfExp)):
            self.alias_assignments.append((node.target.id, node.value))

    _SPECIAL = {
        ast.FunctionDef: _function, ast.AsyncFunctionDef: _function, ast.Lambda: _lambda, ast.ClassDef: _class,
        ast.ListComp: _comprehension, ast.SetComp: _comprehension, ast.GeneratorExp: _comprehension,
        ast.DictComp: _comprehension, ast.NamedExpr: _named_expr, ast.Name: _name, ast.Global: _global,
        ast.Nonlocal: _nonlocal, ast.Import: _import, ast.ImportFrom: _import_from,
        ast.ExceptHandler: _except_handler, ast.MatchAs: _match_capture, ast.MatchStar: _match_capture,
        ast.MatchMapping: _match_mapping, ast.Assign: _assign, ast.AnnAssign: _ann_assign,
    }
    _WATCHED = frozenset((ast.Name, ast.Attribute, ast.Import, ast.ImportFrom, ast.Call, ast.Constant,
                          ast.MatchClass))

    @staticmethod
    def arguments(args, outer, inner):
        out = [(d, outer) for d in args.defaults]
        out += [(d, outer) for d in args.kw_defaults if d is not None]
        every = list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs)
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        for a in every:
            inner.bound.add(a.arg)
            if a.annotation is not None:
                out.append((a.annotation, outer))
        return out

    def add_alias(self, name, qualified, definite):
        entries = self.aliases.setdefault(name, set())
        before = len(entries)
        entries.add((qualified, definite))
        return len(entries) != before

    def resolve_aliases(self):
        changed = True
        rounds = 0
        while changed and rounds < 50:
            changed = False
            rounds += 1
            for target, value in self.alias_assignments:
                for qualified, definite in self.resolve(value):
                    changed |= self.add_alias(target, qualified, definite)

    def resolve(self, expr):
        """Qualified names the expression may denote, each with 'definitely a module'."""
        if isinstance(expr, ast.Name):
            return self.aliases.get(expr.id, ())
        if isinstance(expr, ast.Attribute):
            return {(q + "." + expr.attr, False) for q, _ in self.resolve(expr.value)}
        if isinstance(expr, ast.IfExp):  # m = torch if gpu else np
            return set(self.resolve(expr.body)) | set(self.resolve(expr.orelse))
        return ()

    # ---- pass 2: rules ----------------------------------------------------------------------------

    def check(self):
        for node in self.interesting:
            if isinstance(node, ast.Name):
                self.check_name(node)
            elif isinstance(node, ast.Attribute):
                parent = node._cl_parent
                if not (isinstance(parent, ast.Attribute) and parent.value is node):
                    self.check_chain(node)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.check_import(node, alias.name)
            elif isinstance(node, ast.ImportFrom):
                self.check_import_from(node)
            elif isinstance(node, ast.Call):
                self.check_call(node)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                self.check_string(node)
            elif isinstance(node, ast.MatchClass):
                for key in node.kwd_attrs:
                    self.check_attribute_name(node, key)

    def refers_to_builtin(self, name, scope):
        s = scope
        while s is not None:
            if s.kind in _FUNCTION_KINDS:
                if name in s.globals:
                    return True
                if name in s.nonlocals or name in s.bound:
                    return False  # a fast local or a closure cell: never falls back to builtins
            elif s.kind == "module":
                return True
            # Class bodies look names up in a dict that falls back to globals and builtins: not trusted.
            s = s.parent
        return True

    def check_name(self, node):
        name = node.id
        load = isinstance(node.ctx, ast.Load)
        policy = self.policy
        if load and name in policy.denied_builtins and self.refers_to_builtin(name, node._cl_scope):
            self.report_node(node, "denied-builtin", "builtin %s is not allowed: %s"
                             % (name, policy.denied_builtins[name]))
            return
        if is_dunder(name) and name not in policy.allowed_dunder_names:
            self.report_node(node, "dunder-name", "name %s is not allowed: dunder names expose interpreter "
                             "internals%s" % (name, self.hint(name)))
            return
        if load and any(definite for _, definite in self.aliases.get(name, ())):
            parent = node._cl_parent
            if isinstance(parent, ast.Attribute) and parent.value is node:
                return
            # Identity and truth tests yield a bool, never the module (optional imports: `if cv2 is None`).
            if isinstance(parent, ast.Compare) and all(type(op) in (ast.Is, ast.IsNot) for op in parent.ops):
                return
            if isinstance(parent, ast.UnaryOp) and type(parent.op) is ast.Not:
                return
            if isinstance(parent, (ast.If, ast.While, ast.IfExp, ast.Assert)) and parent.test is node:
                return
            # A plain alias (m = np, m = np if a else torch) is resolved; in a class body it would become an
            # attribute (C.m), which is not.
            value = node
            if isinstance(parent, ast.IfExp) and parent.test is not node:
                value, parent = parent, parent._cl_parent
            if node._cl_scope.kind != "class":
                if isinstance(parent, ast.Assign) and parent.value is value and all(
                        isinstance(t, ast.Name) for t in parent.targets):
                    return
                if isinstance(parent, ast.AnnAssign) and parent.value is value and isinstance(parent.target, ast.Name):
                    return
            self.report_node(node, "module-as-value", "module %s may only be used as %s.member or aliased with a "
                             "plain assignment (m = %s); storing, passing or returning it hides what is called"
                             % (name, name, name))

    def hint(self, dunder):
        hint = self.policy.dunder_hints.get(dunder)
        return "; " + hint if hint else ""

    def check_chain(self, top):
        chain = []
        node = top
        while isinstance(node, ast.Attribute):
            chain.append(node)
            node = node.value
        for attribute in reversed(chain):  # innermost first; one violation per chain
            if self.check_attribute(attribute):
                return

    def check_attribute(self, node):
        attr = node.attr
        policy = self.policy
        if is_dunder(attr):
            if attr not in policy.allowed_dunder_attributes:
                self.report_attribute(node, "dunder-attribute", self.dunder_attribute_message(attr))
                return True
            return False
        for qualified, _ in sorted(self.resolve(node.value)):
            full = qualified + "." + attr
            denied = self.denied_api(full)
            if denied:
                self.report_attribute(node, "denied-api", "%s is not allowed: %s" % (full, policy.denied_apis[denied]))
                return True
            members = policy.restricted_members.get(qualified)
            if members is not None and attr not in members:
                self.report_attribute(node, "denied-api", self.restricted_message(qualified, attr, members))
                return True
            if attr.startswith("_"):
                self.report_attribute(node, "private-api", "%s is a private member of %s: use its public API"
                                      % (full, qualified))
                return True
        if attr in policy.denied_attribute_names:
            self.report_attribute(node, "denied-attribute", ".%s is not allowed on any object: %s"
                                  % (attr, policy.denied_attribute_names[attr]))
            return True
        return False

    def check_attribute_name(self, node, attr):
        policy = self.policy
        if is_dunder(attr) and attr not in policy.allowed_dunder_attributes:
            self.report_node(node, "dunder-attribute", self.dunder_attribute_message(attr))
        elif attr in policy.denied_attribute_names:
            self.report_node(node, "denied-attribute", ".%s is not allowed on any object: %s"
                             % (attr, policy.denied_attribute_names[attr]))

    def dunder_attribute_message(self, attr):
        return ("attribute .%s is not allowed: dunder attributes other than __init__, __name__, __len__, "
                "__call__, __getitem__, __enter__, __exit__, __repr__ and a few more expose interpreter internals%s"
                % (attr, self.hint(attr)))

    @staticmethod
    def restricted_message(module, member, members):
        allowed = ", ".join(module + "." + m for m in sorted(members))
        return "%s.%s is not allowed: only %s may be used from %s" % (module, member, allowed, module)

    def denied_api(self, full):
        """The longest deniedApis key equal to full or a prefix of it at a dot boundary."""
        apis = self.policy.denied_apis
        candidate = full
        while True:
            if candidate in apis:
                return candidate
            cut = candidate.rfind(".")
            if cut < 0:
                return None
            candidate = candidate[:cut]

    def import_allowed(self, module):
        return any(module == a or module.startswith(a + ".") for a in self.policy.allowed_imports)

    def check_import(self, node, module):
        policy = self.policy
        if not self.import_allowed(module):
            root = module.split(".")[0]
            alternative = policy.import_alternatives.get(module) or policy.import_alternatives.get(root)
            reason = alternative + "." if alternative else "use one of the allowed modules."
            self.report_node(node, "import-not-allowed", "import of %s is not allowed: %s Allowed: %s"
                             % (module, reason, self.allowed_summary))
            return False
        denied = self.denied_api(module)
        if denied:
            self.report_node(node, "denied-api", "%s is not allowed: %s" % (module, policy.denied_apis[denied]))
            return False
        for part in module.split("."):
            if part.startswith("_") and module != "__future__":
                self.report_node(node, "private-api", "%s is private: use the public API of %s"
                                 % (module, module.split(".")[0]))
                return False
            if part in policy.denied_attribute_names:
                self.report_node(node, "denied-attribute", "%s is not allowed: %s"
                                 % (module, policy.denied_attribute_names[part]))
                return False
        return True

    def check_import_from(self, node):
        policy = self.policy
        if node.level:
            self.report_node(node, "relative-import", "relative import is not allowed: a codec program is a "
                             "single module; import allowed modules absolutely (import numpy as np)")
            return
        if not self.check_import(node, node.module):
            return
        for alias in node.names:
            name = alias.name
            full = node.module + "." + name
            if name == "*":
                self.report_node(node, "star-import", "from %s import * is not allowed: it hides which names are "
                                 "bound; import what you need (from %s import x, y) or import %s"
                                 % (node.module, node.module, node.module))
            elif node.module == "__future__":
                continue
            elif is_dunder(name):
                if name not in policy.allowed_dunder_attributes:
                    self.report_node(alias, "dunder-attribute", self.dunder_attribute_message(name))
            elif self.denied_api(full):
                self.report_node(alias, "denied-api", "%s is not allowed: %s"
                                 % (full, policy.denied_apis[self.denied_api(full)]))
            elif node.module in policy.restricted_members and name not in policy.restricted_members[node.module]:
                self.report_node(alias, "denied-api", self.restricted_message(
                    node.module, name, policy.restricted_members[node.module]))
            elif name.startswith("_"):
                self.report_node(alias, "private-api", "%s is a private member of %s: use its public API"
                                 % (full, node.module))
            elif name in policy.denied_attribute_names:
                self.report_node(alias, "denied-attribute", "%s is not allowed: %s"
                                 % (full, policy.denied_attribute_names[name]))

    def check_call(self, node):
        func = node.func
        if (isinstance(func, ast.Name) and func.id == "type" and (len(node.args) != 1 or node.keywords)
                and self.refers_to_builtin("type", func._cl_scope)):
            self.report_node(node, "denied-builtin", "type() with three arguments builds classes from strings and "
                             "dicts: write a class statement (type(x) with one argument is fine)")
        for keyword in node.keywords:
            reason = self.policy.denied_keywords.get(keyword.arg)
            if reason is None:
                continue
            value = keyword.value
            if isinstance(value, ast.Constant) and value.value is False:
                continue
            self.report_node(value, "denied-keyword", "%s=... is not allowed: %s" % (keyword.arg, reason))

    def check_string(self, node):
        text = node.value
        policy = self.policy
        if is_dunder(text) and text.isidentifier() and text not in policy.allowed_dunder_names \
                and text not in policy.allowed_dunder_attributes:
            self.report_node(node, "dunder-string", "string %r names an interpreter internal; dunder names other "
                             "than %s may not appear even as strings%s"
                             % (text, ", ".join(sorted(policy.allowed_dunder_names)), self.hint(text)))
            return
        if "{" in text:
            field = self.format_field_reaching_private(text, 0)
            if field is not None:
                self.report_node(node, "format-attribute", "format field {%s} reaches an underscore attribute or "
                                 "key; format the value itself ('{0}'.format(x)) or use an f-string" % field)

    def format_field_reaching_private(self, text, depth):
        if depth > 2:
            return None
        try:
            for _literal, field, spec, _conversion in _string.formatter_parser(text):
                if field is not None:
                    try:
                        _first, rest = _string.formatter_field_name_split(field)
                        for _is_attr, key in rest:
                            if isinstance(key, str) and key.lstrip().startswith("_"):
                                return field
                    except ValueError:
                        pass
                if spec and "{" in spec:
                    nested = self.format_field_reaching_private(spec, depth + 1)
                    if nested is not None:
                        return nested
        except ValueError:
            pass  # str.format would refuse the rest of this string as well
        return None


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: policy_check.py POLICY.json CANDIDATE.py\n")
        return 2
    try:
        policy = load_policy(argv[1])
    except PolicyError as e:
        sys.stderr.write("policy_check: %s\n" % e)
        return 2
    try:
        with open(argv[2], "rb") as f:
            source = f.read(policy.max_source_bytes + 1)
    except OSError as e:
        sys.stderr.write("policy_check: cannot read candidate %s: %s\n" % (argv[2], e))
        return 2
    verdict = Checker(policy, source).run()
    # CPU time of this whole process, interpreter start included: the checker's own cost, whatever the load.
    verdict["cpuMillis"] = int(time.process_time() * 1000)
    sys.stdout.write(json_dumps(verdict) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
