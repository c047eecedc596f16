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
  denied-attribute    an attribute name of deniedAttributeNames, on any receiver the checker cannot prove to be
                      the program's own object: self.load() in an ordinary method of a class that defines load
                      (or inherits it from another class of the program), and obj.load() where obj is bound only
                      to that class's constructor (obj = Codec()), call the program's own method; np.load,
                      torch.jit.script(m).save, super().save and every other receiver stay denied. So that self
                      is always an instance, such classes' methods may not be reached through the class
                      (Codec.run(other), type(x).run(other)), and no class may have a metaclass, a class
                      decorator other than @dataclass/@total_ordering, or a library base before its own bases
  private-api         an _underscore member of a module (torch._C, collections._sys)
  denied-builtin      a name that refers to a builtin of deniedBuiltins (shadowing by a function-local
                      binding is understood; module-level rebinding is not trusted); type() with 3 args
  dunder-attribute    x.__name__-style attribute outside dunders.allowedAttributes (also match-class keys)
  dunder-name         a __name__-style variable outside dunders.allowedNames (__builtins__, __loader__)
  dunder-string       a string literal that is exactly a forbidden dunder name ('__builtins__')
  format-attribute    a string literal whose str.format fields reach an underscore or denied attribute or an
                      underscore key ('{0.__class__}', '{0.gi_frame}'), and .format()/.format_map() called on a
                      string the checker cannot see (built by concatenation, an f-string, a call or a name not
                      bound only to literals): its fields could reach anything
  module-as-value     a name bound by `import` used other than as `name.attr`, a plain alias assignment or
                      an identity/truth test (stored, passed, returned): it would hide what the program calls
  denied-keyword      a keyword argument of deniedKeywords (allow_pickle) whose value is not literal False, also
                      as a literal key of an unpacked dict (**{"allow_pickle": True})
  computed-keyword    keyword names the checker cannot see: f(**m) where m is not a dict display with str-literal
                      keys, dict(name=value, ...), a name bound only to those, or the function's own **kwargs
                      forwarded unchanged ({"allow_" + "pickle": True}, dict(pairs), a changed or passed-on dict)
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

CHECKER_VERSION = 2
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
    __slots__ = ("kind", "parent", "bound", "globals", "nonlocals", "params", "assigned", "node")

    def __init__(self, kind, parent, node=None):
        self.kind = kind
        self.parent = parent
        self.node = node          # the FunctionDef / ClassDef / Lambda that opened the scope
        self.bound = set()
        self.globals = set()
        self.nonlocals = set()
        self.params = set()       # names bound as parameters
        self.assigned = set()     # names bound any other way (assignment, for, with, import, def, ...)


