"""Name resolution for analysis.py: which global names a parsed cell binds and reads,
by CPython's scoping rules (module, function, lambda, class, comprehension, and the
annotation scopes of type parameters, type aliases and lazy annotations). The rules
are described in analysis.py's docstring; this module only walks the tree.
"""

import ast
import builtins

__all__ = ["Analyzer", "has_future_annotations"]

#: Names that always resolve without any cell defining them.  ``_`` is left out
#: on purpose: an interactive display hook may put it in builtins.
_BUILTIN_NAMES = frozenset(name for name in dir(builtins) if name != "_")
_MODULE_DUNDERS = frozenset(
    {
        "__name__",
        "__doc__",
        "__package__",
        "__loader__",
        "__spec__",
        "__file__",
        "__cached__",
        "__builtins__",
        "__annotations__",
        "__annotate__",
        "__debug__",
    }
)
_NOT_REFERENCES = _BUILTIN_NAMES | _MODULE_DUNDERS

_MODULE = "module"
_FUNCTION = "function"  # def, async def, lambda
_CLASS = "class"
_COMPREHENSION = "comprehension"
_ANNOTATION = "annotation"  # type params, type alias values, TypeVar bounds, annotations

# Leaf-ish nodes that never contain names; skipping them keeps the walk lean.
_INERT = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop, ast.Constant)


class _Scope:
    __slots__ = ("kind", "parent", "bound", "stores", "first_bind", "global_decls", "nonlocal_decls", "loads")

    def __init__(self, kind, parent):
        self.kind = kind
        self.parent = parent
        self.bound = set()  # every local binding, including `del` and parameters
        self.stores = set()  # bindings that assign a value (used for `defines`)
        self.first_bind = {}  # name -> sequence number of the first binding
        self.global_decls = set()
        self.nonlocal_decls = set()
        self.loads = []  # (name, sequence number)


