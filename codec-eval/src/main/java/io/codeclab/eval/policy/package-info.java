/**
 * Policy check of candidate codec programs (SPEC §6): fast, actionable feedback before any sandboxed run.
 * The sandbox stays the security boundary; this check rejects what a codec never needs, precisely enough
 * that good programs ({@code import torchvision}, {@code model.eval()}) pass.
 *
 * <h2>How it runs</h2>
 * {@link io.codeclab.eval.policy.PolicyChecker} writes {@code policy_check.py}, the policy and the candidate to a
 * fresh directory and runs {@code /usr/bin/python3 -I -S -B /code/policy_check.py} in a {@code Sandbox} (1 CPU,
 * 256 MiB, 10 s). The script parses the candidate with Python's own parser ({@code compile(...,
 * PyCF_ONLY_AST)}, exactly {@code ast.parse}), never imports or executes it, and prints one JSON verdict. Anything
 * but a well-formed verdict is a {@link io.codeclab.eval.policy.PolicyCheckException}, never an acceptance.
 *
 * <h2>The policy</h2>
 * A versioned JSON document ({@code default-policy.json} beside this package's classes, fields described in its
 * {@code $doc} object), loaded as a {@link io.codeclab.eval.policy.Policy} from the bundle, a file or an SSM
 * parameter. {@link io.codeclab.eval.policy.ReloadingPolicySource} (a file through
 * {@link io.codeclab.eval.policy.PolicySource#watching}, or any fetcher, such as an SSM parameter) picks up a
 * changed document and logs {@code policy version X loaded from Y}; a broken new document is logged and the last
 * good policy stays in force.
 *
 * <h2>Rules (ids are stable: they go into experiment records and LLM feedback)</h2>
 * <ul>
 * <li>{@code syntax-error}: the parser's message and position. {@code too-large}, {@code too-complex}: size and
 *     nesting limits.</li>
 * <li>{@code import-not-allowed}: a module outside {@code imports.allowed} (an entry allows its submodules:
 *     {@code torch} allows {@code torch.nn.functional}); the message says what to use instead.
 *     {@code relative-import}, {@code star-import}: {@code from . import x}, {@code from m import *}.</li>
 * <li>{@code denied-builtin}: a name that refers to a builtin of {@code deniedBuiltins} (eval, exec, compile, open,
 *     __import__, getattr, ...) whether called, aliased ({@code e = eval}), passed, used as a decorator or a
 *     default. A method of the same name ({@code model.eval()}) is an attribute, not the builtin. A function-local
 *     binding (parameter, assignment, comprehension variable) shadows the builtin, exactly as Python's scoping
 *     does ({@code def forward(self, input)}); module-level and class-body bindings do not count, because those
 *     fall back to builtins when unassigned. {@code type()} with three arguments is also denied.</li>
 * <li>{@code dunder-attribute}, {@code dunder-name}, {@code dunder-string}: {@code x.__class__}, {@code
 *     __builtins__}, {@code '__builtins__'} outside a short allow-list ({@code __init__}, {@code __name__},
 *     {@code __len__}, ...); also match-class keys ({@code case object(__class__=c)}).</li>
 * <li>{@code format-attribute}: a string literal whose {@code str.format} fields reach an underscore attribute or
 *     key ({@code "{0.__class__}"}); f-strings are real AST and fall under the attribute rules.</li>
 * <li>{@code denied-api}: a fully qualified name under an entry of {@code deniedApis} ({@code numpy.load},
 *     {@code torch.hub}, {@code cv2.imwrite}, {@code io.FileIO}), or a member of a restricted module outside its
 *     list (only {@code io.BytesIO} from {@code io}).</li>
 * <li>{@code denied-attribute}: an attribute name of {@code deniedAttributeNames}, on <em>any</em> receiver.</li>
 * <li>{@code private-api}: an underscore member of a module ({@code torch._C}).</li>
 * <li>{@code module-as-value}: an imported module used other than as {@code m.member} or a plain alias.</li>
 * <li>{@code denied-keyword}: {@code allow_pickle=} with anything but literal {@code False}.</li>
 * </ul>
 *
 * <h2>The precise attribute rule</h2>
 * Names bound by {@code import m}, {@code import m as a}, {@code from m import x} and plain assignments from such
 * names or attribute chains ({@code x = np}, {@code lib = np.lib}, {@code xp = torch if gpu else np}; flow- and
 * scope-insensitive, resolved to a fixpoint) resolve to qualified names, and {@code a.b.c} on such a name is checked
 * as {@code <module>.b.c} against {@code deniedApis}, the restricted members and the private rule. Because a
 * module bound by {@code import} may only be used as {@code m.member} or aliased in a module or function scope
 * ({@code module-as-value} rejects {@code [np]}, {@code f(np)}, {@code return np}, {@code def f(m=np)} and
 * {@code class C: m = np}), such modules cannot reach an unresolved expression. Everything that still cannot be
 * resolved (a parameter, a call result, a submodule imported with {@code from}) is covered by
 * {@code deniedAttributeNames}, which applies to every receiver: the file, process, network, pickle and reflection
 * leaves ({@code load}, {@code save}, {@code tofile}, {@code imwrite}, {@code VideoCapture}, {@code from_file},
 * {@code system}, {@code gi_frame}, {@code f_globals}, ...) and the names under which libraries re-export system
 * modules ({@code os}, {@code sys}, {@code builtins}, {@code bltns}, {@code string}, {@code six}, ...). That list is
 * kept complete by {@code audit_reachable.py} (test resources), which walks every public attribute chain of the
 * allowed libraries and fails when one the policy lets through ends at a dangerous module or builtin.
 * Deliberately allowed: {@code load_state_dict}/{@code state_dict} (in-memory), {@code torch.jit.script},
 * {@code np.lib.stride_tricks}, {@code torchvision.io.encode_jpeg}/{@code decode_jpeg}, {@code json.loads}.
 * Deliberately denied: {@code json.load}/{@code json.dump} (use the string forms), {@code torch.compile} and
 * any {@code .compile} (it needs a C++ toolchain the sandbox does not have).
 */
package io.codeclab.eval.policy;