class Checker:

    def __init__(self, policy, source):
        self.policy = policy
        self.source = source
        self.lines = source.splitlines()
        self.violations = []
        self.aliases = {}          # name -> set of (qualified name, definitely a module)
        self.alias_assignments = []  # (target name, value expression), resolved to a fixpoint
        self.interesting = []      # nodes the rules look at, gathered by collect()
        # Flow-insensitive facts about names, over the whole module (a name is one name wherever it is bound):
        self.store_count = {}      # name -> how many times it is bound other than as a parameter
        self.str_literal_count = {}  # name -> how many of those bind it to a str literal
        self.kwargs_literal_count = {}  # name -> ... to a dict display with literal keys, or dict(k=v, ...)
        self.bound_values = {}     # (scope, name) -> the values plain assignments bind it to
        self.scope_stores = {}     # (scope, name) -> how many times it is bound in that scope (not as a parameter)
        self.param_names = set()   # names bound as a parameter anywhere
        self.kwarg_param_names = set()  # names bound as **name
        self.classes = {}          # class name -> ClassDef, for module-level classes bound once
        self.functions = {}        # function name -> FunctionDef, for module-level functions
        self.class_count = {}      # class name -> how many class statements bind it
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
        scope.assigned.add(node.name)
        self.count_store(node.name)
        if scope.kind == "module":
            self.functions[node.name] = node
        inner = Scope("function", scope, node)
        out = [(d, scope) for d in node.decorator_list]
        out += self.arguments(node.args, scope, inner)
        if node.returns is not None:
            out.append((node.returns, scope))
        out += [(s, inner) for s in node.body]
        return out

    def _lambda(self, node, scope):
        inner = Scope("lambda", scope, node)
        return self.arguments(node.args, scope, inner) + [(node.body, inner)]

    def _class(self, node, scope):
        scope.bound.add(node.name)
        scope.assigned.add(node.name)
        self.count_store(node.name)
        self.class_count[node.name] = self.class_count.get(node.name, 0) + 1
        if scope.kind == "module":
            self.classes[node.name] = node
        inner = Scope("class", scope, node)
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
            scope.assigned.add(node.id)
            self.count_store(node.id)
            key = (id(scope), node.id)
            self.scope_stores[key] = self.scope_stores.get(key, 0) + 1

    def _global(self, node, scope):
        scope.globals.update(node.names)

    def _nonlocal(self, node, scope):
        scope.nonlocals.update(node.names)

    def bind_other(self, scope, name):
        scope.bound.add(name)
        scope.assigned.add(name)
        self.count_store(name)

    def count_store(self, name):
        self.store_count[name] = self.store_count.get(name, 0) + 1

    def _import(self, node, scope):
        for alias in node.names:
            if alias.asname:
                self.add_alias(alias.asname, alias.name, True)
                self.bind_other(scope, alias.asname)
            else:
                root = alias.name.split(".")[0]
                self.add_alias(root, root, True)
                self.bind_other(scope, root)

    def _import_from(self, node, scope):
        if not node.level and node.module:
            for alias in node.names:
                if alias.name != "*":
                    bound = alias.asname or alias.name
                    self.add_alias(bound, node.module + "." + alias.name, False)
                    self.bind_other(scope, bound)

    def _except_handler(self, node, scope):
        if node.name:
            self.bind_other(scope, node.name)

    def _match_capture(self, node, scope):
        if node.name:
            self.bind_other(scope, node.name)

    def _match_mapping(self, node, scope):
        if node.rest:
            self.bind_other(scope, node.rest)

    def note_binding_value(self, name, value, scope=None):
        """Remembers what kind of value a plain `name = value` binds (the stores themselves are counted by _name)."""
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            self.str_literal_count[name] = self.str_literal_count.get(name, 0) + 1
        if self.literal_keyword_mapping(value):
            self.kwargs_literal_count[name] = self.kwargs_literal_count.get(name, 0) + 1
        if scope is not None:
            self.bound_values.setdefault((id(scope), name), []).append(value)

    def _assign(self, node, scope):
        for target in node.targets:
            if isinstance(target, ast.Name):
                self.note_binding_value(target.id, node.value, scope)
        if isinstance(node.value, (ast.Name, ast.Attribute, ast.IfExp)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.alias_assignments.append((target.id, node.value))

    def _ann_assign(self, node, scope):
        if isinstance(node.target, ast.Name) and node.value is not None:
            self.note_binding_value(node.target.id, node.value, scope)
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

    def arguments(self, args, outer, inner):
        out = [(d, outer) for d in args.defaults]
        out += [(d, outer) for d in args.kw_defaults if d is not None]
        every = list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs)
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        for a in every:
            inner.bound.add(a.arg)
            inner.params.add(a.arg)
            self.param_names.add(a.arg)
            if a.annotation is not None:
                out.append((a.annotation, outer))
        if args.kwarg is not None:
            self.kwarg_param_names.add(args.kwarg.arg)
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
        self.prepare_own_members()
        self.escaping_mappings = self.mappings_used_beyond_unpacking()
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
        self.check_unbound_method_access()

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
        self.note_class_access(node)
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
        if attr in policy.denied_attribute_names and not self.is_own_member(node.value, attr):
            self.report_attribute(node, "denied-attribute", ".%s is not allowed on any object: %s (a method the "
                                  "program defines itself may be called on self or on an instance of its class)"
                                  % (attr, policy.denied_attribute_names[attr]))
            return True
        return False

    # ---- the program's own members: self.load() where its class defines load ---------------------------

    _METHOD_DECORATORS = frozenset(("property", "functools.cached_property", "functools.lru_cache", "functools.cache",
                                    "torch.no_grad", "torch.inference_mode", "torch.jit.export", "torch.jit.unused",
                                    "torch.jit.ignore"))
    _CLASS_DECORATORS = frozenset(("dataclasses.dataclass", "functools.total_ordering"))

    def decorator_name(self, decorator):
        """The qualified name a decorator resolves to (@torch.no_grad() and @torch.no_grad alike), or None."""
        if isinstance(decorator, ast.Call):
            decorator = decorator.func
        if isinstance(decorator, ast.Name) and decorator.id in ("property", "staticmethod", "classmethod") \
                and decorator.id not in self.store_count:
            return decorator.id
        if isinstance(decorator, ast.Attribute) and decorator.attr in ("setter", "getter", "deleter"):
            return "property"  # @value.setter of a property
        names = [q for q, _ in self.resolve(decorator)]
        return names[0] if len(names) == 1 else None

    def prepare_own_members(self):
        """Which module-level classes can vouch for their members. A class may, when nothing can put another
        object behind its self: no metaclass, no class decorator but @dataclass/@total_ordering, and no library
        base listed before a base of the program's own (that would put the library's members first)."""
        self.class_granted = set()   # classes whose own members were used on self or an instance
        self.class_accesses = []     # (Attribute node, class name or None, first-argument-is-self)
        self.own_classes = {}
        for name, node in self.classes.items():
            if self.class_count.get(name) != 1 or self.store_count.get(name) != 1 or name in self.param_names:
                continue
            self.own_classes[name] = node
        self.own_members_usable = True
        for node in self.own_classes.values():
            if node.keywords or any(self.decorator_name(d) not in self._CLASS_DECORATORS for d in node.decorator_list):
                self.own_members_usable = False
            seen_library = False
            for base in node.bases:
                own = isinstance(base, ast.Name) and base.id in self.own_classes
                if own and seen_library:
                    self.own_members_usable = False
                seen_library |= not own
        self.instance_attributes = {}  # class name -> names assigned as self.name = ... in its methods
        for node in self.interesting:
            if isinstance(node, ast.Attribute) and type(node.ctx) is not ast.Load and isinstance(node.value, ast.Name):
                cls = self.trusted_self_class(node.value)
                if cls is not None:
                    self.instance_attributes.setdefault(cls.name, set()).add(node.attr)

    def method_kind(self, function):
        kinds = set(self.decorator_name(d) for d in function.decorator_list)
        if "staticmethod" in kinds:
            return "static"
        if "classmethod" in kinds:
            return "class"
        return "method"

    def family(self, class_name, seen=None):
        """The class and its own (program) bases, transitively."""
        seen = seen if seen is not None else []
        node = self.own_classes.get(class_name)
        if node is None or class_name in seen:
            return seen
        seen.append(class_name)
        for base in node.bases:
            if isinstance(base, ast.Name):
                self.family(base.id, seen)
        return seen

    def members(self, class_name):
        """name -> kind (method, static, class, attribute) of the class and its own bases."""
        out = {}
        for name in reversed(self.family(class_name)):
            node = self.own_classes[name]
            for statement in node.body:
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    out[statement.name] = self.method_kind(statement)
                elif isinstance(statement, ast.Assign):
                    out.update((t.id, "attribute") for t in statement.targets if isinstance(t, ast.Name))
                elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                    out[statement.target.id] = "attribute"
            for attribute in self.instance_attributes.get(name, ()):
                out.setdefault(attribute, "attribute")
        return out

    def trusted_self_class(self, name_node, kind="method"):
        """The ClassDef when name_node is the self parameter of one of its ordinary methods (never rebound), or
        with kind="class" the cls parameter of one of its classmethods."""
        name = name_node.id
        scope = name_node._cl_scope
        while scope is not None and scope.kind in _FUNCTION_KINDS:
            if name in scope.globals or name in scope.nonlocals:
                return None
            if name in scope.bound:
                break
            scope = scope.parent
        if scope is None or scope.kind != "function" or scope.parent is None or scope.parent.kind != "class":
            return None
        function, cls = scope.node, scope.parent.node
        if cls is None or self.own_classes.get(cls.name) is not cls or name in scope.assigned:
            return None
        positional = list(function.args.posonlyargs) + list(function.args.args)
        if not positional or positional[0].arg != name:
            return None
        decorators = [self.decorator_name(d) for d in function.decorator_list]
        if kind == "class":
            return cls if decorators == ["classmethod"] else None
        if any(d not in self._METHOD_DECORATORS for d in decorators):
            return None  # staticmethod, classmethod, or a decorator that could call it with another object
        return cls

    def binding_scope(self, name_node):
        """The scope whose variable name_node refers to (function scopes outward, then the module), or None
        when it is declared global/nonlocal somewhere on the way."""
        name = name_node.id
        scope = name_node._cl_scope
        module = scope
        while scope is not None:
            if scope.kind in _FUNCTION_KINDS:
                if name in scope.globals or name in scope.nonlocals:
                    return None
                if name in scope.bound:
                    return scope
            elif scope.kind == "module":
                return scope
            module = scope
            scope = scope.parent
        return module

    def instance_classes(self, expr, depth=0):
        """Program classes expr is an instance of, when it is provably one: self in a method, C(...), a call of a
        function or method that only returns those (return C(...), return cls(...), return self), or a name all of
        whose bindings in its scope are such expressions. [] when it cannot be proved."""
        if depth > 6:
            return []
        if isinstance(expr, ast.Name):
            cls = self.trusted_self_class(expr)
            if cls is not None:
                return [cls.name]
            scope = self.binding_scope(expr)
            if scope is None or expr.id in scope.params or expr.id in self.aliases:
                return []
            values = self.bound_values.get((id(scope), expr.id), [])
            if not values or len(values) != self.scope_stores.get((id(scope), expr.id), 0):
                return []
            return self.all_instances(values, depth)
        if isinstance(expr, ast.IfExp):
            return self.all_instances([expr.body, expr.orelse], depth)
        if not isinstance(expr, ast.Call):
            return []
        func = expr.func
        if isinstance(func, ast.Name):
            if func.id in self.own_classes:
                return [func.id]
            function = self.functions.get(func.id)
            if function is not None and self.store_count.get(func.id) == 1 and func.id not in self.param_names:
                return self.returned_instances(function, None, depth)
            return []
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Name) and func.value.id in self.own_classes:
                kind = self.members(func.value.id).get(func.attr)
                method = self.method_def(func.value.id, func.attr)
                if kind in ("static", "class") and method is not None:
                    return self.returned_instances(method, func.value.id, depth)
                return []
            receivers = self.instance_classes(func.value, depth + 1)
            out = set()
            for cls_name in receivers:
                method = self.method_def(cls_name, func.attr)
                if method is None or self.members(cls_name).get(func.attr) != "method":
                    return []
                got = self.returned_instances(method, cls_name, depth)
                if not got:
                    return []
                out.update(got)
            return sorted(out)
        return []

    def all_instances(self, values, depth):
        out = set()
        for value in values:
            got = self.instance_classes(value, depth + 1)
            if not got:
                return []
            out.update(got)
        return sorted(out)

    def returned_instances(self, function, owner, depth):
        """Classes the function's return statements all produce: C(...), cls(...) in a classmethod of owner, self
        in a method of owner (the receiver's class), or another provable instance."""
        positional = list(function.args.posonlyargs) + list(function.args.args)
        first = positional[0].arg if positional else None
        returns, stack = [], list(function.body)
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                continue
            if isinstance(node, (ast.Yield, ast.YieldFrom)):
                return []
            if isinstance(node, ast.Return):
                returns.append(node.value)
            if isinstance(node, ast.Name) and node.id == first and not isinstance(node.ctx, ast.Load):
                return []  # self rebound: "return self" proves nothing
            stack.extend(value for field in node._fields for value in self.children(getattr(node, field, None)))
        if not returns:
            return []
        out = set()
        for value in returns:
            if value is None:
                return []
            if owner is not None and isinstance(value, ast.Name) and value.id == first \
                    and self.method_kind(function) == "method":
                out.add(owner)  # return self (a fluent method): the receiver itself
                continue
            if owner is not None and isinstance(value, ast.Call) and isinstance(value.func, ast.Name) \
                    and value.func.id == first and self.method_kind(function) == "class":
                out.add(owner)  # return cls(...)
                continue
            got = self.instance_classes(value, depth + 1)
            if not got:
                return []
            out.update(got)
        return sorted(out)

    @staticmethod
    def children(value):
        if isinstance(value, list):
            return [v for v in value if isinstance(v, ast.AST)]
        return [value] if isinstance(value, ast.AST) else []

    def super_classes(self, receiver):
        """For super() (no arguments) in an ordinary method of an own class C: C's own bases, whose members
        super() reaches first (library bases come after them, see prepare_own_members)."""
        if not (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name) and receiver.func.id == "super"
                and not receiver.args and not receiver.keywords and "super" not in self.store_count):
            return []
        scope = receiver._cl_scope
        if scope.kind != "function" or scope.parent is None or scope.parent.kind != "class":
            return []
        function = scope.node
        positional = list(function.args.posonlyargs) + list(function.args.args)
        if not positional or positional[0].arg in scope.assigned:
            return []
        cls = scope.parent.node
        if self.own_classes.get(cls.name) is not cls:
            return []
        if any(self.decorator_name(d) not in self._METHOD_DECORATORS for d in function.decorator_list):
            return []
        return [b.id for b in cls.bases if isinstance(b, ast.Name) and b.id in self.own_classes]

    def is_own_member(self, receiver, attr):
        if not self.own_members_usable:
            return False
        bases = self.super_classes(receiver)
        if bases:
            return any(attr in self.members(b) for b in bases[:1])
        instances = self.instance_classes(receiver)
        if instances and all(attr in self.members(c) for c in instances):
            self.class_granted.update(instances)
            return True
        if isinstance(receiver, ast.Name) and receiver.id in self.own_classes:
            # C.load(...) for a staticmethod, classmethod or class attribute of the program's class
            return self.members(receiver.id).get(attr) in ("static", "class", "attribute")
        return False

    def note_class_access(self, node):
        """Remembers X.method where X is a class (C, type(x), super(C, x)): such a call can hand the method any
        object as self, which would let an own member named like a library one reach that object's member."""
        receiver = node.value
        cls = None
        if isinstance(receiver, ast.Name) and receiver.id in self.own_classes:
            cls = receiver.id
        elif not (isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name)
                  and (receiver.func.id == "type" and len(receiver.args) == 1
                       or receiver.func.id == "super" and receiver.args)):
            return
        parent = node._cl_parent
        first_is_self = (isinstance(parent, ast.Call) and parent.func is node and parent.args
                         and isinstance(parent.args[0], ast.Name) and self.trusted_self_class(parent.args[0]) is not None)
        self.class_accesses.append((node, cls, first_is_self))

    def check_unbound_method_access(self):
        if not self.class_granted:
            return
        granted = set()
        for name in self.own_classes:
            if set(self.family(name)) & self.class_granted:
                granted.add(name)
        for node, cls, first_is_self in self.class_accesses:
            if first_is_self:
                continue
            families = [cls] if cls is not None else sorted(granted)
            for c in families:
                if c in granted and self.members(c).get(node.attr) == "method":
                    self.report_attribute(node, "denied-attribute", "%s.%s reached through the class: a method of a "
                                          "class whose own members stand in for library names (load, save, ...) must "
                                          "be called on an instance (obj.%s(...)), so that self is always one"
                                          % (c, node.attr, node.attr))
                    break

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
        if isinstance(func, ast.Attribute) and func.attr in ("format", "format_map"):
            self.check_format_call(node, func)
        for keyword in node.keywords:
            if keyword.arg is None:
                if isinstance(func, ast.Attribute) and func.attr in ("format", "format_map"):
                    continue  # keywords of str.format only fill fields, and the fields are checked
                self.check_keyword_unpacking(keyword.value, 0)
            else:
                self.check_keyword(keyword.arg, keyword.value)

    def check_keyword(self, name, value):
        reason = self.policy.denied_keywords.get(name)
        if reason is None or isinstance(value, ast.Constant) and value.value is False:
            return
        self.report_node(value, "denied-keyword", "%s=... is not allowed: %s" % (name, reason))

    # ---- keyword names the checker can see ---------------------------------------------------------

    def literal_keyword_mapping(self, value):
        """A dict display whose keys are all str literals, or dict(k=v, ...) with keywords only."""
        if isinstance(value, ast.Dict):
            return all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in value.keys)
        return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict"
                and not value.args and all(k.arg is not None for k in value.keywords))

    def literal_only(self, name, counts):
        """Every binding of name, anywhere in the module, is of the kind counted in counts (never a parameter)."""
        stores = self.store_count.get(name, 0)
        return stores > 0 and counts.get(name, 0) == stores and name not in self.param_names \
            and name not in self.aliases

    def mappings_used_beyond_unpacking(self):
        """Names of keyword mappings that are changed or handed on somewhere (m[k] = v, m.update(...), f(m),
        x = m): their keys may be built at run time, so unpacking them (**m) is not trusted."""
        candidates = self.kwarg_param_names | set(self.kwargs_literal_count)
        escaping = set()
        for node in self.interesting:
            if not (isinstance(node, ast.Name) and node.id in candidates and isinstance(node.ctx, ast.Load)):
                continue
            parent = node._cl_parent
            if isinstance(parent, ast.keyword) and parent.arg is None:
                continue
            if isinstance(parent, ast.Subscript) and parent.value is node and isinstance(parent.ctx, ast.Load):
                continue
            if isinstance(parent, ast.Attribute) and parent.value is node and parent.attr in (
                    "get", "items", "keys", "values", "copy"):
                continue
            if isinstance(parent, ast.Compare) and node is not parent.left:
                continue  # "key" in kwargs
            escaping.add(node.id)
        return escaping

    def check_keyword_unpacking(self, value, depth):
        """f(**mapping): the keyword names must be visible, so that deniedKeywords (allow_pickle) cannot be spelled
        at run time ({"allow_" + "pickle": True})."""
        if isinstance(value, ast.Dict):
            for key, item in zip(value.keys, value.values):
                if key is None:
                    self.check_keyword_unpacking(item, depth + 1)
                elif isinstance(key, ast.Constant) and isinstance(key.value, str):
                    self.check_keyword(key.value, item)
                else:
                    self.report_node(key, "computed-keyword", "a keyword name built at run time (**{key: ...}) hides "
                                     "which keywords a call gets: spell them (f(name=value)) or use str literals as "
                                     "the keys of the unpacked dict")
            return
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict" \
                and "dict" not in self.store_count and "dict" not in self.param_names:
            if value.args:
                self.report_node(value, "computed-keyword", "**dict(...) built from a mapping or pairs hides which "
                                 "keywords a call gets: write dict(name=value, ...) or spell the keywords")
            return  # dict(name=value): the keywords are checked as the keywords of that call
        if depth == 0 and self.own_callee_without_kwargs(value._cl_parent._cl_parent.func):
            return  # the program's own function or class: its parameters are all declared, and checked there
        if isinstance(value, ast.Name) and value.id not in self.escaping_mappings and depth < 5:
            name = value.id
            if name in self.kwarg_param_names and self.store_count.get(name, 0) == 0:
                return  # forwarding a function's own **kwargs: each call site's keywords are checked there
            if self.literal_only(name, self.kwargs_literal_count):
                # dict(name=value) is checked as a call; the keys of a dict display are checked here
                scope = self.binding_scope(value)
                for bound in self.bound_values.get((id(scope), name), []) if scope is not None else []:
                    if isinstance(bound, ast.Dict):
                        self.check_keyword_unpacking(bound, depth + 1)
                return
        self.report_node(value, "computed-keyword", "keyword arguments unpacked from a computed mapping hide which "
                         "keywords a call gets (allow_pickle and the like): spell them (f(name=value)), unpack a dict "
                         "display with str-literal keys or dict(name=value), or forward the function's own **kwargs "
                         "unchanged")

    def own_callee_without_kwargs(self, func):
        """func is a function or class of the program that takes no **kwargs: keywords unpacked into it can only
        bind its declared parameters (Header(**json.loads(meta)), cls(**fields) in a classmethod)."""
        if not self.own_members_usable:
            return False
        if isinstance(func, ast.Name):
            name = func.id
            function = self.functions.get(name)
            if function is not None and self.store_count.get(name) == 1 and name not in self.param_names:
                return function.args.kwarg is None
            cls = self.own_classes.get(name)
            if cls is None:
                cls = self.trusted_self_class(func, "class")
            return cls is not None and self.constructor_takes_declared_keywords(cls.name)
        if isinstance(func, ast.Attribute):
            for cls_name in self.instance_classes(func.value):
                if self.members(cls_name).get(func.attr) != "method":
                    return False
                method = self.method_def(cls_name, func.attr)
                if method is None or method.args.kwarg is not None:
                    return False
            return bool(self.instance_classes(func.value))
        return False

    def method_def(self, class_name, name):
        for c in self.family(class_name):
            for statement in self.own_classes[c].body:
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)) and statement.name == name:
                    return statement
        return None

    def constructor_takes_declared_keywords(self, class_name):
        init = self.method_def(class_name, "__init__")
        if init is not None:
            return init.args.kwarg is None
        # No __init__ of its own: a @dataclass of program classes only gets one with exactly its fields.
        family = self.family(class_name)
        return all(self.decorator_name(d) == "dataclasses.dataclass" or isinstance(d, ast.Call)
                   and self.decorator_name(d) == "dataclasses.dataclass"
                   for d in self.own_classes[class_name].decorator_list) and bool(
            self.own_classes[class_name].decorator_list) and all(
            isinstance(b, ast.Name) and b.id in family for c in family for b in self.own_classes[c].bases)

    # ---- format strings the checker can see --------------------------------------------------------

    def check_format_call(self, node, func):
        receiver = func.value
        if isinstance(receiver, ast.Name) and receiver.id == "str" and self.refers_to_builtin("str", receiver._cl_scope):
            template = node.args[0] if node.args else None  # str.format(template, ...)
        else:
            template = receiver
        if isinstance(template, ast.Constant) and isinstance(template.value, str):
            return  # its fields are checked as a string literal
        if isinstance(template, ast.Name) and self.literal_only(template.id, self.str_literal_count):
            return
        if template is receiver and self.instance_classes(receiver):
            return  # the program's own format() method
        self.report_node(node, "format-attribute", ".%s() on a string built at run time: its fields could reach "
                         "any attribute ({0.__class__}); call it on a string literal (or a name bound only to "
                         "literals) or use an f-string" % func.attr)

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
                self.report_node(node, "format-attribute", "format field {%s} reaches an underscore, dunder or "
                                 "denied attribute or key; format the value itself ('{0}'.format(x)) or use an f-string"
                                 % field)

    def format_field_reaching_private(self, text, depth):
        if depth > 2:
            return None
        try:
            for _literal, field, spec, _conversion in _string.formatter_parser(text):
                if field is not None:
                    try:
                        _first, rest = _string.formatter_field_name_split(field)
                        for is_attr, key in rest:
                            if not isinstance(key, str):
                                continue
                            name = key.strip()
                            # An attribute in a field is an attribute access like any other: x.f_globals, x.mro.
                            if name.startswith("_") or is_attr and name in self.policy.denied_attribute_names:
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