class Analyzer:
    """Walks the tree iteratively (deep expressions cannot overflow the stack),
    in evaluation order, recording loads and bindings per scope; names are
    resolved afterwards, when every scope's bindings are known."""

    def __init__(self, future_annotations):
        self.future_annotations = future_annotations
        self.scopes = []
        self.seq = 0
        self.module = self._new_scope(_MODULE, None)
        self._handlers = {
            ast.Name: self._name,
            ast.FunctionDef: self._function,
            ast.AsyncFunctionDef: self._function,
            ast.Lambda: self._lambda,
            ast.ClassDef: self._class,
            ast.ListComp: self._comprehension,
            ast.SetComp: self._comprehension,
            ast.GeneratorExp: self._comprehension,
            ast.DictComp: self._comprehension,
            ast.NamedExpr: self._named_expr,
            ast.Global: self._global,
            ast.Nonlocal: self._nonlocal,
            ast.Import: self._import,
            ast.ImportFrom: self._import_from,
            ast.Assign: self._assign,
            ast.AugAssign: self._aug_assign,
            ast.AnnAssign: self._ann_assign,
            ast.For: self._for,
            ast.AsyncFor: self._for,
            ast.ExceptHandler: self._except_handler,
            ast.MatchAs: self._match_as,
            ast.MatchStar: self._match_star,
            ast.MatchMapping: self._match_mapping,
        }
        type_alias = getattr(ast, "TypeAlias", None)
        if type_alias is not None:
            self._handlers[type_alias] = self._type_alias

    # -- bookkeeping -------------------------------------------------------

    def _new_scope(self, kind, parent):
        scope = _Scope(kind, parent)
        self.scopes.append(scope)
        return scope

    def _load(self, name, scope):
        self.seq += 1
        scope.loads.append((name, self.seq))

    def _bind(self, name, scope, assigns=True):
        self.seq += 1
        scope.bound.add(name)
        scope.first_bind.setdefault(name, self.seq)
        if assigns:
            scope.stores.add(name)

    def _delete(self, name, scope):
        # `del x` needs x to exist: in a function it makes x local (so this load
        # resolves locally), at top level or under `global x` it reads the global.
        # In a class body DELETE_NAME only looks at the class namespace.
        if scope.kind != _CLASS:
            self._load(name, scope)
        self._bind(name, scope, assigns=False)

    # -- walk --------------------------------------------------------------

    def run(self, tree):
        stack = [("node", stmt, self.module) for stmt in reversed(tree.body)]
        handlers = self._handlers
        while stack:
            op, obj, scope = stack.pop()
            if op == "node":
                handler = handlers.get(type(obj))
                if handler is not None:
                    items = handler(obj, scope)
                else:
                    items = [("node", child, scope) for child in ast.iter_child_nodes(obj) if not isinstance(child, _INERT)]
                if items:
                    stack.extend(reversed(items))
            elif op == "store":
                self._bind(obj, scope)
            else:  # "load"
                self._load(obj, scope)

    @staticmethod
    def _nodes(nodes, scope):
        return [("node", node, scope) for node in nodes if node is not None]

    def _name(self, node, scope):
        ctx = type(node.ctx)
        if ctx is ast.Load:
            self._load(node.id, scope)
        elif ctx is ast.Store:
            self._bind(node.id, scope)
        else:
            self._delete(node.id, scope)
        return None

    def _all_args(self, args):
        result = list(args.posonlyargs) + list(args.args)
        if args.vararg is not None:
            result.append(args.vararg)
        result.extend(args.kwonlyargs)
        if args.kwarg is not None:
            result.append(args.kwarg)
        return result

    def _type_params(self, type_params, scope):
        items = [("store", param.name, scope) for param in type_params]
        for param in type_params:
            for lazy in (getattr(param, "bound", None), getattr(param, "default_value", None)):
                if lazy is not None:
                    items.append(("node", lazy, self._new_scope(_ANNOTATION, scope)))
        return items

    def _function(self, node, scope):
        args = node.args
        # Decorators and defaults are evaluated where the `def` statement runs.
        items = self._nodes(node.decorator_list, scope)
        items += self._nodes(args.defaults, scope)
        items += self._nodes(args.kw_defaults, scope)
        outer = scope
        if getattr(node, "type_params", None):
            outer = self._new_scope(_ANNOTATION, scope)
            items += self._type_params(node.type_params, outer)
        all_args = self._all_args(args)
        if not self.future_annotations:
            annotations = [arg.annotation for arg in all_args if arg.annotation is not None]
            if node.returns is not None:
                annotations.append(node.returns)
            if annotations:
                items += self._nodes(annotations, self._new_scope(_ANNOTATION, outer))
        body = self._new_scope(_FUNCTION, outer)
        items += [("store", arg.arg, body) for arg in all_args]
        items += self._nodes(node.body, body)
        items.append(("store", node.name, scope))
        return items

    def _lambda(self, node, scope):
        args = node.args
        items = self._nodes(args.defaults, scope) + self._nodes(args.kw_defaults, scope)
        body = self._new_scope(_FUNCTION, scope)
        items += [("store", arg.arg, body) for arg in self._all_args(args)]
        items.append(("node", node.body, body))
        return items

    def _class(self, node, scope):
        items = self._nodes(node.decorator_list, scope)
        outer = scope
        if getattr(node, "type_params", None):
            outer = self._new_scope(_ANNOTATION, scope)
            items += self._type_params(node.type_params, outer)
        items += self._nodes(node.bases, outer)
        items += self._nodes(node.keywords, outer)
        body = self._new_scope(_CLASS, outer)
        items += self._nodes(node.body, body)
        items.append(("store", node.name, scope))
        return items

    def _type_alias(self, node, scope):
        items = []
        outer = scope
        if getattr(node, "type_params", None):
            outer = self._new_scope(_ANNOTATION, scope)
            items += self._type_params(node.type_params, outer)
        items.append(("node", node.value, self._new_scope(_ANNOTATION, outer)))
        items.append(("store", node.name.id, scope))
        return items

    def _comprehension(self, node, scope):
        generators = node.generators
        # The outermost iterable is evaluated in the enclosing scope.
        items = [("node", generators[0].iter, scope)]
        inner = self._new_scope(_COMPREHENSION, scope)
        for index, generator in enumerate(generators):
            if index:
                items.append(("node", generator.iter, inner))
            items.append(("node", generator.target, inner))
            items += self._nodes(generator.ifs, inner)
        if isinstance(node, ast.DictComp):
            items += [("node", node.key, inner), ("node", node.value, inner)]
        else:
            items.append(("node", node.elt, inner))
        return items

    def _named_expr(self, node, scope):
        # PEP 572: a walrus inside a comprehension binds in the enclosing scope.
        target = scope
        while target.kind == _COMPREHENSION:
            target = target.parent
        return [("node", node.value, scope), ("store", node.target.id, target)]

    def _global(self, node, scope):
        scope.global_decls.update(node.names)
        return None

    def _nonlocal(self, node, scope):
        scope.nonlocal_decls.update(node.names)
        return None

    def _import(self, node, scope):
        # `import a.b.c` binds `a`; `import a.b as c` binds `c`.
        return [("store", alias.asname or alias.name.partition(".")[0], scope) for alias in node.names]

    def _import_from(self, node, scope):
        if node.module == "__future__" and not node.level:
            return None
        # `from m import *` binds names we cannot know statically.
        return [("store", alias.asname or alias.name, scope) for alias in node.names if alias.name != "*"]

    def _assign(self, node, scope):
        return [("node", node.value, scope)] + self._nodes(node.targets, scope)

    def _aug_assign(self, node, scope):
        target = node.target
        if isinstance(target, ast.Name):
            return [("load", target.id, scope), ("node", node.value, scope), ("store", target.id, scope)]
        return [("node", target, scope), ("node", node.value, scope)]

    def _ann_assign(self, node, scope):
        items = []
        if node.value is not None:
            items.append(("node", node.value, scope))
        # Annotations of function locals are never evaluated.
        if not self.future_annotations and scope.kind in (_MODULE, _CLASS):
            items.append(("node", node.annotation, self._new_scope(_ANNOTATION, scope)))
        target = node.target
        if isinstance(target, ast.Name):
            # `x: int` binds nothing at run time, but makes `x` local in a function
            # and is reported as a definition at top level; in a class body a later
            # read of `x` still falls through to the globals.
            if node.value is not None or (node.simple and scope.kind != _CLASS):
                items.append(("store", target.id, scope))
        else:
            items.append(("node", target, scope))
        return items

    def _for(self, node, scope):
        return [("node", node.iter, scope), ("node", node.target, scope)] + self._nodes(node.body, scope) + self._nodes(node.orelse, scope)

    def _except_handler(self, node, scope):
        items = self._nodes([node.type], scope)
        if node.name:
            items.append(("store", node.name, scope))
        return items + self._nodes(node.body, scope)

    def _match_as(self, node, scope):
        items = self._nodes([node.pattern], scope)
        if node.name:
            items.append(("store", node.name, scope))
        return items

    def _match_star(self, node, scope):
        return [("store", node.name, scope)] if node.name else None

    def _match_mapping(self, node, scope):
        items = self._nodes(node.keys, scope) + self._nodes(node.patterns, scope)
        if node.rest:
            items.append(("store", node.rest, scope))
        return items

    # -- resolution --------------------------------------------------------

    def _resolves_globally(self, name, scope, seq):
        kind = scope.kind
        if kind == _MODULE:
            return True
        if name in scope.global_decls:
            return True
        if name in scope.nonlocal_decls:
            return False
        if name in scope.bound:
            if kind == _CLASS:
                # A class body reads its names with LOAD_NAME: before the first
                # binding the lookup falls through to the globals.
                return seq < scope.first_bind[name]
            return False
        return self._enclosing_is_global(name, scope.parent, kind == _ANNOTATION)

    @staticmethod
    def _enclosing_is_global(name, scope, can_see_class):
        # Class bodies are invisible to nested scopes, except to the annotation
        # scopes (type params, lazy annotations, type alias values) directly in them.
        while scope is not None:
            kind = scope.kind
            if kind == _MODULE:
                return True
            if kind == _CLASS:
                if name == "__class__":
                    return False  # implicit closure cell of methods
                if can_see_class:
                    if name in scope.global_decls:
                        return True
                    if name in scope.bound or name in scope.nonlocal_decls:
                        return False
                can_see_class = False
            else:
                if name in scope.global_decls:
                    return True
                if name in scope.bound or name in scope.nonlocal_decls:
                    return False
                if kind != _ANNOTATION:
                    can_see_class = False
            scope = scope.parent
        return True

    def result(self):
        defines = set(self.module.stores)
        for scope in self.scopes:
            if scope is not self.module and scope.global_decls:
                defines |= scope.stores & scope.global_decls
        references = set()
        for scope in self.scopes:
            for name, seq in scope.loads:
                if name not in references and self._resolves_globally(name, scope, seq):
                    references.add(name)
        references -= defines
        references -= _NOT_REFERENCES
        return sorted(defines), sorted(references)


def has_future_annotations(tree):
    for stmt in tree.body:
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__" and not stmt.level:
            if any(alias.name == "annotations" for alias in stmt.names):
                return True
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str):
            continue  # docstring
        else:
            break
    return False
